"""``fe.explain``: why one clip is or is not in a playlist, filter by filter.

Each filter is lowered on its own (keeping its JSON pointer) and evaluated by the
reference backend, next to the record value it read; for ``q`` the top-level
clauses are evaluated and the ones that decided the outcome are marked. The
report reads as text (``str(report)``) and is data (``report.to_dict()``).

>>> import filterengine as fe
>>> sport = {"title": "Sport", "listtype": "dynamic", "filters": [
...     {"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["sport"]}]},
...     {"filters": [{"field": "tags", "operator": "doesNotContainAnyOf", "value": ["betting"]}]}]}
>>> report = fe.explain(sport, {"id": "7", "cat": ["sport"], "tags": ["betting odds"]})
>>> report.matched
False
>>> print(report)
clip 7: NOT IN "Sport" (dynamic list; every filterset must match)
  /filters/0  match
    /filters/0/filters/0  match     cat containsAnyOf ["sport"]  (saw ["sport"])
  /filters/1  NO MATCH
    /filters/1/filters/0  no match  tags doesNotContainAnyOf ["betting"]  (saw ["betting odds"])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from ..backends.reference import evaluate_node
from ..compiler import format_query, lower, parse_query, resolve_schema
from ..errors import FilterEngineError, FiltersetError, Problem
from ..filterset.lower import iter_filtersets, lower_filter
from ..filterset.model import Cliplist, embedded_queries
from ..ir import And, Boost, Field, Node, Or
from ..limits import DEFAULT_LIMITS, Limits, check_json_depth
from ..passes import optimize, strip_boosts
from ..runtime.clock import resolve_now, utcnow
from ..runtime.display import plain, show
from ..runtime.values import get_key, get_value
from ..schema import Schema
from ..walk import field_of, is_node, walk
from .preview import as_cliplist, id_key

__all__ = ["explain", "Explanation", "FiltersetCheck", "FilterCheck", "QueryCheck", "ClauseCheck", "fields_of"]


@dataclass(frozen=True)
class FilterCheck:
    """One filter: where it is, what it asks, what the record held, and the outcome.

    ``matched`` is ``None`` for a filter that is ignored (``note`` says why).
    """

    path: str
    field: Any
    operator: Any
    value: Any
    seen: Any
    matched: bool | None
    note: str = ""


@dataclass(frozen=True)
class FiltersetCheck:
    """One filterset (its filters are ORed); ``matched`` is ``None`` when it is ignored."""

    path: str
    matched: bool | None
    filters: tuple[FilterCheck, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ClauseCheck:
    """A top-level clause of ``q``; ``decided`` marks the clauses that settled the outcome.

    ``seen`` holds the record value of every field the clause reads, by field name.
    """

    text: str
    matched: bool
    decided: bool
    seen: dict[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class QueryCheck:
    """The ``q`` argument: its outcome, how its clauses combine, and each clause."""

    q: str
    matched: bool
    combine: str
    clauses: tuple[ClauseCheck, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Why a clip is or is not in a playlist; ``str()`` for people, ``to_dict()`` for tools.

    Dynamic lists fill ``filtersets``; static lists fill ``position`` (the clip's
    0-based place among the stored items, ``None`` when absent). ``query`` is set
    when a ``q`` was given.
    """

    clip_id: Any
    title: str | None
    listtype: str
    matched: bool
    filtersets: tuple[FiltersetCheck, ...] = ()
    position: int | None = None
    stored_items: int = 0
    query: QueryCheck | None = None
    now: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (record values as :func:`~filterengine.runtime.display.plain`
        shows them: whatever the clip holds, this never raises and always encodes)."""
        data: dict[str, Any] = _data(self)
        return data

    def __str__(self) -> str:
        return "\n".join(_render(self))


_REPORTS = (FilterCheck, FiltersetCheck, ClauseCheck, QueryCheck)


def _data(report: Any) -> Any:
    """A report (and the reports it holds) as plain data, field by field; anything else
    (a record value, a filter value) as :func:`~filterengine.runtime.display.plain` shows it."""
    if isinstance(report, (*_REPORTS, Explanation)):
        return {f.name: _data(getattr(report, f.name)) for f in fields(report)}
    if isinstance(report, tuple) and report and all(isinstance(item, _REPORTS) for item in report):
        return [_data(item) for item in report]
    return plain(report)


def _outcome(matched: bool | None, width: int = 0) -> str:
    word = "ignored" if matched is None else ("match" if matched else "no match")
    return word.ljust(width)


def _id(clip_id: Any) -> str:
    """A clip id as the report's first line names it: a string as it is, anything else as JSON."""
    return clip_id if isinstance(clip_id, str) else show(clip_id, 80)


