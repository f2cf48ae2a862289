"""A clip record as one row of the table layout: its values normalised by its field's kind with the runtime rules.

A date string becomes an instant, ``"true"`` a boolean, a numeric string a
number; a value its column cannot hold (an unreadable date, a list in a field of
one value, an object) becomes NULL and is counted, never raised. Keys the schema
does not know go, as they are, into the ``_extra`` JSON object.

>>> from filterengine.schema import PLATFORM_SCHEMA
>>> row, bad = normalise({"id": 7, "views": "12", "publisheddate": "Sat, 25 Jul 2026 15:36:05 +0100",
...                       "title": "Late GOAL", "cat": "news", "slug": "x"}, Layout.of(PLATFORM_SCHEMA))
>>> row["id"], row["views"], row["publisheddate"].isoformat(), row["title__terms"], row["cat"], row["_extra"], bad
('7', 12, '2026-07-25T14:36:05+00:00', ['late', 'goal'], ['news'], {'slug': 'x'}, {})
"""


from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..runtime.dates import UTC, parse_iso, to_instant  # noqa: F401  (doctest)
from ..runtime.text import split_words as _words
from ..runtime.text import text_candidates
from ..runtime.values import fold, get_path, is_nan, scalar_text, to_bool, to_number
from .columns import DATE_WIDTH, EXTRA, EXTRA_DATES, Column, Layout

__all__ = ["normalise", "instants", "instant_text", "iso_instant"]

_UNREADABLE = object()
_nfc = unicodedata.normalize


@dataclass(frozen=True, slots=True)
class _Field:
    """What loading one schema field takes, worked out once per layout."""

    column: Column
    aliases: tuple[str, ...]
    path: tuple[str, ...] | None
    fold: str | None
    terms: str | None
    dates: str | None
    #: The fast path for the commonest raw values (see :func:`_fast`): "text", "keyword", "number", "boolean"
    #: for a scalar column, "list" for a multivalued one; None for a field of no kind.
    fast: str | None


def _plan(layout: Layout) -> tuple[tuple[_Field, ...], frozenset[str]]:
    """The fields to load and their names, kept on the layout (hashing a layout per record would cost more)."""
    found: tuple[tuple[_Field, ...], frozenset[str]] | None = layout.__dict__.get("_load_plan")
    if found is None:
        found = _make_plan(layout)
        object.__setattr__(layout, "_load_plan", found)
    return found


def _make_plan(layout: Layout) -> tuple[tuple[_Field, ...], frozenset[str]]:
    aliases: dict[str, list[str]] = {}
    for alias, target in layout.schema.aliases.items():
        aliases.setdefault(target, []).append(alias)
    fields = []
    for column in layout.columns:
        if column.role != "value":
            continue
        name = column.field
        fold_col, terms_col, dates_col = layout.fold(name), layout.terms(name), layout.dates(name)
        fast = "list" if column.multivalued else column.kind if column.kind != "dynamic" else None
        fields.append(_Field(column, tuple(aliases.get(name, ())), tuple(name.split(".")) if "." in name else None,
                             _name(fold_col), _name(terms_col), _name(dates_col), fast))
    return tuple(fields), frozenset(f.column.field for f in fields)


def _name(column: Column | None) -> str | None:
    return None if column is None else column.name


def normalise(record: Any, layout: Layout) -> tuple[dict[str, Any], dict[str, int]]:
    """The column values of one record, and the count of unreadable values by field."""
    out: dict[str, Any] = {}
    bad: dict[str, int] = {}
    if not isinstance(record, Mapping):
        bad["(record)"] = 1
        return out, bad
    fields, known = _plan(layout)
    get = record.get
    for f in fields:
        column = f.column
        name = column.field
        raw = get(name)
        if raw is None and (f.aliases or f.path):
            raw = _raw(record, f.aliases, f.path)
        if raw is None:
            continue  # every column of the field stays NULL
        if f.fast is not None and _fast(raw, f, out):
            continue
        if not _general(raw, f, out):
            bad[name] = bad.get(name, 0) + 1
    extra: dict[str, Any] = {}
    dates: dict[str, Any] = {}
    for key, raw in record.items():
        if key in known or not isinstance(key, str):
            continue
        value = _json(raw)
        if value is _UNREADABLE:
            bad[key] = bad.get(key, 0) + 1
            value = None
        extra[key] = value
        found = instants(value)
        if found is not None:
            dates[key] = found
    if extra:
        out[EXTRA] = extra
    if dates:
        out[EXTRA_DATES] = dates
    return out, bad


