"""What a value means: reading records, and the rules for numbers, booleans, text, case and "empty".

Every backend, sorting, formatting and the loaders import these rules; none
restates them. Two layers: the rules themselves (``to_number``, ``to_bool``,
``scalar_text``, ``fold``, ``scalar_equals``, ``is_empty``, ``within``) that the
reference backend applies literally, and their precompiled forms
(:class:`EqualitySet`, :class:`AllOfSet`, :class:`NeedleSet`) that compiled code
builds once. Equality is also stated as keys (``equality_key``, ``wanted_keys``),
so that a list is compared with many values in time linear in both.
Nothing here raises on record data.

Records are mappings: anything that is not a :class:`~collections.abc.Mapping`
has no fields, and no method of a record is called except through the mapping
protocol (``get``). A ``dict`` (subclasses included) is read with ``dict.get``, as
the compiled backend reads it, so a subclass's own ``get`` is never called.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..ir import Field, Scalar
from .dates import to_instant

__all__ = [
    "EMPTY_RECORD",
    "as_record",
    "record_view",
    "get_value",
    "get_key",
    "get_path",
    "values_of",
    "is_empty",
    "fold",
    "FOLD_METHOD",
    "scalar_text",
    "to_bool",
    "to_number",
    "to_string",
    "integer_text_value",
    "reader",
    "within",
    "scalar_equals",
    "has_substring",
    "equality_key",
    "wanted_keys",
    "EqualitySet",
    "AllOfSet",
    "NeedleSet",
]

#: The fields of anything that is not a mapping: none.
EMPTY_RECORD: Mapping[str, Any] = {}

#: A numeric string: what ``float()`` reads, but for ``nan``, ``inf`` and ``_`` digit groups. Around
#: it, whitespace as ``float()`` strips it: ``\s`` but the separators U+001C..U+001F, which
#: ``str.isspace`` counts and ``float()`` refuses. Possessive quantifiers: nothing that follows a run
#: can start with what the run takes, so giving characters back never helps, and a long string that
#: is not a number fails in linear time (``\d+\.?\d*`` split a run of digits every possible way:
#: 2 s for 5,000 digits).
_NUMERIC = re.compile(r"[^\S\x1c-\x1f]*+[+-]?(?:\d++(?:\.\d*+)?|\.\d++)(?:[eE][+-]?\d++)?[^\S\x1c-\x1f]*+\Z")
_NUMERIC_MATCH = _NUMERIC.match
#: The numeric-string rule in its ASCII form, for engines without Python's ``\s`` and ``\d`` (SQL, Polars):
#: ``[+-]?(digits)(exponent)?`` between ASCII white space. Strings with other digits or white space read as
#: numbers in Python only (docs/backends.md lists that edge).
NUMERIC_RE = r"[ \t\n\r\f\v]*[+-]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\f\v]*"
#: The same number without its surrounding white space (what a cast reads).
NUMERIC_CORE_RE = r"[+-]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][+-]?[0-9]+)?"
#: Integers beyond this lose precision as floats; such integer strings stay exact ints.
_EXACT = 2**53
#: Longer integer strings read as floats (Python refuses to convert more than 4,300 digits).
_MAX_EXACT_DIGITS = 4000


def as_record(record: Any) -> Mapping[str, Any]:
    """``record`` when it is a mapping, else a mapping with no fields.

    >>> as_record({"a": 1}), as_record(["a"]), as_record(None)
    ({'a': 1}, {}, {})
    """
    return record if isinstance(record, Mapping) else EMPTY_RECORD


def _getter(record: Any) -> Callable[[Any], Any] | None:
    """How a record's keys are read: ``dict.get`` for any dict, the mapping's ``get``, or ``None`` (no fields)."""
    if isinstance(record, dict):
        return lambda key: dict.get(record, key)
    if isinstance(record, Mapping):
        return record.get
    return None


def record_view(record: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """The ``keys`` of a record as a plain dict: read through the mapping protocol, none for non-mappings.

    >>> from types import MappingProxyType
    >>> record_view(MappingProxyType({"a": 1, "b": 2}), ("a", "c")), record_view(object(), ("a",))
    ({'a': 1, 'c': None}, {})
    """
    get = _getter(record)
    if get is None:
        return {}
    return {key: get(key) for key in keys}


def get_value(record: Any, field: Field) -> Any:
    """The value of ``field`` in ``record``: its keys in order, then its dotted path.

    A key holding ``None`` counts as absent, so an alias falls through to the
    canonical name. Anything that is not a mapping has no fields.
    """
    if record.__class__ is dict:
        for key in field.keys:
            value = record.get(key)
            if value is not None:
                return value
    else:
        get = _getter(record)
        if get is None:
            return None
        for key in field.keys:
            value = get(key)
            if value is not None:
                return value
    if field.path is not None:
        return get_path(record, field.path)
    return None


def get_key(record: Any, key: str) -> Any:
    """One top-level key of a record (``None`` when absent, or when the record is not a mapping).

    >>> get_key({"id": "7"}, "id"), get_key(["id"], "id")
    ('7', None)
    """
    get = _getter(record)
    return None if get is None else get(key)


def get_path(record: Any, path: tuple[str, ...]) -> Any:
    """The value at a dotted path (``meta.league``), through nested mappings only."""
    current = record
    for part in path:
        get = _getter(current)
        if get is None:
            return None
        current = get(part)
        if current is None:
            return None
    return current


def is_nan(value: Any) -> bool:
    """A NaN (float or ``Decimal``), as database drivers and data frames write a missing number: not a value.

    >>> is_nan(float("nan")), is_nan(Decimal("NaN")), is_nan(1.5), is_nan("nan")
    (True, True, False, False)
    """
    if isinstance(value, float):
        return value != value
    return isinstance(value, Decimal) and value.is_nan()


def values_of(value: Any) -> list[Any]:
    """The values of a field: a list's (or tuple's) elements, a scalar alone; never null or NaN."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and not is_nan(v)]
    return [] if is_nan(value) else [value]


