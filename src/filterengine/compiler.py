"""The entry points that turn user input into a :class:`~filterengine.predicate.Predicate`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import cache
from .cache import json_key
from .errors import FilterEngineError, FiltersetError, LimitExceededError, Problem
from .filterset.lower import Lowered, lower_filters
from .filterset.model import Cliplist, embedded_queries, is_filters_document
from .filterset.size import check_filters_size
from .ir import And, ContainsAll, Equals, Node
from .limits import DEFAULT_LIMITS, Limits
from .passes import optimize
from .predicate import Predicate, make_predicate
from .query import format_node, lower_query
from .runtime.clock import resolve_now
from .runtime.display import literal
from .schema import PLATFORM_SCHEMA, Schema
from .syntax.query import parse_query_syntax
from .walk import children

__all__ = ["compile_filters", "compile_query", "parse_query", "format_query", "lower", "resolve_schema"]


def resolve_schema(schema: Schema | Mapping[str, Any] | None) -> Schema:
    if schema is None:
        return PLATFORM_SCHEMA
    if isinstance(schema, Schema):
        return schema
    return Schema.from_dict(schema)  # a mapping; anything else is a SchemaError


def _limits(limits: Limits) -> Limits:
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a filterengine.Limits, not {type(limits).__name__}")
    return limits


def lower(filters: Any, schema: Schema | Mapping[str, Any] | None = None, limits: Limits = DEFAULT_LIMITS) -> Lowered:
    """Validate and lower ``filters``: the IR plus every problem (raises only :class:`LimitExceededError`)."""
    resolved = resolve_schema(schema)
    value, base = _filters_part(filters)
    return lower_filters(value, resolved, base, _limits(limits))


def _filters_part(filters: Any) -> tuple[Any, str]:
    """The ``filters`` value of a document in any accepted form, and its JSON pointer."""
    if isinstance(filters, Cliplist):
        return filters.filters, filters.filters_pointer
    if isinstance(filters, Mapping) and "filters" in filters and not _looks_like_filters_object(filters):
        return filters["filters"], "/filters"
    return filters, ""


def _looks_like_filters_object(obj: Mapping[str, Any]) -> bool:
    return is_filters_document(obj)  # the one rule every entry point reads playlists by


def compile_filters(
    filters: Any,
    now: Any = None,
    schema: Schema | Mapping[str, Any] | None = None,
    *,
    backend: str = "python",
    q: str | None = None,
    default_operator: str = "OR",
    limits: Limits = DEFAULT_LIMITS,
) -> Predicate:
    """Compile a cliplist's ``filters`` into a fast, thread-safe :class:`Predicate`.

    ``filters`` is any of the three documented shapes (a list of filtersets, an
    object keyed ``"0"``, ``"1"``, ..., a ``SearchRequest`` envelope), a whole
    cliplist dict, or a :class:`Cliplist`. Filtersets are ANDed; the filters in
    one filterset are ORed. ``now`` (an aware datetime or ISO 8601 string) fixes
    the clock for relative dates; ``None`` reads the clock at evaluation time.
    ``backend`` is ``"python"`` (compiled, the default) or ``"reference"``.
    ``q``, a query in the Solr syntax (see :func:`compile_query`), is ANDed with
    the filters, as is a ``q`` the document itself carries (a cliplist's ``q``, a
    ``SearchRequest``'s ``q``); ``default_operator`` applies to them.

    Raises :class:`FiltersetError` listing every problem, by JSON pointer, and
    :class:`QuerySyntaxError` for a bad ``q``; :class:`LimitExceededError`, before
    any other work, for input larger than ``limits`` allow (see :class:`Limits`).

    Compiled predicates are cached (see :mod:`filterengine.cache`): equal input
    (the same JSON, ``now``, schema, backend, limits and options) returns the same
    shared, thread-safe predicate, so a service compiling a playlist per request pays once.

    >>> import filterengine as fe
    >>> pred = fe.compile_filters(
    ...     [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["sport", "news"]}]},
    ...      {"filters": [{"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYS"}]}],
    ...     now="2024-05-10T00:00:00Z")
    >>> pred({"cat": ["news"], "publisheddate": "2024-05-08T09:00:00Z"})
    True
    >>> pred({"cat": ["news"], "publisheddate": "2024-04-01T09:00:00Z"})
    False
    >>> both = fe.compile_filters([{"filters": [{"field": "cat", "operator": "is", "value": "news"}]}],
    ...                           q="title:derby -status:draft")
    >>> both({"cat": ["news"], "title": "The derby"}), both({"cat": ["news"], "title": "Derby", "status": "draft"})
    (True, False)
    >>> fe.compile_filters([{"filters": [{"field": "cat", "operator": "containsAnyof", "value": "x"},
    ...                                  {"field": "cat", "operator": "containsAny", "value": "x"}]}])
    Traceback (most recent call last):
    ...
    filterengine.errors.FiltersetError: invalid filter:
      /0/filters/1/operator: unknown operator 'containsAny'; did you mean 'containsAnyOf'?
    """
    instant = resolve_now(now)
    limits = _limits(limits)

    def build() -> Predicate:
        node, warnings = playlist_node(filters, q, resolve_schema(schema), default_operator, limits)
        return make_predicate(optimize(node), instant, backend, warnings)

    # The cache key is the document's JSON text: made only once the sizes are known to be in bounds.
    check_filters_size(*_filters_part(filters), limits)
    text = json_key(filters.to_dict() if isinstance(filters, Cliplist) else filters)
    schema_part = cache.schema_key(schema)
    key = None
    if text is not None and (schema is None or schema_part is not None) and isinstance(q, (str, type(None))):
        key = ("filters", text, q, instant, schema_part, backend, default_operator, limits)
    return cache.cached(key, build)


def playlist_node(
    filters: Any, q: str | None, schema: Schema, default_operator: str, limits: Limits
) -> tuple[Node, tuple[Problem, ...]]:
    """The IR (not yet optimized) of ``filters`` ANDed with the ``q`` a document carries (the
    cliplist's, a SearchRequest's) and with ``q``, and the filters' warnings: what every backend
    compiles. Raises :class:`FiltersetError` for invalid filters."""
    lowered = lower(filters, schema, limits)
    if lowered.errors:
        raise FiltersetError(lowered.problems)
    node = lowered.node
    for pointer, embedded in embedded_queries(filters):
        try:
            node = And((node, parse_query(embedded, schema, default_operator, limits=limits)))
        except LimitExceededError as err:
            raise err.located(pointer=pointer) from None
    if q is not None:
        node = And((node, parse_query(q, schema, default_operator, limits=limits)))
    return node, tuple(lowered.warnings)


def _operator(default_operator: str) -> str:
    op = default_operator.upper() if isinstance(default_operator, str) else default_operator
    if op not in ("OR", "AND"):
        raise FilterEngineError(f"default_operator must be 'OR' or 'AND', not {literal(default_operator, 60)}")
    return str(op)


def parse_query(
    q: str,
    schema: Schema | Mapping[str, Any] | None = None,
    default_operator: str = "OR",
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Node:
    """Parse a query in Solr's standard syntax into the IR (for tools; boosts kept).

    Raises :class:`QuerySyntaxError` with the position of the problem, and
    :class:`LimitExceededError` for a query larger than ``limits`` allow.

    >>> import filterengine as fe
    >>> fe.parse_query("status:published -usetype:commercial")  # doctest: +ELLIPSIS
    And(children=(Equals(field=Field(name='status', ...), values=('published',)), Not(child=Equals(...
    >>> fe.parse_query("title:(goal OR")
    Traceback (most recent call last):
    ...
    filterengine.errors.QuerySyntaxError: query syntax error: unexpected end of input at line 1, column 15; expected ...
      title:(goal OR
                    ^
    """
    operator = _operator(default_operator)
    limits = _limits(limits)
    return lower_query(parse_query_syntax(q, limits), q, resolve_schema(schema), operator, limits)


def format_query(
    node: Node, schema: Schema | Mapping[str, Any] | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> str:
    """Canonical query text for ``node``: ``parse_query(format_query(n)) == n``.

    Explicit ``AND``/``OR``/``NOT`` and parentheses (so the text means the same
    under either default operator), escapes where needed, boosts kept. Raises
    :class:`FilterEngineError` for IR that no query expresses exactly (such as a
    filterset's ``contains``), and :class:`LimitExceededError`, before formatting
    any of it, for IR with more than ``limits.clauses`` clauses (each value of a
    set test counts one) or nested deeper than any query within ``limits`` gives
    (``3 * limits.depth + 3`` levels: a group in parentheses can give three, a
    boost, an And and an Or).

    >>> import filterengine as fe
    >>> fe.format_query(fe.parse_query('+title:"Harbour at Dawn"~2^3 goal* -status:draft'))
    'title:"harbour at dawn"~2^3 AND NOT status:draft'
    >>> fe.format_query(fe.parse_query("goal views:[10 TO *}"))
    'goal OR views:[10 TO *]'
    """
    resolved = resolve_schema(schema)
    limits = _limits(limits)
    _check_ir_size(node, limits)
    relower = lambda text: lower_query(parse_query_syntax(text, limits), text, resolved, "OR", limits)  # noqa: E731
    return format_node(node, relower, len(resolved.default_fields))


def _check_ir_size(node: Node, limits: Limits) -> None:
    """Raise when ``node`` nests deeper than a query within ``limits`` can, or holds more than ``limits.clauses`` clauses."""
    clauses = 0
    deepest = 3 * limits.depth + 3
    stack: list[tuple[Node, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > deepest:
            raise LimitExceededError("depth", deepest, depth, f"IR nested too deep for queries of depth {limits.depth}",
                                     "levels")
        kids = children(current)
        if kids:
            stack.extend((kid, depth + 1) for kid in kids)
        else:
            clauses += len(current.values) if isinstance(current, (Equals, ContainsAll)) and current.values else 1
    if clauses > limits.clauses:
        raise LimitExceededError("clauses", limits.clauses, clauses, "too many clauses")


def compile_query(
    q: str,
    now: Any = None,
    schema: Schema | Mapping[str, Any] | None = None,
    default_operator: str = "OR",
    *,
    backend: str = "python",
    limits: Limits = DEFAULT_LIMITS,
) -> Predicate:
    """Compile a query in Solr's standard syntax into a fast, thread-safe :class:`Predicate`.

    ``default_operator`` (``"OR"`` or ``"AND"``, Solr's ``q.op``) joins plain
    juxtaposed clauses; ``now``, ``backend`` and ``limits`` are as for
    :func:`compile_filters`. Raises :class:`QuerySyntaxError` with the position of
    the problem, :class:`LimitExceededError` for a query over ``limits``.

    >>> import filterengine as fe
    >>> pred = fe.compile_query('title:"harbour at dawn" AND publisheddate:[NOW-7DAYS TO NOW]',
    ...                         now="2024-05-10T00:00:00Z")
    >>> pred({"title": "Harbour at dawn, 5am", "publisheddate": "2024-05-09T05:00:00Z"})
    True
    >>> fe.compile_query("roam~1 -cat:ads")({"title": "Foam party", "cat": ["music"]})
    True
    """
    instant = resolve_now(now)
    limits = _limits(limits)
    schema_part = cache.schema_key(schema)
    key = None
    if isinstance(q, str) and len(q) <= limits.query_length and (schema is None or schema_part is not None):
        key = ("query", q, instant, schema_part, backend, default_operator, limits)
    return cache.cached(
        key, lambda: make_predicate(optimize(parse_query(q, schema, default_operator, limits=limits)), instant, backend)
    )
