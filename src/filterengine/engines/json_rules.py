"""The forms of JSON values both engines read from a JSON catalog with the runtime's meaning, as regular expressions.

A value of another form is refused by :mod:`.duckdb_json` and :mod:`.polars_json` (or, for
text with no digit at all, read as nothing), so that an engine never gives a value a
meaning :mod:`filterengine.runtime` would not.

>>> import re
>>> [bool(re.fullmatch(NUMBER, s)) for s in ("-1.5e3", " 42", "1_000")]
[True, False, False]
>>> bool(re.fullmatch(ISO, "2026-07-25T15:36:05.5+01:00")), bool(re.fullmatch(RFC2822, "Sat, 25 Jul 2026 15:36:05 +0100"))
(True, True)
"""

from __future__ import annotations

from ..layout.columns import Column

__all__ = ["INTEGER", "NUMBER", "ISO", "RFC2822", "PRINTABLE", "typed_column", "typed_reason"]

#: An integer the runtime and the engines write alike (at most 15 digits, no ``-0``).
INTEGER = "0|-?[1-9][0-9]{0,14}"
#: A number written plainly (the runtime reads more forms; the others are refused).
NUMBER = r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?"
#: Strict ISO 8601: a date, or a date and time with an optional fraction and zone.
ISO = (r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
       r"(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?")
#: RFC 2822 as the platform writes it.
RFC2822 = (r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
           r"[0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] [+-]([01][0-9]|2[0-3])[0-5][0-9]")
#: Printable ASCII (what ``to_bool`` reads as the engines do).
PRINTABLE = r"[\x20-\x7E]*"


def typed_column(field: str) -> str:
    """The check column saying a record's value of ``field`` has the field kind's own JSON type (or none).

    Where a playlist tests a field, only such values are read: the runtime compares a
    value by its own JSON type (``7`` equals ``"07"``, the string ``"7"`` does not; the
    string ``" TRUE "`` is not the boolean ``true``), which a typed column does not keep.
    A sort reads the other values as the runtime does, so they are refused only where tested.
    """
    return f"?typed:{field}"


def typed_reason(column: Column) -> str:
    """Why a value of another JSON type than its field's is refused where the field is tested."""
    own = {"number": "a number", "boolean": "a boolean"}.get(column.kind, "a string")
    if column.multivalued:
        own = "a list of strings, or a string"
    return (f"a test on this {column.kind} field reads {own} only (or null, or []), and this value is not one: "
            "filterengine compares a value by its own JSON type (7 equals \"07\", the string \"7\" does not), "
            "which a typed column does not keep")
