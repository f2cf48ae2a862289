"""Relative time expressions (``"7DAYS 1HOUR"``) and Solr date math (``"NOW-7DAYS/DAY"``).

Parsed by ``grammar/timeexpr.lark`` and lowered to :class:`~filterengine.ir.DateMath`,
once, at compile time. The length of an expression and the digits of each count
are bounded (``Limits.time_expression``, ``Limits.digits``) before it is parsed.
The commonest reach, one count and a unit (``"7DAYS"``), is read without the parser.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput, VisitError

from ..errors import LimitExceededError, TimeExpressionError
from ..ir import DateMath, Round, Shift
from ..limits import DEFAULT_LIMITS, Limits
from ..runtime.dates import (
    MAX_INSTANT,
    MAX_SPAN_SECONDS,
    UNITS,
    approx_seconds,
    in_utc,
    parse_iso,
    span_seconds,
    to_instant,
    unit_named,
)
from ..span import quoted
from .grammars import shared_parser
from .lark_errors import describe_unexpected

__all__ = ["parse_reach", "parse_datemath", "parse_date_value"]

#: What a did-you-mean offers: the plural spellings, as users write them.
_SUGGESTIONS = tuple(u.suggestion for u in UNITS)

#: An amount of more digits than this (leading zeros aside) is beyond 9,000 years in any unit;
#: it is refused before it is converted (Python converts at most 4,300 digits to an int).
_MAX_AMOUNT_DIGITS = 18
_TOO_LARGE = "time span too large (more than 9,000 years)"
_OUT_OF_RANGE = "date out of range (UTC holds the years 1 to 9999)"

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
                f"unknown unit {quoted(str(token))}{hint}",
                self.text,
                token.start_pos or 0,
                expected=list(_SUGGESTIONS),
            )
        return canon

    def span(self, items: list[Token]) -> tuple[int, str]:
        number, unit = items
        digits = str(number).lstrip("0") or "0"
        if len(digits) > _MAX_AMOUNT_DIGITS:
            raise TimeExpressionError(_TOO_LARGE, self.text, number.start_pos or 0)
        return int(digits), self._unit(unit)

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
        if in_utc(instant) is None:
            raise TimeExpressionError(_OUT_OF_RANGE, self.text, token.start_pos or 0)
        return instant

    def datemath(self, items: list[Any]) -> DateMath:
        return DateMath(items[0], tuple(items[1:]))


def _parser() -> Lark:
    return shared_parser(
        "timeexpr.lark",
        build=lambda text: Lark(text, parser="lalr", start=["reach", "datemath"], propagate_positions=False),
    )


_DIGIT_RUN = re.compile(r"[0-9]+")


def check_size(text: str, limits: Limits) -> None:
    """Raise :class:`LimitExceededError` for an expression longer than ``limits.time_expression``
    characters, or a count of more than ``limits.digits`` digits."""
    if len(text) > limits.time_expression:
        raise LimitExceededError("time_expression", limits.time_expression, len(text), "time expression too long",
                                 "characters")
    for run in _DIGIT_RUN.finditer(text) if len(text) > limits.digits else ():
        if run.end() - run.start() > limits.digits:
            raise LimitExceededError("digits", limits.digits, run.end() - run.start(), "number too long", "digits",
                                     text=text, position=run.start())


#: The commonest reach: one count and a unit, as the grammar reads it (its whitespace,
#: common.WS, around and between), a count of at most 18 digits.
_SIMPLE_REACH = re.compile(r"[ \t\f\r\n]*([0-9]{1,18})[ \t\f\r\n]*([A-Za-z]+)[ \t\f\r\n]*")


def _simple_reach(text: str) -> DateMath | None:
    """``DateMath`` of a reach such as ``"7DAYS"`` (what the parser makes of it), or ``None`` for any other text."""
    match = _SIMPLE_REACH.fullmatch(text)
    if match is None:
        return None
    unit = unit_named(match.group(2))
    if unit is None:
        return None  # the parser's error, with its did-you-mean
    return DateMath(None, (Shift(-int(match.group(1)), unit),))


def _parse(text: str, start: str, limits: Limits) -> DateMath:
    if not isinstance(text, str):
        raise TypeError(f"a time expression must be a string, not {type(text).__name__}")
    check_size(text, limits)
    if start == "reach":
        simple = _simple_reach(text)
        if simple is not None:
            _check_range(simple, text)
            return simple
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
    """Every shift counts, whatever its sign: ``8000YEARS 8000YEARS`` and ``NOW-8000YEARS+8000YEARS``
    travel 16,000 years, out of the calendar on the way."""
    if span_seconds(math.steps) > MAX_SPAN_SECONDS:
        raise TimeExpressionError(_TOO_LARGE, text, 0)


def parse_reach(text: str, limits: Limits = DEFAULT_LIMITS) -> DateMath:
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
    math = _parse(text, "reach", limits)
    if approx_seconds(math.steps) > 0:
        raise TimeExpressionError("the expression reaches into the future (a negative span)", text, 0)
    return math


def parse_datemath(text: str, limits: Limits = DEFAULT_LIMITS) -> DateMath:
    """Parse Solr date math: ``NOW``, ``NOW-7DAYS/DAY``, ``2024-01-01T00:00:00Z+1MONTH``.

    >>> parse_datemath("NOW/DAY")
    DateMath(anchor=None, steps=(Round(unit='DAY'),))
    """
    return _parse(text, "datemath", limits)


def parse_date_value(value: Any, limits: Limits = DEFAULT_LIMITS) -> DateMath:
    """A filter value that names an instant: ISO 8601, date math, or an epoch number.

    >>> parse_date_value("2024-01-01").anchor.isoformat()
    '2024-01-01T00:00:00+00:00'
    """
    if isinstance(value, str):
        check_size(value, limits)
        instant = parse_iso(value.strip()) if value.strip()[:1].isdigit() else None
        if instant is not None:
            if in_utc(instant) is None:
                raise TimeExpressionError(_OUT_OF_RANGE, value, len(value) - len(value.lstrip()))
            return DateMath(instant)
        return parse_datemath(value, limits)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        instant = to_instant(value)
        if instant is not None and instant != MAX_INSTANT:
            return DateMath(instant)
    raise TypeError(f"a date value must be a string or a number, not {type(value).__name__}")
