"""The entry points that turn user input into a :class:`~filterengine.predicate.Predicate`."""

from __future__ import annotations

from typing import Any, Mapping

from .clock import resolve_now
from .errors import FiltersetError
from .filterset.lower import Lowered, lower_filters
from .filterset.model import Cliplist
from .passes import optimize
from .predicate import Predicate
from .schema import PLATFORM_SCHEMA, Schema

__all__ = ["compile_filters", "lower", "resolve_schema"]


def resolve_schema(schema: Schema | Mapping[str, Any] | None) -> Schema:
    if schema is None:
        return PLATFORM_SCHEMA
    if isinstance(schema, Schema):
        return schema
    if isinstance(schema, Mapping):
        return Schema.from_dict(schema)
    raise TypeError(f"schema must be a filterengine.Schema, a mapping or None, not {type(schema).__name__}")


def lower(filters: Any, schema: Schema | Mapping[str, Any] | None = None) -> Lowered:
    """Validate and lower ``filters`` without raising: the IR plus every problem."""
    resolved = resolve_schema(schema)
    if isinstance(filters, Cliplist):
        return lower_filters(filters.filters, resolved, "/filters")
    if isinstance(filters, Mapping) and "filters" in filters and not _looks_like_filters_object(filters):
        return lower_filters(filters["filters"], resolved, "/filters")
    return lower_filters(filters, resolved, "")


def _looks_like_filters_object(obj: Mapping[str, Any]) -> bool:
    return obj.get("type") == "SearchRequest" or any(isinstance(k, str) and k.isdigit() for k in obj)


def compile_filters(
    filters: Any,
    now: Any = None,
    schema: Schema | Mapping[str, Any] | None = None,
    *,
    backend: str = "python",
) -> Predicate:
    """Compile a cliplist's ``filters`` into a fast, thread-safe :class:`Predicate`.

    ``filters`` is any of the three documented shapes (a list of filtersets, an
    object keyed ``"0"``, ``"1"``, ..., a ``SearchRequest`` envelope), a whole
    cliplist dict, or a :class:`Cliplist`. Filtersets are ANDed; the filters in
    one filterset are ORed. ``now`` (an aware datetime or ISO 8601 string) fixes
    the clock for relative dates; ``None`` reads the clock at evaluation time.
    ``backend`` is ``"python"`` (compiled, the default) or ``"reference"``.

    Raises :class:`FiltersetError` listing every problem, by JSON pointer.

    >>> import filterengine as fe
    >>> pred = fe.compile_filters(
    ...     [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["sport", "news"]}]},
    ...      {"filters": [{"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYS"}]}],
    ...     now="2024-05-10T00:00:00Z")
    >>> pred({"cat": ["news"], "publisheddate": "2024-05-08T09:00:00Z"})
    True
    >>> pred({"cat": ["news"], "publisheddate": "2024-04-01T09:00:00Z"})
    False
    >>> fe.compile_filters([{"filters": [{"field": "cat", "operator": "containsAnyof", "value": "x"},
    ...                                  {"field": "cat", "operator": "containsAny", "value": "x"}]}])
    Traceback (most recent call last):
    ...
    filterengine.errors.FiltersetError: invalid filter:
      /0/filters/1/operator: unknown operator 'containsAny'; did you mean 'containsAnyOf'?
    """
    lowered = lower(filters, schema)
    if lowered.errors:
        raise FiltersetError(lowered.problems)
    return Predicate(optimize(lowered.node), resolve_now(now), backend, lowered.warnings)
