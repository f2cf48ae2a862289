"""The entry points that turn user input into a :class:`~filterengine.predicate.Predicate`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import cache
from .cache import json_key
from .errors import FilterEngineError, FiltersetError
from .filterset.lower import Lowered, lower_filters
from .filterset.model import Cliplist, embedded_queries, is_filters_document
from .ir import And, Node
from .passes import optimize
from .predicate import Predicate, make_predicate
from .query import format_node, lower_query
from .runtime.clock import resolve_now
from .runtime.display import literal
from .schema import PLATFORM_SCHEMA, Schema
from .syntax.query import parse_query_syntax

__all__ = ["compile_filters", "compile_query", "parse_query", "format_query", "lower", "resolve_schema"]


def resolve_schema(schema: Schema | Mapping[str, Any] | None) -> Schema:
    if schema is None:
        return PLATFORM_SCHEMA
    if isinstance(schema, Schema):
        return schema
    return Schema.from_dict(schema)  # a mapping; anything else is a SchemaError


def lower(filters: Any, schema: Schema | Mapping[str, Any] | None = None) -> Lowered:
    """Validate and lower ``filters`` without raising: the IR plus every problem."""
    resolved = resolve_schema(schema)
    if isinstance(filters, Cliplist):
        return lower_filters(filters.filters, resolved, filters.filters_pointer)
    if isinstance(filters, Mapping) and "filters" in filters and not _looks_like_filters_object(filters):
        return lower_filters(filters["filters"], resolved, "/filters")
    return lower_filters(filters, resolved, "")


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
    :class:`QuerySyntaxError` for a bad ``q``.

    Compiled predicates are cached (see :mod:`filterengine.cache`): equal input
    (the same JSON, ``now``, schema, backend and options) returns the same shared,
    thread-safe predicate, so a service compiling a playlist per request pays once.

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

    def build() -> Predicate:
        resolved = resolve_schema(schema)
        lowered = lower(filters, resolved)
        if lowered.errors:
            raise FiltersetError(lowered.problems)
        node = lowered.node
        # A q the document carries (the cliplist's, a SearchRequest's) applies as a q passed in does.
        for _, embedded in embedded_queries(filters):
            node = And((node, parse_query(embedded, resolved, default_operator)))
        if q is not None:
            node = And((node, parse_query(q, resolved, default_operator)))
        return make_predicate(optimize(node), instant, backend, lowered.warnings)

    text = json_key(filters.to_dict() if isinstance(filters, Cliplist) else filters)
    schema_part = cache.schema_key(schema)
    key = None
    if text is not None and (schema is None or schema_part is not None) and isinstance(q, (str, type(None))):
        key = ("filters", text, q, instant, schema_part, backend, default_operator)
    return cache.cached(key, build)


def _operator(default_operator: str) -> str:
    op = default_operator.upper() if isinstance(default_operator, str) else default_operator
    if op not in ("OR", "AND"):
        raise FilterEngineError(f"default_operator must be 'OR' or 'AND', not {literal(default_operator, 60)}")
    return str(op)


def parse_query(
    q: str,
    schema: Schema | Mapping[str, Any] | None = None,
    default_operator: str = "OR",
) -> Node:
    """Parse a query in Solr's standard syntax into the IR (for tools; boosts kept).

    Raises :class:`QuerySyntaxError` with the position of the problem.

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
    return lower_query(parse_query_syntax(q), q, resolve_schema(schema), operator)


def format_query(node: Node, schema: Schema | Mapping[str, Any] | None = None) -> str:
    """Canonical query text for ``node``: ``parse_query(format_query(n)) == n``.

    Explicit ``AND``/``OR``/``NOT`` and parentheses (so the text means the same
    under either default operator), escapes where needed, boosts kept. Raises
    :class:`FilterEngineError` for IR that no query expresses exactly (such as a
    filterset's ``contains``).

    >>> import filterengine as fe
    >>> fe.format_query(fe.parse_query('+title:"Harbour at Dawn"~2^3 goal* -status:draft'))
    'title:"harbour at dawn"~2^3 AND NOT status:draft'
    >>> fe.format_query(fe.parse_query("goal views:[10 TO *}"))
    'goal OR views:[10 TO *]'
    """
    resolved = resolve_schema(schema)
    relower = lambda text: lower_query(parse_query_syntax(text), text, resolved, "OR")  # noqa: E731
    return format_node(node, relower, len(resolved.default_fields))


def compile_query(
    q: str,
    now: Any = None,
    schema: Schema | Mapping[str, Any] | None = None,
    default_operator: str = "OR",
    *,
    backend: str = "python",
) -> Predicate:
    """Compile a query in Solr's standard syntax into a fast, thread-safe :class:`Predicate`.

    ``default_operator`` (``"OR"`` or ``"AND"``, Solr's ``q.op``) joins plain
    juxtaposed clauses; ``now`` and ``backend`` are as for :func:`compile_filters`.
    Raises :class:`QuerySyntaxError` with the position of the problem.

    >>> import filterengine as fe
    >>> pred = fe.compile_query('title:"harbour at dawn" AND publisheddate:[NOW-7DAYS TO NOW]',
    ...                         now="2024-05-10T00:00:00Z")
    >>> pred({"title": "Harbour at dawn, 5am", "publisheddate": "2024-05-09T05:00:00Z"})
    True
    >>> fe.compile_query("roam~1 -cat:ads")({"title": "Foam party", "cat": ["music"]})
    True
    """
    instant = resolve_now(now)
    schema_part = cache.schema_key(schema)
    key = None
    if isinstance(q, str) and (schema is None or schema_part is not None):
        key = ("query", q, instant, schema_part, backend, default_operator)
    return cache.cached(key, lambda: make_predicate(optimize(parse_query(q, schema, default_operator)), instant, backend))
