"""``filterengine check``: every problem of a playlist document, errors and warnings.

Errors are what stops a playlist from compiling (the same problems every entry
point raises). Warnings are what the platform would read differently or what is
ignored: keys of no meaning here, fields and sort fields the schema does not know
(with a did-you-mean), a list type that had to be inferred, the parts of a static
list that do not apply. No key of a playlist is ignored without a warning.

>>> doc = {"title": "News", "tilte": "x", "sort": "publishdate desc",
...        "filters": [{"filters": [{"field": "catt", "operator": "containsAnyOf", "value": ["news"]}]}]}
>>> for problem in check_playlist(doc):
...     print(problem.code, problem)
unknown_key /tilte: key 'tilte' means nothing in a cliplist and is ignored; did you mean 'title'?
inferred_listtype /listtype: no listtype: read as a dynamic list (it has filters)
unknown_field /filters/0/filters/0/field: field 'catt' is not in the schema; did you mean 'cat'? (matched by the record's own values)
unknown_sort_field /sort: sort field 'publishdate' is not in the schema; did you mean 'publisheddate'?
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from ..compiler import lower, parse_query, resolve_schema
from ..errors import FilterEngineError, FiltersetError, LimitExceededError, Problem, QuerySyntaxError
from ..filterset.lower import iter_filtersets
from ..filterset.model import Cliplist, embedded_queries
from ..ir import Node
from ..limits import DEFAULT_LIMITS, Limits
from ..schema import Schema
from ..span import quoted
from ..walk import field_of, walk
from .sorting import parse_sort

__all__ = ["check_playlist"]

_CLIPLIST_KEYS = [f.name for f in dataclass_fields(Cliplist) if not f.name.startswith("_") and f.name != "extra"]


def _did_you_mean(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    return f"; did you mean {quoted(close[0])}?" if close else ""


def _over(err: LimitExceededError, pointer: str | None = None) -> Problem:
    """A limit error as a problem of the document (code ``limit_exceeded``)."""
    return Problem(err.pointer or pointer or "", str(err), code=err.code, error=err)


def check_playlist(
    doc: Mapping[str, Any], schema: Schema | Mapping[str, Any] | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Every problem of a playlist document (a cliplist or a ``filters`` document), in document order.

    A part of the document over ``limits`` is one problem (code ``limit_exceeded``)
    and is not read further: a document nested too deep, the filters when there
    are too many, a ``q`` too long.
    """
    resolved = resolve_schema(schema)
    problems: list[Problem] = []
    try:
        cl = Cliplist.from_dict(doc, limits=limits)
    except LimitExceededError as err:
        return [_over(err)]
    except FiltersetError as err:
        problems.extend(err.problems)
        cl = Cliplist.from_dict({k: v for k, v in doc.items() if not any(p.path == f"/{k}" for p in err.problems)},
                                limits=limits)
    for key in cl.extra:
        problems.append(Problem(f"/{key}", f"key {quoted(key)} means nothing in a cliplist and is ignored"
                                + _did_you_mean(str(key), _CLIPLIST_KEYS), "warning", code="unknown_key"))
    if cl.listtype_inferred and "listtype" not in doc:
        why = "it holds items and no filters" if cl.is_static else "it has filters" if cl.filters is not None else "it has no items"
        problems.append(Problem("/listtype", f"no listtype: read as a {'static' if cl.is_static else 'dynamic'} list ({why})",
                                "warning", code="inferred_listtype"))
    if cl.is_static:
        for key in ("filters", "q", "sort"):
            if getattr(cl, key) is not None:
                problems.append(Problem(f"/{key}", f"{key} of a static list is ignored (its stored items are the list)",
                                        "warning", code="ignored_key"))
    elif cl.items is not None:
        problems.append(Problem("/items", "items of a dynamic list are ignored (its filters select the clips)",
                                "warning", code="ignored_key"))
    try:
        problems.extend(lower(cl, resolved, limits).problems)
        filters_read = True
    except LimitExceededError as err:
        problems.append(_over(err, cl.filters_pointer))
        filters_read = False
    for pointer, text in embedded_queries(cl):
        try:
            node = parse_query(text, resolved, limits=limits)
        except QuerySyntaxError as err:
            problems.append(Problem(pointer, str(err), code="query_syntax", error=err))
            continue
        except LimitExceededError as err:
            problems.append(_over(err.located(pointer=pointer)))
            continue
        problems.extend(_unknown_query_fields(pointer, node, resolved))
    if filters_read:
        problems.extend(_unknown_fields(cl, resolved))
    problems.extend(_sort_problems(cl, resolved, limits))
    return problems


def _unknown_fields(cl: Cliplist, schema: Schema) -> list[Problem]:
    found: list[Problem] = []
    names = schema.names()
    for path, filterset in iter_filtersets(cl.filters, cl.filters_pointer, []):
        items = filterset.get("filters") if isinstance(filterset, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else ()):
            name = item.get("field") if isinstance(item, dict) else None
            if isinstance(name, str) and name.strip() and not schema.knows(name):
                found.append(Problem(f"{path}/filters/{i}/field", f"field {quoted(name)} is not in the schema"
                                     + _did_you_mean(name, names) + " (matched by the record's own values)",
                                     "warning", code="unknown_field"))
    return found


def _unknown_query_fields(pointer: str, node: Node, schema: Schema) -> list[Problem]:
    """A warning per field a ``q`` names that the schema does not know (each name once)."""
    names = schema.names()
    seen: dict[str, None] = {}
    for part in walk(node):
        fld = field_of(part)
        if fld is not None and not schema.knows(fld.name):
            seen.setdefault(fld.name)
    return [Problem(pointer, f"q field {quoted(name)} is not in the schema" + _did_you_mean(name, names)
                    + " (matched by the record's own values)", "warning", code="unknown_field") for name in seen]


def _sort_problems(cl: Cliplist, schema: Schema, limits: Limits) -> list[Problem]:
    sort = cl.effective_sort
    if not isinstance(sort, str) or not sort.strip():
        return []
    where = "/sort" if cl.sort else f"{cl.filters_pointer}/sort"
    try:
        spec = parse_sort(sort, schema, limits)
    except LimitExceededError as err:
        return [_over(err.located(pointer=where))]
    except FilterEngineError as err:
        return [Problem(where, str(err))]
    return [
        Problem(where, f"sort field {quoted(key.field.name)} is not in the schema" + _did_you_mean(key.field.name, schema.names()),
                "warning", code="unknown_sort_field")
        for key in spec.keys if not schema.knows(key.field.name)
    ]
