"""How large an input may be: one :class:`Limits` object, checked before any expensive work.

Filtersets and ``q`` strings arrive from browsers and API clients. Every compile
and parse function takes ``limits=`` (default ``Limits()``, the safe defaults
below) and measures its input against it first, with work proportional to the
part of the input it has read so far: an input over a limit raises
:class:`~filterengine.errors.LimitExceededError` naming the limit, its maximum
and the value that broke it, in milliseconds whatever the input's size.

>>> import filterengine as fe
>>> fe.Limits().query_length, fe.Limits(clauses=50).clauses
(10000, 50)
>>> fe.compile_query("a " * 20_000)
Traceback (most recent call last):
...
filterengine.errors.LimitExceededError: query too long: 40,000 characters, over the limit of 10,000 (Limits.query_length)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from .errors import FilterEngineError, LimitExceededError

__all__ = ["Limits", "DEFAULT_LIMITS", "CEILINGS", "check_length", "count_digits", "number_digits", "int_digits", "check_json_depth",
           "json_pointer"]


@dataclass(frozen=True, slots=True)
class Limits:
    """The largest input filterengine accepts, one field per limit (see "Limits" in docs/semantics.md).

    - ``query_length``: characters in a ``q`` query (and in a sort specification).
    - ``depth``: nesting of a ``q`` query: each parenthesis and each prefix
      (``NOT``, ``+``, ``-``) opens one level; also the nesting of IR given to
      :func:`~filterengine.format_query` (three IR levels per level). At most 80:
      the code the compiled backend generates nests about two levels per level,
      and Python compiles at most 100 levels of indentation and 200 of parentheses.
    - ``clauses``: clauses (terms, phrases, ranges) in one ``q`` query; filters in
      all the filtersets of a document, and filtersets; keys of a sort.
    - ``values``: values in one filter's ``value`` list.
    - ``digits``: digits in one number: a number in ``q``, a filter value read
      as a number (or given as an ``int``), a count in a time expression
      (``7`` in ``7DAYS``). At most 4,000 (Python converts at most 4,300 digits).
    - ``time_expression``: characters in one time expression or date-math value
      (``"7DAYS 1HOUR"``, ``"NOW-1MONTH/DAY"``, a date in ``q``).
    - ``record_depth``: JSON nesting of a cliplist document read by
      :meth:`~filterengine.Cliplist.from_dict` (stored items included) and of a
      clip given to :func:`~filterengine.explain`. At most 200.

    Limits are immutable and hashable; compiled predicates are cached per limits.

    >>> Limits(depth=0)
    Traceback (most recent call last):
    ...
    filterengine.errors.FilterEngineError: Limits.depth must be between 1 and 80, not 0
    """

    query_length: int = 10_000
    depth: int = 64
    clauses: int = 1_000
    values: int = 10_000
    digits: int = 30
    time_expression: int = 200
    record_depth: int = 64

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value.__class__ is not int:
                raise TypeError(f"Limits.{spec.name} must be an int, not {type(value).__name__}")
            ceiling = CEILINGS.get(spec.name)
            if value < 1 or (ceiling is not None and value > ceiling):
                bound = f"between 1 and {ceiling:,}" if ceiling is not None else "at least 1"
                raise FilterEngineError(f"Limits.{spec.name} must be {bound}, not {value}")


#: The largest value each bounded limit may be raised to: past these, Python's own
#: bounds (nesting in generated code, recursion, int conversion) would be reached first.
CEILINGS: dict[str, int] = {"depth": 80, "digits": 4_000, "record_depth": 200}

DEFAULT_LIMITS = Limits()


def check_length(text: str, maximum: int, limit: str, subject: str) -> None:
    """Raise when ``text`` holds more than ``maximum`` characters (the error points at the first one over)."""
    if len(text) > maximum:
        raise LimitExceededError(limit, maximum, len(text), subject, "characters")


_DIGITS = "0123456789"


def count_digits(text: str) -> int:
    """The ASCII digits in ``text``.

    >>> count_digits("-12.50e+3"), count_digits("NOW")
    (5, 0)
    """
    return sum(map(text.count, _DIGITS))


def number_digits(text: str) -> int:
    """The digits of ``text`` when it is written as a number (``float`` reads it), else 0.

    >>> number_digits(" -1.5e10 "), number_digits("9" * 400), number_digits("abc123")
    (4, 400, 0)
    """
    digits = count_digits(text)
    if digits:
        try:
            float(text)
        except ValueError:
            return 0
    return digits


#: Ints of at most this many bits have at most 4,300 digits: ``str`` converts them.
_CONVERTIBLE_BITS = 14_000


def int_digits(number: int) -> int:
    """The decimal digits of ``abs(number)``, without converting a huge int to a string
    (beyond 4,000 digits: an estimate from its bits, off by one at most).

    >>> int_digits(0), int_digits(-12345), int_digits(10**30), int_digits(10**5000)
    (1, 5, 31, 5001)
    """
    number = abs(number)
    bits = number.bit_length()
    if bits <= _CONVERTIBLE_BITS:
        return len(str(number))
    return int(bits * 0.30102999566398120) + 1


def json_pointer(parts: tuple[Any, ...], base: str = "") -> str:
    """The RFC 6901 pointer of ``parts`` (keys and indexes) below ``base``.

    >>> json_pointer(("items", 0, "a/b~c"), "")
    '/items/0/a~1b~0c'
    """
    return base + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _children(value: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        return iter(value.items())
    return enumerate(value)


def check_json_depth(value: Any, maximum: int, limit: str, subject: str, base: str = "") -> None:
    """Raise when lists and objects in ``value`` nest more than ``maximum`` deep.

    Iterative (never a ``RecursionError``), and it stops at the first container one
    level too deep, whose JSON pointer the error gives. Only lists, tuples and
    mappings nest; strings and other scalars are leaves.

    >>> check_json_depth({"a": [[1]]}, 3, "record_depth", "clip")
    >>> check_json_depth({"a": [[1]]}, 2, "record_depth", "clip")
    Traceback (most recent call last):
    ...
    filterengine.errors.LimitExceededError: clip nested too deep: 3 levels, over the limit of 2 (Limits.record_depth) at /a/0
    """
    if not isinstance(value, (list, tuple, Mapping)):
        return
    # One iterator per open container; ``path`` holds the key or index of each.
    stack: list[Iterator[tuple[Any, Any]]] = [_children(value)]
    path: list[Any] = []
    while stack:
        for key, child in stack[-1]:
            if isinstance(child, (list, tuple, Mapping)):
                path.append(key)
                if len(stack) + 1 > maximum:
                    raise LimitExceededError(limit, maximum, len(stack) + 1, f"{subject} nested too deep", "levels",
                                             pointer=json_pointer(tuple(path), base))
                stack.append(_children(child))
                break
        else:
            stack.pop()
            if path:
                path.pop()