def is_empty(value: Any) -> bool:
    """Missing, null, NaN, ``""`` and ``[]`` (or ``()``) are empty; everything else is not.

    >>> [is_empty(v) for v in (None, "", [], (), float("nan"), " ", 0, False, [None])]
    [True, True, True, True, True, False, False, False, False]
    """
    return value is None or (isinstance(value, (str, list, tuple)) and len(value) == 0) or is_nan(value)


#: The case rule on ASCII text, as the name of the ``str`` method applying it (generated code
#: calls it inline on ASCII strings, and :func:`fold` on the others).
FOLD_METHOD = "lower"

_normalize = unicodedata.normalize


def fold(text: str) -> str:
    """The case rule: ignoring case means comparing both sides in Unicode NFC, lower-cased
    (as Java's ``toLowerCase``). ASCII text is already in NFC, so it is only lower-cased.

    >>> fold("Harbour DAWN"), fold("STRASSE") == getattr("STRASSE", FOLD_METHOD)()
    ('harbour dawn', True)
    >>> fold("CAFE\u0301") == fold("Café") == "caf\u00e9"
    True
    """
    if text.isascii():
        return text.lower()
    return _normalize("NFC", text).lower()


def scalar_text(value: Any) -> str | None:
    """The string form of a JSON scalar: ``true``/``false``, numbers as JSON writes them.

    Integral floats lose their ``.0`` (JSON does not tell ``1.0`` from ``1``).

    A NaN or an infinity has none (it is not a number a record can hold: JSON has
    neither), nor has an integer of more digits than Python writes (4,300); a
    ``Decimal`` reads as the number it is.

    >>> [scalar_text(v) for v in ("a", True, 7, 7.0, 2.5, None, float("nan"), float("inf"), Decimal("2.50"))]
    ['a', 'true', '7', '7', '2.5', None, None, None, '2.5']
    """
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(int(value))
        except ValueError:  # more digits than Python converts: not a string form we can give
            return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, Decimal):
        number = to_number(value)
        return None if number is None else scalar_text(number)
    return None


