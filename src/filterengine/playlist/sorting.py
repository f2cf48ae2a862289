"""Sort specs (``"publisheddate desc, id"``): parsing, and the sort key of a record.

A spec is one or more keys separated by commas, each ``field [asc|desc]``
(direction in any case, ascending by default). Field names go through the
schema, so index aliases work (``published_date desc``).

Values compare by the field's kind: numbers numerically, dates as instants, text
case-insensitively, other strings exactly; on keyword and unknown fields, integer
strings (platform ids) compare numerically with each other. A missing or
unreadable value comes last whatever the direction, and records that tie keep
their catalog order (every sort here is stable).

A total order is needed to sort, so a field that mixes kinds sorts by rank
first: on a keyword field numbers before other strings; on an unknown
("dynamic") field booleans, then numbers, then dates, then other strings.
A list field sorts by its first value.

>>> spec = parse_sort("published_date DESC, id")
>>> [(k.field.name, k.descending) for k in spec.keys]
[('published_date', True), ('id', False)]
>>> str(spec)
'published_date desc, id asc'
>>> clips = [{"id": "9"}, {"id": "10"}, {}, {"id": "100"}]
>>> [c.get("id") for c in sorted(clips, key=parse_sort("id desc").key)]
['100', '10', '9', None]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from ..errors import FilterEngineError, LimitExceededError
from ..ir import Field
from ..limits import DEFAULT_LIMITS, Limits, check_length
from ..runtime.dates import UTC, looks_like_date, to_instant
from ..runtime.display import show
from ..runtime.values import fold, get_value, integer_text_value, scalar_text, to_bool, to_number
from ..schema import PLATFORM_SCHEMA, Schema
from ..span import quoted

__all__ = ["SortKey", "SortSpec", "parse_sort", "DEFAULT_SORT"]

#: The order when neither the caller nor the cliplist names one.
DEFAULT_SORT = "id desc"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_INTEGER = re.compile(r"[+-]?\d+\Z")
_DIRECTIONS = {"asc": False, "desc": True}


@dataclass(frozen=True, slots=True)
class SortKey:
    """One key of a sort spec: the field (resolved through the schema) and its direction."""

    field: Field
    descending: bool = False

    def __str__(self) -> str:
        return f"{self.field.name} {'desc' if self.descending else 'asc'}"


class _Reversed:
    """Wraps a string so that it sorts in reverse (descending keys of text)."""

    __slots__ = ("value",)

    def __init__(self, value: str):
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


_MISSING = (1,)


@dataclass(frozen=True)
class SortSpec:
    """A parsed sort spec; :attr:`key` maps a record to a comparable value.

    Sorting records by ``spec.key`` (ascending, stable) gives the spec's order. The
    key function is built once per spec, specialised for each field's kind.
    """

    keys: tuple[SortKey, ...]
    key: Callable[[Any], Any] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _key_function(self.keys))

    def __str__(self) -> str:
        return ", ".join(map(str, self.keys))

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(k.field for k in self.keys)


def _key_function(keys: tuple[SortKey, ...]) -> Callable[[Any], Any]:
    parts = [_component_function(k.field, k.descending) for k in keys]
    if len(parts) == 1:
        return parts[0]  # a one-element tuple compares like its element
    if len(parts) == 2:
        first, second = parts
        return lambda record: (first(record), second(record))
    return lambda record: tuple([part(record) for part in parts])


def _reader(fld: Field) -> Callable[[Any], Any]:
    if len(fld.keys) == 1 and fld.path is None:
        name = fld.keys[0]
        return lambda record: record.get(name) if record.__class__ is dict else get_value(record, fld)
    return lambda record: get_value(record, fld)


def _component_function(fld: Field, descending: bool) -> Callable[[Any], tuple[Any, ...]]:
    """One key's part of the sort key: ``(0, rank, value)``, or ``(1,)`` when missing."""
    read = _reader(fld)
    rank = _ranker(fld)

    def component(record: Any) -> tuple[Any, ...]:
        value = read(record)
        if value is None:
            return _MISSING
        if value.__class__ is list or isinstance(value, (list, tuple)):
            value = next((v for v in value if v is not None), None)
            if value is None:
                return _MISSING
        ranked = rank(value)
        if ranked is None:
            return _MISSING
        if not descending:
            return (0, *ranked)
        order, comparable = ranked
        if comparable.__class__ is str:
            return (0, -order, _Reversed(comparable))
        if comparable.__class__ is Decimal:
            return (0, -order, comparable.copy_negate())  # exact: unary minus rounds to the context
        return (0, -order, -comparable)

    return component