def _general(raw: Any, f: _Field, out: dict[str, Any]) -> bool:
    """The columns of one field's raw value (not None), written into ``out``; False when unreadable."""
    column = f.column
    value = _value(raw, column)
    if value is _UNREADABLE:
        return False
    out[column.field] = value
    if value is None:
        return True
    if f.dates is not None:
        out[f.dates] = instants(value)
    if f.fold is not None:
        out[f.fold] = [None if v is None else fold(v) for v in value] if isinstance(value, list) else fold(value)
    if f.terms is not None:
        texts = value if isinstance(value, list) else [value]
        out[f.terms] = text_candidates([t for t in texts if t is not None], column.kind == "text", column.case_insensitive)
    return True


def _fast(raw: Any, f: _Field, out: dict[str, Any]) -> bool:
    """The columns of the commonest raw values (a ``str``, an ``int``, a ``bool``, a list of ``str``),
    written into ``out`` as the general path (:func:`_value` and the companions) would; False for others.

    The same answers, with fewer steps: a ``str`` is its own string form, an ``int`` its own number,
    and a text field's words are those of its folded form, computed once for ``__fold`` and ``__terms``.
    """
    cls = raw.__class__
    kind = f.fast
    column = f.column
    if cls is str:
        if kind == "keyword" or kind == "text":
            out[column.field] = raw
            folded = fold(raw) if column.case_insensitive else raw  # a text field is always case-insensitive
            if f.fold is not None:
                out[f.fold] = folded
            if f.terms is not None:
                if kind == "text":
                    out[f.terms] = _words(folded)
                else:
                    out[f.terms] = [folded if column.case_insensitive else (raw if raw.isascii() else _nfc("NFC", raw))]
            return True
        return False
    if cls is list:
        if kind != "list" or not all(v.__class__ is str for v in raw):
            return False
        out[column.field] = list(raw)
        folded_list = [fold(v) for v in raw] if column.case_insensitive else None
        if f.fold is not None:
            out[f.fold] = folded_list
        if f.terms is not None:
            if column.kind == "text":
                out[f.terms] = [w for t in raw for w in _words(fold(t))]
            elif folded_list is not None:
                out[f.terms] = list(folded_list)
            else:
                out[f.terms] = [v if v.isascii() else _nfc("NFC", v) for v in raw]
        return True
    if cls is int:
        if kind == "number":
            out[column.field] = raw
            return True
        return False
    if cls is bool:
        if kind == "boolean":
            out[column.field] = raw
            return True
        return False
    return False


def instant_text(value: Any) -> str | None:
    """The instant a value denotes (runtime.dates.to_instant) as fixed-width ISO 8601 UTC text, or None.

    Text order is time order: ``0001-01-01T00:00:00.000000Z`` ... ``9999-12-31T23:59:59.999999Z``.

    >>> instant_text("Sat, 25 Jul 2026 15:36:05 +0100"), instant_text("soon")
    ('02026-07-25T14:36:05.000000Z', None)
    """
    if value.__class__ is str and len(value) <= 40:
        return _string_instant_text(value)
    return _instant_text(value)


def _instant_text(value: Any) -> str | None:
    instant = to_instant(value)
    if instant is None:
        return None
    return iso_instant(instant, DATE_WIDTH)


#: Short strings recur in JSON fields ("true", "draft", "2026-01-01"): their instants are remembered.
_string_instant_text = lru_cache(maxsize=8192)(_instant_text)


