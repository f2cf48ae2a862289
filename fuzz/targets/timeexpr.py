"""The time-expression parser: ``isInTheLast`` values (``"7DAYS 1HOUR"``) and date-math values
(``"NOW-7DAYS/DAY"``, ``"2024-01-01T00:00:00Z+1MONTH"``), alone and as filter values on both backends.

The clock is one of three instants, among them the first and last days Python can represent, so
that shifts falling off the calendar are tried too.
"""

from __future__ import annotations

import filterengine as fe
from filterengine.syntax import parse_date_value, parse_datemath, parse_reach

from .oracle import NOW, agree, check_error, outcome, text_of
from .records import window

NOWS = (NOW, "0001-01-02T00:00:00Z", "9999-12-30T00:00:00Z")


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    for parse in (parse_reach, parse_datemath, parse_date_value):
        try:
            parse(text)
        except fe.FilterEngineError as err:
            check_error(err, text)
    now = NOWS[len(data) % len(NOWS)]
    records = window(data, 8)
    for operator in ("isInTheLast", "isAfter"):
        filters = [{"filters": [{"field": "publisheddate", "operator": operator, "value": text}]}]
        python = outcome(lambda: fe.compile_filters(filters, now=now, backend="python"), source=text)
        reference = outcome(lambda: fe.compile_filters(filters, now=now, backend="reference"), source=text)
        agree(f"{operator} {text!r} at {now}", python, reference, records)