def _ranker(fld: Field) -> Callable[[Any], tuple[int, Any] | None]:
    kind, ci = fld.kind, fld.case_insensitive
    if kind in ("number", "date", "boolean", "text"):
        return lambda value: _rank(value, fld)
    if kind == "keyword":
        return lambda value: _keyword(value, ci)
    return lambda value: _dynamic(value, ci)


def _rank(value: Any, field: Field) -> tuple[int, Any] | None:
    """``(rank, comparable)`` for a non-null scalar, or ``None`` when unreadable."""
    kind = field.kind
    if kind == "number":
        number = to_number(value)
        return None if number is None else (0, number)
    if kind == "date":
        return _date(value)
    if kind == "boolean":
        flag = to_bool(value)
        return None if flag is None else (0, int(flag))
    if kind == "text":
        text = scalar_text(value)
        return None if text is None else (0, fold(text))
    if kind == "keyword":
        return _keyword(value, field.case_insensitive)
    return _dynamic(value, field.case_insensitive)


def _date(value: Any) -> tuple[int, int] | None:
    instant = to_instant(value)
    if instant is None:
        return None
    try:
        return (0, (instant - _EPOCH) // _MICROSECOND)
    except (OverflowError, ValueError):  # pragma: no cover - aware datetimes always subtract
        return None


def _keyword(value: Any, case_insensitive: bool) -> tuple[int, Any] | None:
    if value.__class__ is str and value.isdigit() and value.isascii():
        return (0, integer_text_value(value))  # the common case: a platform id
    if isinstance(value, bool):
        return (1, scalar_text(value))
    if isinstance(value, (int, float)):
        number = to_number(value)
        return None if number is None else (0, number)
    if isinstance(value, str):
        if _INTEGER.match(value):
            return (0, integer_text_value(value))
        return (1, fold(value) if case_insensitive else value)
    return None


def _dynamic(value: Any, case_insensitive: bool) -> tuple[int, Any] | None:
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        number = to_number(value)
        return None if number is None else (1, number)
    if isinstance(value, datetime):
        date = _date(value)
        return None if date is None else (2, date[1])
    if isinstance(value, str):
        if _INTEGER.match(value):
            return (1, integer_text_value(value))
        date = _date(value) if looks_like_date(value) else None
        if date is not None:
            return (2, date[1])
        return (3, fold(value) if case_insensitive else value)
    return None




def parse_sort(spec: str | SortSpec | None, schema: Schema | None = None, limits: Limits = DEFAULT_LIMITS) -> SortSpec:
    """Parse ``"field [asc|desc], ..."``; ``None`` or blank gives :data:`DEFAULT_SORT`.

    Raises :class:`~filterengine.FilterEngineError` naming the offending key, and
    :class:`~filterengine.LimitExceededError` for a sort longer than
    ``limits.query_length`` characters or of more than ``limits.clauses`` keys.

    >>> parse_sort("title").keys[0].field.kind
    'text'
    >>> parse_sort("id downwards")
    Traceback (most recent call last):
    ...
    filterengine.errors.FilterEngineError: invalid sort 'id downwards': direction must be asc or desc, not 'downwards'
    """
    if isinstance(spec, SortSpec):
        return spec
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        spec = DEFAULT_SORT
    if not isinstance(spec, str):
        raise FilterEngineError(f"sort must be a string such as 'publisheddate desc', not {show(spec, 60)}")
    schema = schema or PLATFORM_SCHEMA
    check_length(spec, limits.query_length, "query_length", "sort too long")
    if spec.count(",") >= limits.clauses:
        raise LimitExceededError("clauses", limits.clauses, spec.count(",") + 1, "too many sort keys")
    keys: list[SortKey] = []
    for part in spec.split(","):
        words = part.split()
        if not words:
            raise FilterEngineError(f"invalid sort {quoted(spec)}: empty key (two commas, or a comma at an end)")
        if len(words) > 2:
            raise FilterEngineError(
                f"invalid sort {quoted(spec)}: {quoted(part.strip())} has {len(words)} words; expected 'field [asc|desc]'"
            )
        descending = False
        if len(words) == 2:
            direction = _DIRECTIONS.get(words[1].lower())
            if direction is None:
                raise FilterEngineError(f"invalid sort {quoted(spec)}: direction must be asc or desc, not {quoted(words[1])}")
            descending = direction
        keys.append(SortKey(schema.field(words[0]), descending))
    return SortSpec(tuple(keys))

