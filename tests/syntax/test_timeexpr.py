"""Time expressions and date math: grammar, units, order, rounding, errors with positions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from filterengine import Limits, TimeExpressionError
from filterengine.ir import DateMath, Round, Shift
from filterengine.runtime.dates import evaluate
from filterengine.syntax import parse_date_value, parse_datemath, parse_reach

NOW = datetime(2024, 3, 31, 15, 30, 45, 123456, tzinfo=UTC)


def start(text):
    return evaluate(parse_reach(text), NOW).isoformat()


@pytest.mark.parametrize(
    "text,steps",
    [
        ("7DAYS", (Shift(-7, "DAY"),)),
        ("7days", (Shift(-7, "DAY"),)),
        ("7 Days", (Shift(-7, "DAY"),)),
        ("1DAY", (Shift(-1, "DAY"),)),
        ("3DATE", (Shift(-3, "DAY"),)),
        ("2WEEKS", (Shift(-2, "WEEK"),)),
        ("1YEAR", (Shift(-1, "YEAR"),)),
        ("6MONTHS", (Shift(-6, "MONTH"),)),
        ("5HOURS", (Shift(-5, "HOUR"),)),
        ("30MINUTES", (Shift(-30, "MINUTE"),)),
        ("10SECONDS", (Shift(-10, "SECOND"),)),
        ("500MILLI", (Shift(-500, "MILLISECOND"),)),
        ("500MILLIS", (Shift(-500, "MILLISECOND"),)),
        ("500MILLISECONDS", (Shift(-500, "MILLISECOND"),)),
        ("7DAYS 1HOUR", (Shift(-7, "DAY"), Shift(-1, "HOUR"))),
        ("7DAYS1HOUR", (Shift(-7, "DAY"), Shift(-1, "HOUR"))),
        ("  7DAYS   1HOUR  ", (Shift(-7, "DAY"), Shift(-1, "HOUR"))),
        ("NOW-7DAYS", (Shift(-7, "DAY"),)),
        ("now - 7DAYS", (Shift(-7, "DAY"),)),
        ("NOW-7DAYS/DAY", (Shift(-7, "DAY"), Round("DAY"))),
        ("7DAYS/DAY", (Shift(-7, "DAY"), Round("DAY"))),
        ("NOW-1MONTH+2DAYS", (Shift(-1, "MONTH"), Shift(2, "DAY"))),
        ("NOW-1MONTH-2DAYS", (Shift(-1, "MONTH"), Shift(-2, "DAY"))),
        ("0DAYS", (Shift(0, "DAY"),)),
    ],
)
def test_reach_parses(text, steps):
    assert parse_reach(text) == DateMath(None, steps)


def test_terms_add_up_and_apply_left_to_right():
    assert start("7DAYS 1HOUR") == "2024-03-24T14:30:45.123456+00:00"
    assert start("1MONTH") == "2024-02-29T15:30:45.123456+00:00"  # Mar 31 - 1 MONTH, leap year
    assert start("1MONTH 1DAY") == "2024-02-28T15:30:45.123456+00:00"
    assert start("1DAY 1MONTH") == "2024-02-29T15:30:45.123456+00:00"  # order matters, as in Solr
    assert start("1YEAR") == "2023-03-31T15:30:45.123456+00:00"
    assert start("NOW-7DAYS/DAY") == "2024-03-24T00:00:00+00:00"
    assert start("1DAY/MONTH") == "2024-03-01T00:00:00+00:00"
    assert start("1DAY/YEAR") == "2024-01-01T00:00:00+00:00"
    assert start("1DAY/WEEK") == "2024-03-25T00:00:00+00:00"  # Monday
    assert start("1DAY/HOUR") == "2024-03-30T15:00:00+00:00"
    assert start("1DAY/MINUTE") == "2024-03-30T15:30:00+00:00"
    assert start("1DAY/SECOND") == "2024-03-30T15:30:45+00:00"
    assert start("1DAY/MILLI") == "2024-03-30T15:30:45.123000+00:00"
    assert start("1500MILLIS") == "2024-03-31T15:30:43.623456+00:00"


@pytest.mark.parametrize(
    "text,position,fragment",
    [
        ("7DAYZ", 1, "did you mean DAYS?"),
        ("7 HOURZ", 2, "did you mean HOURS?"),
        ("", 0, "empty time expression"),
        ("   ", 0, "empty time expression"),
        ("-7DAYS", 0, "unexpected '-'"),
        ("NOW+7DAYS", 0, "unexpected"),
        ("1DAY+3DAYS", 0, "reaches into the future"),
        ("7", 1, "unexpected end of input"),
        ("DAYS", 0, "unexpected 'DAYS'"),
        ("7DAYS garbage", 6, "unexpected 'garbage'"),
        ("7DAYS$", 5, "unexpected character '$'"),
        ("7.5DAYS", 1, "unexpected character '.'"),
        ("99999999YEARS", 0, "too large"),
        ("7DAYS/", 6, "unexpected end of input"),
        ("7DAYS/FORTNIGHT", 6, "unknown unit"),
    ],
)
def test_errors_have_positions(text, position, fragment):
    with pytest.raises(TimeExpressionError) as info:
        parse_reach(text)
    err = info.value
    assert err.position == position
    assert fragment in str(err)
    assert 0 <= err.position <= len(text)
    caret_line = str(err).splitlines()[-1]
    assert caret_line.index("^") == 2 + position


def test_error_message_is_exact():
    with pytest.raises(TimeExpressionError) as info:
        parse_reach("7DAYZ")
    assert str(info.value) == (
        "invalid time expression: unknown unit 'DAYZ' (did you mean DAYS?) at line 1, column 2; "
        "expected YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS or MILLIS\n"
        "  7DAYZ\n"
        "   ^"
    )
    assert info.value.expected[0] == "YEARS"


def test_time_expression_error_is_a_filterengine_error():
    import filterengine as fe

    assert issubclass(TimeExpressionError, fe.FilterEngineError)
    assert issubclass(TimeExpressionError, ValueError)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("NOW", "2024-03-31T15:30:45.123456+00:00"),
        ("NOW/DAY", "2024-03-31T00:00:00+00:00"),
        ("NOW-7DAYS/DAY", "2024-03-24T00:00:00+00:00"),
        ("2024-01-01T00:00:00Z+1MONTH", "2024-02-01T00:00:00+00:00"),
        ("2024-01-31T00:00:00Z+1MONTH", "2024-02-29T00:00:00+00:00"),
        ("2024-01-01+1DAY", "2024-01-02T00:00:00+00:00"),
        ("2024-01-01T10:00:00+02:00", "2024-01-01T08:00:00+00:00"),
        ("2024-01-01T10:00:00.5Z-1HOUR/HOUR", "2024-01-01T09:00:00+00:00"),
    ],
)
def test_datemath(text, expected):
    assert evaluate(parse_date_value(text), NOW).isoformat() == expected


def test_datemath_errors():
    for bad in ["NOW-", "NOW-7", "yesterday", "2024-02-30", "NOW-7DAYZ"]:
        with pytest.raises(TimeExpressionError):
            parse_datemath(bad) if not bad[0].isdigit() else parse_date_value(bad)


def test_datemath_results_are_clamped_not_raised():
    huge = parse_datemath("NOW+8000YEARS")
    far = datetime(9000, 1, 1, tzinfo=UTC)
    assert evaluate(huge, far).year == 9999


#: Limits raised as far as they go: what the parser itself does past the default limits.
WIDE = Limits(time_expression=100_000, digits=4_000)


@pytest.mark.parametrize("text,position", [
    ("9" * 4000 + "DAYS", 0),
    ("7DAYS " + "1" * 4000 + "HOURS", 6),
    ("NOW-" + "9" * 19 + "DAYS", 4),
])
def test_numbers_too_long_to_read_are_positioned_errors(text, position):
    with pytest.raises(TimeExpressionError, match="time span too large") as info:
        parse_reach(text, WIDE)
    assert info.value.position == position


def test_leading_zeros_do_not_count_as_digits():
    assert parse_reach("0" * 3990 + "7DAYS", WIDE) == parse_reach("7DAYS")


@pytest.mark.parametrize("text", ["8000YEARS 8000YEARS", "NOW-8000YEARS+8000YEARS", "4500YEARS 4501YEARS",
                                  "120000MONTHS", "NOW-1YEAR" + "-1YEAR" * 9000])
def test_the_span_limit_counts_every_shift(text):
    with pytest.raises(TimeExpressionError, match="time span too large"):
        parse_reach(text, WIDE)
    assert parse_reach("4500YEARS 4499YEARS").steps


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00+1DAY"])
def test_dates_utc_cannot_hold_are_errors(text):
    with pytest.raises(TimeExpressionError, match="date out of range") as info:
        parse_date_value(text)
    assert info.value.position == 0


def test_date_math_past_the_calendar_is_clamped():
    assert evaluate(parse_date_value("9999-12-31T00:00:00Z+1YEAR"), NOW).year == 9999
    assert evaluate(parse_date_value("0001-01-02T00:00:00Z-1YEAR"), NOW).year == 1