def _render(report: Explanation) -> list[str]:
    title = f' "{report.title}"' if report.title else ""
    verdict = "IN" if report.matched else "NOT IN"
    if report.listtype == "static":
        lines = [f"clip {_id(report.clip_id)}: {verdict}{title} (static list; its filters and sort do not apply)"]
        if report.position is None:
            lines.append(f"  not among the {report.stored_items} stored items")
        else:
            lines.append(f"  stored item {report.position + 1} of {report.stored_items}")
    else:
        lines = [f"clip {_id(report.clip_id)}: {verdict}{title} (dynamic list; every filterset must match)"]
        if not report.filtersets:
            lines.append("  no filtersets: every clip matches")
        for fs in report.filtersets:
            head = f"  {fs.path}  {'match' if fs.matched else 'ignored' if fs.matched is None else 'NO MATCH'}"
            lines.append(head + (f"  ({fs.note})" if fs.note else ""))
            for f in fs.filters:
                text = f"{_id(f.field)} {_id(f.operator)} {show(f.value)}"
                line = f"    {f.path}  {_outcome(f.matched, 8)}  {text}"
                line += f"  ({f.note})" if f.note else f"  (saw {show(f.seen)})"
                lines.append(line)
    if report.query is not None:
        query = report.query
        lines.append(f"  q {show(query.q)}  {'match' if query.matched else 'NO MATCH'}  ({query.combine})")
        for clause in query.clauses:
            mark = "decided " if clause.decided else "        "
            saw = ", ".join(f"{name}={show(value, 40)}" for name, value in clause.seen.items())
            lines.append(f"    {mark}{_outcome(clause.matched, 8)}  {clause.text}  (saw {saw or 'nothing'})")
    return lines


def _check_filterset(
    filterset: Any, path: str, record: Any, now: datetime, schema: Schema, limits: Limits
) -> FiltersetCheck:
    if not isinstance(filterset, Mapping) or not isinstance(filterset.get("filters"), list):
        return FiltersetCheck(path, None, (), "no filters")
    checks: list[FilterCheck] = []
    for i, item in enumerate(filterset["filters"]):
        fpath = f"{path}/filters/{i}"
        problems: list[Problem] = []
        node = lower_filter(item, fpath, schema, problems, limits)
        name = item.get("field") if isinstance(item, Mapping) else None
        seen = get_value(record, schema.field(name)) if isinstance(name, str) and name.strip() else None
        operator = item.get("operator") if isinstance(item, Mapping) else None
        value = item.get("value") if isinstance(item, Mapping) else None
        if node is None:
            note = "; ".join(p.message for p in problems) or "ignored"
            checks.append(FilterCheck(fpath, name, operator, value, seen, None, note))
        else:
            # Optimized (a list of ranges is one range, as the predicate evaluates it): the same answer.
            checks.append(FilterCheck(fpath, name, operator, value, seen, evaluate_node(optimize(node), record, now)))
    outcomes = [c.matched for c in checks if c.matched is not None]
    if not outcomes:
        return FiltersetCheck(path, None, tuple(checks), "every filter is ignored")
    return FiltersetCheck(path, any(outcomes), tuple(checks))