def to_bool(value: Any) -> bool | None:
    """A value read as a boolean: JSON booleans and ``"true"``/``"false"`` in any case.

    >>> to_bool(" TRUE "), to_bool(False), to_bool("yes"), to_bool(1)
    (True, False, None, None)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = fold(value.strip())
        if lowered == "true":
            return True
        if lowered == "false":
            return False
    return None


def to_number(value: Any) -> int | float | None:
    """A value read as a number: finite JSON numbers and numeric strings; not booleans, not NaN or infinities.

    A numeric string is a number when its value is finite as a double; integral ones
    then read as ints, exactly. Python ints of any size are numbers.

    >>> to_number("1e3"), to_number(" 42 "), to_number("1_000"), to_number("nan"), to_number("1e999"), to_number(True)
    (1000, 42, None, None, None, None)
    >>> to_number(float("nan")), to_number(float("-inf")), to_number("12345678901234567890")
    (None, None, 12345678901234567890)

    A ``Decimal`` (from a database driver) is a number: an int when integral, else a float.

    >>> to_number(Decimal("1500.00")), to_number(Decimal("2.5")), to_number(Decimal("NaN"))
    (1500, 2.5, None)
    """
    cls = value.__class__
    if cls is int:
        return value  # type: ignore[no-any-return]
    if cls is float:
        return value if value - value == 0.0 else None  # inf - inf and NaN - NaN are NaN
    if cls is str:
        if _NUMERIC_MATCH(value) is None:
            return None
        number = float(value)
        if not math.isfinite(number):
            return None
        if number.is_integer() and abs(number) < _EXACT:
            return int(number)
        stripped = value.strip()
        if stripped.lstrip("+-").isdigit() and len(stripped) <= _MAX_EXACT_DIGITS:
            return int(stripped)
        return number
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return to_number(float(value))
    if isinstance(value, str):
        return to_number(str(value))
    if isinstance(value, Decimal):
        return _decimal_number(value)
    return None


def _decimal_number(value: Decimal) -> int | float | None:
    if not value.is_finite():
        return None
    if value == value.to_integral_value():
        try:
            return int(value)
        except (ValueError, OverflowError):  # pragma: no cover - finite decimals always convert
            return None
    number = float(value)
    return number if math.isfinite(number) else None


def integer_text_value(text: str) -> int | Decimal:
    """The exact value of an integer string (``[+-]?\\d+``) for comparing: an ``int``, or a
    ``Decimal`` (which compares exactly with ints and floats) when it has more digits
    than Python converts to an int (4,300).

    >>> integer_text_value("-0042"), integer_text_value("9" * 5000) > 10 ** 4999
    (-42, True)
    """
    if len(text) <= _MAX_EXACT_DIGITS:
        return int(text)
    return Decimal(text)


def to_string(value: Any) -> str | None:
    """A value read as a string, for string ranges: strings only (no string forms of numbers)."""
    return value if isinstance(value, str) else None


def reader(kind: str) -> Callable[[Any], Any]:
    """How a :class:`~filterengine.ir.Range` of ``kind`` reads a record value (``None``: unreadable)."""
    if kind == "number":
        return to_number
    if kind == "date":
        return to_instant
    return to_string


def within(x: Any, low: Any, low_inclusive: bool, high: Any, high_inclusive: bool) -> bool:
    """The bound rule: ``x`` lies between ``low`` and ``high`` (``None``: open end).

    >>> within(5, 1, True, 5, True), within(5, 1, True, 5, False), within(0, None, True, None, True)
    (True, False, True)
    """
    if low is not None and (x < low or (not low_inclusive and x == low)):
        return False
    if high is not None and (x > high or (not high_inclusive and x == high)):
        return False
    return True


def scalar_equals(record_value: Any, filter_value: Scalar, case_insensitive: bool = False) -> bool:
    """The equality rule, by the record value's type (see :func:`equality_key`).

    A boolean equals a filter value read as a boolean, a number one read as a
    number, a string one's string form (both folded on a case-insensitive field).

    >>> scalar_equals(True, "TRUE"), scalar_equals(1.0, "1"), scalar_equals("1", 1), scalar_equals(1, True)
    (True, True, True, False)
    """
    return equality_key(record_value, case_insensitive) in wanted_keys(filter_value, case_insensitive)


def equality_key(record_value: Any, case_insensitive: bool = False) -> tuple[str, Any] | None:
    """What :func:`scalar_equals` compares a record value by: equal keys, equal values.

    ``scalar_equals(v, w, ci)`` is exactly ``equality_key(v, ci) in wanted_keys(w, ci)``.

    >>> equality_key(True), equality_key(2.0), equality_key("A", True), equality_key(float("nan"))
    (('bool', True), ('number', 2.0), ('string', 'a'), None)
    """
    if isinstance(record_value, bool):
        return ("bool", bool(record_value))
    if isinstance(record_value, (int, float, Decimal)):
        number = to_number(record_value)
        return None if number is None else ("number", number)
    if isinstance(record_value, str):
        return ("string", fold(record_value) if case_insensitive else str(record_value))
    return None


def wanted_keys(filter_value: Scalar, case_insensitive: bool = False) -> frozenset[tuple[str, Any]]:
    """The keys of the record values that equal ``filter_value`` (see :func:`equality_key`).

    >>> sorted(wanted_keys("1"), key=repr)
    [('number', 1), ('string', '1')]
    """
    keys: set[tuple[str, Any]] = set()
    flag = to_bool(filter_value)
    if flag is not None:
        keys.add(("bool", flag))
    number = to_number(filter_value)
    if number is not None:
        keys.add(("number", number))
    text = scalar_text(filter_value)
    if text is not None:
        keys.add(("string", fold(text) if case_insensitive else text))
    return frozenset(keys)


def has_substring(record_value: Any, needle: Scalar, case_insensitive: bool = False) -> bool:
    """The substring rule: the string forms, folded on a case-insensitive field."""
    text, want = scalar_text(record_value), scalar_text(needle)
    if text is None or want is None:
        return False
    if case_insensitive:
        return fold(want) in fold(text)
    return want in text


class EqualitySet:
    """The members of a filter value, precomputed for each record value type.

    ``strings`` holds string forms (folded for a case-insensitive field),
    ``numbers`` numeric forms, ``booleans`` boolean forms.
    """

    __slots__ = ("strings", "numbers", "booleans", "case_insensitive")

    def __init__(self, values: Iterable[Scalar], case_insensitive: bool = False):
        # The members' keys (the equality rule, :func:`wanted_keys`), split by kind.
        keys = frozenset().union(*(wanted_keys(v, case_insensitive) for v in values))
        self.case_insensitive = case_insensitive
        self.strings = frozenset(k for kind, k in keys if kind == "string")
        self.numbers = frozenset(k for kind, k in keys if kind == "number")
        self.booleans = frozenset(k for kind, k in keys if kind == "bool")

    @property
    def strings_only(self) -> bool:
        """Only string record values can equal a member (no numeric or boolean forms)."""
        return not self.numbers and not self.booleans

    def match_scalar(self, value: Any) -> bool:
        cls = value.__class__
        if cls is str:
            return (fold(value) if self.case_insensitive else value) in self.strings
        if cls is bool:
            return value in self.booleans
        if cls is int or cls is float:
            return value in self.numbers
        if isinstance(value, str):
            return self.match_scalar(str(value))
        if isinstance(value, bool):
            return bool(value) in self.booleans
        if isinstance(value, (int, float, Decimal)):
            return to_number(value) in self.numbers
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


class AllOfSet:
    """Every member of a filter value equals some value of the field (``containsAllOf``), precomputed.

    The field's values are read into a set of keys once, and each distinct member
    looks its keys up: ``O(values + members)`` per record.
    """

    __slots__ = ("members", "case_insensitive")

    def __init__(self, values: Iterable[Scalar], case_insensitive: bool = False):
        self.case_insensitive = case_insensitive
        self.members = tuple({wanted_keys(v, case_insensitive): None for v in values})

    def match(self, value: Any) -> bool:
        ci = self.case_insensitive
        present = {equality_key(v, ci) for v in values_of(value)}
        return all(not keys.isdisjoint(present) for keys in self.members)


class NeedleSet:
    """Substring needles (string forms, folded for a case-insensitive field)."""

    __slots__ = ("needles", "case_insensitive")

    def __init__(self, values: Iterable[Scalar], case_insensitive: bool = False):
        texts = [t for t in map(scalar_text, values) if t is not None]
        self.case_insensitive = case_insensitive
        self.needles = tuple(fold(t) for t in texts) if case_insensitive else tuple(texts)

    def match_scalar(self, value: Any) -> bool:
        text = value if value.__class__ is str else scalar_text(value)
        if text is None:
            return False
        if self.case_insensitive:
            text = fold(text)
        for needle in self.needles:
            if needle in text:
                return True
        return False

    def match(self, value: Any) -> bool:
        if isinstance(value, (list, tuple)):
            return any(self.match_scalar(v) for v in value)
        return self.match_scalar(value)