def instants(value: Any) -> Any:
    """The instants of a JSON value, in its shape (a list for a list); None when none is a date."""
    if isinstance(value, list):
        found = [None if isinstance(v, (list, dict)) else instant_text(v) for v in value]
        return found if any(f is not None for f in found) else None
    if value is None or isinstance(value, dict):
        return None
    return instant_text(value)


def _raw(record: Mapping[str, Any], aliases: Iterable[str], path: tuple[str, ...] | None) -> Any:
    """A field's value when its own key holds none: an alias's, else its dotted path's."""
    for alias in aliases:
        value = record.get(alias)
        if value is not None:
            return value
    return get_path(record, path) if path is not None else None


def _map(value: Any, fn: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [None if v is None else fn(v) for v in value]
    return fn(value)


def _value(raw: Any, column: Column) -> Any:
    """``raw`` read as the column's kind; ``_UNREADABLE`` when it cannot be."""
    if raw is None or is_nan(raw):
        return None
    if column.kind == "dynamic":
        return _json(raw)
    if column.multivalued:
        if isinstance(raw, (list, tuple)):
            # An unreadable element (an object, a nested list) matches nothing either way: NULL.
            elements = [None if v is None or is_nan(v) else _scalar(v, column.kind) for v in raw]
            return [None if v is _UNREADABLE else v for v in elements]
        if raw == "":
            return []
        one = _scalar(raw, column.kind)
        return one if one is _UNREADABLE else [one]
    if isinstance(raw, (list, tuple)):
        return _UNREADABLE  # a list in a field of one value
    return _scalar(raw, column.kind)


def _scalar(raw: Any, kind: str) -> Any:
    if kind in ("text", "keyword"):
        text = scalar_text(raw)
        return _UNREADABLE if text is None else text
    if kind == "number":
        number = to_number(raw)
        return _UNREADABLE if number is None else number
    if kind == "date":
        instant = to_instant(raw)
        try:  # a column keeps instants of years 1-9999 in UTC
            return _UNREADABLE if instant is None else instant.astimezone(UTC)
        except (OverflowError, ValueError):
            return _UNREADABLE
    if kind == "boolean":
        flag = to_bool(raw)
        return _UNREADABLE if flag is None else flag
    return _UNREADABLE


def _json(raw: Any) -> Any:
    """``raw`` as JSON data (numbers finite, Decimals as numbers), or ``_UNREADABLE``."""
    if raw is None or isinstance(raw, (str, bool)):
        return raw
    if isinstance(raw, int):
        return int(raw)
    if isinstance(raw, float):
        return raw if math.isfinite(raw) else (None if raw != raw else _UNREADABLE)
    if isinstance(raw, Decimal):
        number = to_number(raw)
        return None if raw.is_nan() else (_UNREADABLE if number is None else number)
    if isinstance(raw, (list, tuple)):
        items = [_json(v) for v in raw]
        return _UNREADABLE if any(v is _UNREADABLE for v in items) else items
    if isinstance(raw, Mapping):
        members = {k: _json(v) for k, v in raw.items() if isinstance(k, str)}
        if len(members) != len(raw) or any(v is _UNREADABLE for v in members.values()):
            return _UNREADABLE
        return members
    return _UNREADABLE


def iso_instant(value: datetime, width: int = 4) -> str:
    """An instant as fixed-width ISO 8601 UTC text, whose text order is time order (SQLite's dates, JSON's ``__dates``).

    An offset can put the instant just outside years 1-9999 (``0001-01-01T00:00+23:59``):
    ``width=5`` writes such years too.

    >>> iso_instant(datetime(5, 1, 2, tzinfo=UTC)), iso_instant(parse_iso("0001-01-01T00:00:00+01:00"), 5)
    ('0005-01-02T00:00:00.000000Z', '00000-12-31T23:00:00.000000Z')
    """
    try:
        t, year = value.astimezone(UTC), None
    except (OverflowError, ValueError):
        shift = 2000 if value.year < 5000 else -8000  # same calendar (neither year is a leap year)
        t = value.replace(year=value.year + shift).astimezone(UTC)
        year = t.year - shift
    return (f"{t.year if year is None else year:0{width}d}-{t.month:02d}-{t.day:02d}"
            f"T{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}Z")
