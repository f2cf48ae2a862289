"""Relative time expressions (``"7DAYS 1HOUR"``) and Solr date math (``"NOW-7DAYS/DAY"``).

Parsed by ``grammar/timeexpr.lark`` and lowered to :class:`~filterengine.ir.DateMath`.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput, VisitError

from ..errors import TimeExpressionError
from ..ir import DateMath, Round, Shift
from ..runtime.dates import MAX_INSTANT, UNITS, approx_seconds, parse_iso, to_instant, unit_named
from .grammars import shared_parser
from .lark_errors import describe_unexpected

__all__ = ["parse_reach", "parse_datemath", "parse_date_value"]

#: What a did-you-mean offers: the plural spellings, as users write them.
_SUGGESTIONS = tuple(u.suggestion for u in UNITS)

#: Shifts larger than this (about 9,000 years) cannot denote a representable instant.
_MAX_REACH_SECONDS = 9000 * 365.25 * 86400
#: A number of more digits is more than 9,000 years in any unit (10**15 milliseconds is 31,000 years).
_MAX_SPAN_DIGITS = 15

_TERMINAL_WORDS = {
    "INT": "a number",
    "UNIT": "a unit such as DAYS",
    "NOW": "NOW",
    "NOW_MINUS": "'NOW-'",
    "ISO_INSTANT": "an ISO 8601 date",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "SLASH": "'/'",
}


class _Lowering(Transformer[Token, Any]):
    """Parse tree -> DateMath pieces. Raises TimeExpressionError for unknown units."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def _unit(self, token: Token) -> str:
        canon = unit_named(token)
        if canon is None:
            close = difflib.get_close_matches(token.upper(), _SUGGESTIONS, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise TimeExpressionError(
                f"unknown unit {str(token)!r}{hint}",
                self.text,
                token.start_pos or 0,
                expected=list(_SUGGESTIONS),
            )
        return canon

    def span(self, items: list[Token]) -> tuple[int, str]:
        number, unit = items
        digits = number.lstrip("0")
        if len(digits) > _MAX_SPAN_DIGITS:  # int() would refuse 4,300 digits; far fewer are already too far
            raise TimeExpressionError("time span too large (more than 9,000 years)", self.text, number.start_pos or 0)
        return int(digits or "0"), self._unit(unit)

    def lead(self, items: list[Any]) -> Shift:
        amount, unit = items[-1]
        return Shift(-amount, unit)

    def back(self, items: list[Any]) -> Shift:
        amount, unit = items[0]
        return Shift(-amount, unit)

    def backward(self, items: list[Any]) -> Shift:
        amount, unit = items[1]
        return Shift(-amount, unit)

    def forward(self, items: list[Any]) -> Shift:
        amount, unit = items[1]
        return Shift(amount, unit)

    def rounding(self, items: list[Token]) -> Round:
        return Round(self._unit(items[1]))

    def reach(self, items: list[Any]) -> DateMath:
        return DateMath(None, tuple(items))

    def anchor(self, items: list[Token]) -> datetime | None:
        token = items[0]
        if token.type == "NOW":
            return None
        instant = parse_iso(str(token))
        if instant is None:
            raise TimeExpressionError("invalid date", self.text, token.start_pos or 0)
        return instant

    def datemath(self, items: list[Any]) -> DateMath:
        return DateMath(items[0], tuple(items[1:]))


def _parser() -> Lark:
    return shared_parser(
        "timeexpr.lark",
        build=lambda text: Lark(text, parser="lalr", start=["reach", "datemath"], propagate_positions=False),
    )


def _parse(text: str, start: str) -> DateMath:
    if not isinstance(text, str):
        raise TypeError(f"a time expression must be a string, not {type(text).__name__}")
    if not text.strip():
        raise TimeExpressionError("empty time expression", text, 0, expected=["a number and a unit, such as 7DAYS"])
    try:
        tree = _parser().parse(text, start=start)
        result: DateMath = _Lowering(text).transform(tree)
    except UnexpectedInput as err:
        reason, pos, expected = describe_unexpected(err, text, _TERMINAL_WORDS)
        raise TimeExpressionError(reason, text, pos, expected) from None
    except VisitError as err:
        if isinstance(err.orig_exc, TimeExpressionError):
            raise err.orig_exc from None
        raise
    _check_range(result, text)
    return result


def _check_range(math: DateMath, text: str) -> None:
    for step in math.steps:
        if isinstance(step, Shift) and abs(approx_seconds((step,))) > _MAX_REACH_SECONDS:
            raise TimeExpressionError("time span too large (more than 9,000 years)", text, 0)


def parse_reach(text: str) -> DateMath:
    """Parse an ``isInTheLast`` value into the instant where its window starts.

    Terms add up and apply left to right; an optional leading ``NOW-`` and later
    ``+``/``-`` terms and ``/UNIT`` rounding follow Solr's date math.

    >>> parse_reach("7DAYS 1HOUR")
    DateMath(anchor=None, steps=(Shift(amount=-7, unit='DAY'), Shift(amount=-1, unit='HOUR')))
    >>> parse_reach("NOW-1MONTH/DAY")
    DateMath(anchor=None, steps=(Shift(amount=-1, unit='MONTH'), Round(unit='DAY')))
    >>> parse_reach("7DAYZ")
    Traceback (most recent call last):
    ...
    filterengine.errors.TimeExpressionError: invalid time expression: unknown unit 'DAYZ' (did you mean DAYS?) at line 1, column 2; expected ...
      7DAYZ
       ^
    """
    math = _parse(text, "reach")
    if approx_seconds(math.steps) > 0:
        raise TimeExpressionError("the expression reaches into the future (a negative span)", text, 0)
    return math


def parse_datemath(text: str) -> DateMath:
    """Parse Solr date math: ``NOW``, ``NOW-7DAYS/DAY``, ``2024-01-01T00:00:00Z+1MONTH``.

    >>> parse_datemath("NOW/DAY")
    DateMath(anchor=None, steps=(Round(unit='DAY'),))
    """
    return _parse(text, "datemath")


def parse_date_value(value: Any) -> DateMath:
    """A filter value that names an instant: ISO 8601, date math, or an epoch number.

    >>> parse_date_value("2024-01-01").anchor.isoformat()
    '2024-01-01T00:00:00+00:00'
    """
    if isinstance(value, str):
        instant = parse_iso(value.strip()) if value.strip()[:1].isdigit() else None
        if instant is not None:
            return DateMath(instant)
        return parse_datemath(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        instant = to_instant(value)
        if instant is not None and instant != MAX_INSTANT:
            return DateMath(instant)
    raise TypeError(f"a date value must be a string or a number, not {type(value).__name__}")