def _check_query(texts: list[str], record: Any, now: datetime, schema: Schema, limits: Limits) -> QueryCheck:
    """The queries ``texts``, ANDed, checked clause by clause. Each is parsed on its own, as
    ``compile_filters`` and ``preview`` parse them: joined into one text, a query at the nesting
    limit would be wrapped one level past it."""
    nodes = [parse_query(text, schema, limits=limits) for text in texts]
    node = nodes[0] if len(nodes) == 1 else And(tuple(nodes))
    q = texts[0] if len(texts) == 1 else " AND ".join(f"({t})" for t in texts)
    top = node
    while isinstance(top, Boost):  # boosts never change matching
        top = top.child
    matched = evaluate_node(strip_boosts(top), record, now)
    clauses = clause_nodes(top)
    if clauses == (top,):
        clauses, combine = (node,), "one clause"  # keep its boost in the text
    else:
        combine = "all must match" if isinstance(top, And) else "one must match"
    results = []
    for clause in clauses:
        outcome = evaluate_node(strip_boosts(clause), record, now)
        # The clauses that settle an AND are its failures (all of them when it holds);
        # those that settle an OR are its successes (all of them when it fails).
        if isinstance(top, Or):
            decided = outcome if matched else True
        else:
            decided = (not outcome) if not matched else True
        seen = {f.name: get_value(record, f) for f in fields_of(clause)}
        results.append(ClauseCheck(_query_text(clause, schema), outcome, decided, seen))
    return QueryCheck(q, matched, combine, tuple(results))


def _query_text(node: Node, schema: Schema) -> str:
    try:
        return format_query(node, schema)
    except FilterEngineError:  # pragma: no cover - every clause of a parsed query formats
        return repr(node)


def explain(
    cliplist: Cliplist | Mapping[str, Any],
    clip: Mapping[str, Any],
    now: Any = None,
    q: str | None = None,
    schema: Schema | Mapping[str, Any] | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Explanation:
    """Why ``clip`` is or is not returned by ``cliplist`` (with ``q``, when given).

    Evaluates with the reference backend. Raises :class:`FilterEngineError` for a
    bad cliplist or query, and :class:`~filterengine.LimitExceededError` for one
    over ``limits`` or a clip nested deeper than ``limits.record_depth`` (the
    report holds the clip's values); never for other clip data.
    """
    resolved = resolve_schema(schema)
    cl = as_cliplist(cliplist, limits)
    check_json_depth(clip, limits.record_depth, "record_depth", "clip")
    instant = resolve_now(now) or utcnow()
    clip_id = get_key(clip, "id")
    if not cl.is_static:  # the playlist's own problems come before the query's
        lowered = lower(cl, resolved, limits)
        if lowered.errors:
            raise FiltersetError(lowered.problems)
    texts = [q] if q is not None else []
    if not cl.is_static:  # the playlist's own q (a cliplist's, a SearchRequest's) applies with the one passed in
        texts = [text for _, text in embedded_queries(cl)] + texts
    query = _check_query(texts, clip, instant, resolved, limits) if texts else None
    if cl.is_static:
        stored = list(cl.items or ())
        wanted = id_key(clip_id) if clip_id is not None else None
        position = next(
            (i for i, item in enumerate(stored) if wanted is not None and id_key(get_key(item, "id")) == wanted),
            None,
        )
        matched = position is not None and (query is None or query.matched)
        return Explanation(clip_id, cl.title, "static", matched, position=position, stored_items=len(stored),
                           query=query, now=instant.isoformat())
    problems: list[Problem] = []
    checks = tuple(
        _check_filterset(fs, path, clip, instant, resolved, limits)
        for path, fs in iter_filtersets(cl.filters, cl.filters_pointer, problems)
    )
    matched = all(c.matched is not False for c in checks) and (query is None or query.matched)
    return Explanation(clip_id, cl.title, "dynamic", matched, filtersets=checks, query=query, now=instant.isoformat())


def clause_nodes(node: Node) -> tuple[Node, ...]:
    """The top-level clauses of a query's IR: an And's or Or's children, else itself."""
    if isinstance(node, (And, Or)) and node.children:
        return node.children
    return (node,)


def fields_of(node: Any) -> list[Field]:
    """Every field ``node`` reads, once each whichever alias named it, in order of appearance.

    ``node`` is an IR node, a :class:`Field`, or a tuple or list of them (nested).

    >>> import filterengine as fe
    >>> [f.name for f in fields_of(fe.parse_query("title:goal AND (views:[1 TO 5] OR title_cistr:x)"))]
    ['title', 'views']
    """
    found: dict[Any, Field] = {}
    _walk(node, found)
    return list(found.values())


def _walk(item: Any, found: dict[Any, Field]) -> None:
    if isinstance(item, Field):
        found.setdefault((item.keys[-1], item.path), item)
    elif isinstance(item, (tuple, list)):
        for child in item:
            _walk(child, found)
    elif is_node(item):
        for node in walk(item):
            if (f := field_of(node)) is not None:
                _walk(f, found)
