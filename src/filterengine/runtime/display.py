"""How any value is shown: as JSON-ready data (:func:`plain`) and as short text (:func:`show`).

Reports (``explain``), messages and tables show record values and filter values that
anyone may have written. Showing one never raises and never recurses, whatever it
holds: nesting deeper than :data:`MAX_DEPTH`, and values beyond the first :data:`MAX_ITEMS`,
are cut to ``"..."``; an integer of more
digits than Python writes (4,300) is described, not written; NaN and the infinities,
which JSON has not, are the strings ``"NaN"``, ``"Infinity"`` and ``"-Infinity"``; lone
surrogates are written as ``\\uXXXX`` escapes, so the text always encodes as UTF-8.

>>> plain({"a": [1, 2.5, float("inf")], 3: "x\\ud800"}) == {"a": [1, 2.5, "Infinity"], "3": "x\\\\ud800"}
True
>>> deep = []
>>> for _ in range(10_000):
...     deep = [deep]
>>> show(deep, 20)
'[[[[[[[[[[[[[[[[[...'
>>> show(10 ** 5000)
'"<an integer of 5001 digits>"'
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ..span import encodable

__all__ = ["MAX_DEPTH", "MAX_ITEMS", "MAX_DIGITS", "plain", "show", "literal", "integer_digits", "writable"]

#: Containers nested deeper than this are shown as ``"..."``.
MAX_DEPTH = 64
#: At most this many values are shown in all; the rest as ``"..."``.
MAX_ITEMS = 10_000
#: The most digits an integer may have to be written (Python's limit on converting ints to text).
MAX_DIGITS = 4300
_CUT = "..."
_LOG10_2 = math.log10(2)


def integer_digits(value: int) -> int:
    """How many decimal digits ``abs(value)`` has, without writing it (exact up to 30,000
    digits; beyond, an estimate that may be one too few).

    >>> integer_digits(0), integer_digits(-999), integer_digits(10 ** 5000)
    (1, 3, 5001)
    """
    value = abs(value)
    if value < 10:
        return 1
    estimate = int((value.bit_length() - 1) * _LOG10_2)  # 10 ** estimate <= value: digits >= estimate + 1
    if estimate > 30_000:
        return estimate + 1
    return estimate + 1 + int(value >= 10 ** (estimate + 1))


def writable(value: int) -> bool:
    """Whether an int has at most :data:`MAX_DIGITS` digits (so ``str`` writes it).

    >>> writable(10 ** 4299), writable(10 ** 4300)
    (True, False)
    """
    bits = value.bit_length()
    if bits <= 14_000:  # fewer than 4,215 digits
        return True
    return bits <= 14_300 and integer_digits(value) <= MAX_DIGITS


def _leaf(value: Any) -> Any:
    """The plain form of a value that is not a container."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        return encodable(str(value))
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        number = int(value)
        if writable(number):
            return number
        return f"<an integer of {integer_digits(number)} digits>"
    if isinstance(value, float):
        real = float(value)
        if math.isfinite(real):
            return real
        return "NaN" if real != real else ("Infinity" if real > 0 else "-Infinity")
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "NaN" if value.is_nan() else ("Infinity" if value > 0 else "-Infinity")
        if value.adjusted() < 4000:
            return encodable(str(value))
        return f"<a number of {value.adjusted() + 1} digits>"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    try:  # another object: its own text, as far as it gives one
        return encodable(str(value))
    except Exception:
        return f"<{type(value).__name__}>"


def _key(key: Any) -> str:
    if isinstance(key, str):
        return encodable(str(key))
    leaf = _leaf(key)
    return leaf if isinstance(leaf, str) else json.dumps(leaf)


def plain(value: Any, max_depth: int = MAX_DEPTH, max_items: int = MAX_ITEMS) -> Any:
    """``value`` as JSON-ready data (dicts with string keys, lists, strings, finite numbers,
    booleans, null), built without recursion. Mappings are read through the mapping protocol
    (``items``); tuples and sets become lists; dates their ISO 8601 text; other objects their
    ``str``. At most ``max_items`` values are shown in all (a container cut short ends with
    ``"..."``), so a structure that holds itself is shown finitely too.

    >>> loop = [1]
    >>> loop.append(loop)
    >>> show(loop, 24)
    '[1, [1, [1, [1, [1, [...'
    >>> plain(list(range(5)), max_items=3)
    [0, 1, 2, '...']
    """
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    budget = max_items
    while stack:
        item, parent, slot, depth = stack.pop()
        if isinstance(item, Mapping):
            if depth >= max_depth:
                parent[slot] = _CUT
                continue
            out: dict[str, Any] = {}
            parent[slot] = out
            pending = []
            for key, member in item.items():
                if budget <= 0:
                    out[_CUT] = _CUT
                    break
                budget -= 1
                name = _key(key)
                out[name] = None  # keeps the mapping's order
                pending.append((member, out, name, depth + 1))
            stack.extend(reversed(pending))
        elif isinstance(item, (list, tuple, set, frozenset)):
            if depth >= max_depth:
                parent[slot] = _CUT
                continue
            members = []
            for member in item:
                if budget <= 0:
                    break
                budget -= 1
                members.append(member)
            cut = len(members) < len(item)
            shown: list[Any] = [None] * len(members) + ([_CUT] if cut else [])
            parent[slot] = shown
            stack.extend((member, shown, i, depth + 1) for i, member in reversed(list(enumerate(members))))
        else:
            parent[slot] = _leaf(item)
    return root[0]


def show(value: Any, width: int = 0) -> str:
    """``value`` as compact JSON text (see :func:`plain`), cut to ``width`` characters (0: whole).

    >>> show({"id": "7", "cat": ["news"]}), show("x" * 40, 10)
    ('{"id": "7", "cat": ["news"]}', '"xxxxxx...')
    """
    text = json.dumps(plain(value), ensure_ascii=False)
    return text[: max(width - 3, 0)] + _CUT if width and len(text) > width else text


def literal(value: Any, width: int = 0) -> str:
    """A filter value as messages quote it: a string, number or boolean as Python writes it
    (``'ten'``, ``7``, ``True``), anything else as :func:`show` does; cut to ``width`` (0: whole).

    >>> literal("ten"), literal(2.5), literal(10 ** 5000), literal(["a"])
    ("'ten'", '2.5', '<an integer of 5001 digits>', '["a"]')
    """
    if isinstance(value, (str, float)) or (isinstance(value, int) and writable(int(value))):
        text = repr(value)
    elif isinstance(value, int):
        text = _leaf(value)
    else:
        text = show(value)
    return text[: max(width - 3, 0)] + _CUT if width and len(text) > width else text
