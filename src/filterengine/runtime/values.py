"""What a record value means to each comparison: the coercion rules, in one place.

Two layers: pairwise rules (``scalar_equals``, ``scalar_text``, ``record_number``)
that the reference backend applies literally, and their precompiled forms
(:class:`EqualitySet`, :class:`NeedleSet`) that the fast backend builds once at
compile time. Nothing here raises on record data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Iterable

from ..ir import Field, Scalar

__all__ = [
    "get_value",
    "values_of",
    "is_empty",
    "scalar_text",
    "as_bool",
    "as_number",
    "record_number",
    "scalar_equals",
    "EqualitySet",
    "NeedleSet",
]

_NUMERIC = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*\Z")
_NUMERIC_MATCH = _NUMERIC.match


def get_value(record: Any, field: Field) -> Any:
    """The value of ``field`` in ``record``: its keys in order, then its dotted path.

    A key holding ``None`` counts as absent, so an alias falls through to the
    canonical name. Anything that is not a mapping has no fields.
    """
    if not isinstance(record, Mapping):
        return None
    for key in field.keys:
        value = record.get(key)
        if value is not None:
            return value
    if field.path is not None:
        return get_path(record, field.path)
    return None


def get_path(record: Any, path: tuple[str, ...]) -> Any:
    current = record
    for part in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
        if current is None:
            return None
    return current


def values_of(value: Any) -> list[Any]:
    """The values of a field: a list's elements, a scalar alone, nothing for null."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None]
    return [value]


def is_empty(value: Any) -> bool:
    """Missing, null, ``""`` and ``[]`` are empty; everything else is not."""
    return value is None or (isinstance(value, (str, list, tuple)) and len(value) == 0)


def scalar_text(value: Any) -> str | None:
    """The string form of a JSON scalar: ``true``/``false``, numbers as JSON writes them.

    Integral floats lose their ``.0`` (JSON does not tell ``1.0`` from ``1``).

    >>> [scalar_text(v) for v in ("a", True, 7, 7.0, 2.5, None)]
    ['a', 'true', '7', '7', '2.5', None]
    """
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(float(value))
    return None


def as_bool(value: Any) -> bool | None:
    """A filter value read as a boolean: JSON booleans and ``"true"``/``"false"`` in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
    return None


def as_number(value: Any) -> int | float | None:
    """A filter value read as a number: JSON numbers and numeric strings; not booleans."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, str) and _NUMERIC.match(value):
        number = float(value)
        if number.is_integer() and abs(number) < 2**53:
            return int(number)
        stripped = value.strip()
        if math.isfinite(number) and stripped.lstrip("+-").isdigit():
            return int(stripped)  # a long integer (an id) stays exact, as record_number reads it
        return number
    return None


def record_number(value: Any) -> int | float | None:
    """A record value read as a number (numeric strings count; booleans do not).

    >>> record_number("1e3"), record_number(" 42 "), record_number("1_000"), record_number("nan"), record_number(True)
    (1000.0, 42.0, None, None, None)
    """
    cls = value.__class__
    if cls is int:
        return int(value)
    if cls is str:
        # float() is the fast gate; it also takes "nan", "inf" and "1_000", which
        # are not numbers here, so those are refused after it.
        try:
            number = float(value)
        except ValueError:
            return None
        if number - number != 0 or "_" in value:
            return None
        if abs(number) >= 2**53 and _NUMERIC_MATCH(value) is not None:
            stripped = value.strip()
            if stripped.lstrip("+-").isdigit():
                return int(stripped)
        return number
    return as_number(value)


def scalar_equals(record_value: Any, filter_value: Scalar, case_insensitive: bool = False) -> bool:
    """The equality rule, by the record value's type.

    >>> scalar_equals(True, "TRUE"), scalar_equals(1.0, "1"), scalar_equals("1", 1), scalar_equals(1, True)
    (True, True, True, False)
    """
    if isinstance(record_value, bool):
        wanted = as_bool(filter_value)
        return wanted is not None and record_value == wanted
    if isinstance(record_value, (int, float)):
        number = as_number(filter_value)
        return number is not None and record_value == number
    if isinstance(record_value, str):
        text = scalar_text(filter_value)
        if text is None:
            return False
        if case_insensitive:
            return record_value.lower() == text.lower()
        return record_value == text
    return False


class EqualitySet:
    """The members of a filter value, precomputed for each record value type.

    ``strings`` holds string forms (lower-cased for a case-insensitive field),
    ``numbers`` numeric forms, ``booleans`` boolean forms.
    """

    __slots__ = ("strings", "numbers", "booleans", "case_insensitive")

    def __init__(self, values: Iterable[Scalar], case_insensitive: bool = False):
        values = list(values)
        texts = (scalar_text(v) for v in values)
        self.case_insensitive = case_insensitive
        self.strings = frozenset(
            (t.lower() if case_insensitive else t) for t in texts if t is not None
        )
        self.numbers = frozenset(n for n in map(as_number, values) if n is not None)
        self.booleans = frozenset(b for b in map(as_bool, values) if b is not None)

    def match_scalar(self, value: Any) -> bool:
        cls = value.__class__
        if cls is str:
            return (value.lower() if self.case_insensitive else value) in self.strings
        if cls is bool:
            return value in self.booleans
        if cls is int or cls is float:
            return value in self.numbers
        if isinstance(value, str):
            return self.match_scalar(str(value))
        if isinstance(value, bool):
            return bool(value) in self.booleans
        if isinstance(value, (int, float)):
            return value in self.numbers
        return False

    def match(self, value: Any) -> bool:
        """Some value of the field (a list's elements, or the scalar) is a member."""
        if isinstance(value, (list, tuple)):
            match = self.match_scalar
            for element in value:
                if match(element):
                    return True
            return False
        return self.match_scalar(value)

    def match_all(self, value: Any, members: "tuple[EqualitySet, ...]") -> bool:
        """Every member set (one per filter value) matches some value of the field."""
        return all(m.match(value) for m in members)


class NeedleSet:
    """Substring needles (string forms, lower-cased for a case-insensitive field)."""

    __slots__ = ("needles", "case_insensitive")

    def __init__(self, values: Iterable[Scalar], case_insensitive: bool = False):
        texts = [t for t in map(scalar_text, values) if t is not None]
        self.case_insensitive = case_insensitive
        self.needles = tuple(t.lower() for t in texts) if case_insensitive else tuple(texts)

    def match_scalar(self, value: Any) -> bool:
        text = value if value.__class__ is str else scalar_text(value)
        if text is None:
            return False
        if self.case_insensitive:
            text = text.lower()
        for needle in self.needles:
            if needle in text:
                return True
        return False

    def match(self, value: Any) -> bool:
        if isinstance(value, (list, tuple)):
            return any(self.match_scalar(v) for v in value if not isinstance(v, (list, tuple, dict)))
        if isinstance(value, dict):
            return False
        return self.match_scalar(value)
