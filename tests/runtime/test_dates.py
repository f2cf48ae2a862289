"""Reading dates from record values: every documented format; never raising."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from filterengine.runtime.dates import to_instant

UTC = UTC


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2024-03-02T08:15:00Z", "2024-03-02T08:15:00+00:00"),
        ("2024-03-02T08:15:00+01:00", "2024-03-02T07:15:00+00:00"),
        ("2024-03-02T08:15:00.123Z", "2024-03-02T08:15:00.123000+00:00"),
        ("2024-03-02T08:15:00", "2024-03-02T08:15:00+00:00"),
        ("2024-03-02", "2024-03-02T00:00:00+00:00"),
        ("20240302T081500Z", "2024-03-02T08:15:00+00:00"),
        ("Mon, 29 Nov 2021 15:20:37 +0100", "2021-11-29T14:20:37+00:00"),
        ("29 Nov 2021 15:20:37 GMT", "2021-11-29T15:20:37+00:00"),
        (1700000000, "2023-11-14T22:13:20+00:00"),
        (1700000000.5, "2023-11-14T22:13:20.500000+00:00"),
        (1700000000000, "2023-11-14T22:13:20+00:00"),
        (datetime(2024, 1, 1, 12), "2024-01-01T12:00:00+00:00"),
        (datetime(2024, 1, 1, 12, tzinfo=UTC), "2024-01-01T12:00:00+00:00"),
        (date(2024, 1, 1), "2024-01-01T00:00:00+00:00"),
    ],
)
def test_formats(value, expected):
    assert to_instant(value).astimezone(UTC).isoformat() == expected


@pytest.mark.parametrize(
    "value",
    ["", "   ", "yesterday", "2024-13-45", "Mon, 99 Foo 2021", None, True, [], {}, float("nan"), 1e300, "1700000000"],
)
def test_unreadable_values_are_none(value):
    assert to_instant(value) is None


def test_instants_outside_the_calendar_are_not_dates():
    from filterengine.runtime.dates import in_utc

    for value in (10 ** 400, -(10 ** 400), 1e300, float("inf"), "Sat, 01 Jan 0000 00:00:00 +0000", "Mon, 01 Jan 10000 00:00:00 +0000"):
        assert to_instant(value) is None
    shifted = datetime.fromisoformat("9999-12-31T23:59:59-14:00")
    assert in_utc(shifted) is None and in_utc(datetime(2024, 1, 1, tzinfo=UTC)) == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("text,year", [
    ("Mon, 01 Jan 0050 00:00:00 +0000", 50),
    ("01 Jan 0001 00:00:00 GMT", 1),
    ("Mon, 01 Jan 0099 00:00:00 +0000", 99),
    ("Sun, 01 Jan 50 00:00:00 +0000", 1950),
    ("Sun, 01 Jan 49 00:00:00 +0000", 2049),
    ("Sun, 01 Jan 99 00:00:00 +0000", 1999),
    ("Sun, 01 Jan 124 00:00:00 +0000", 2024),
    ("Fri, 31 Dec 9999 23:59:59 +0000", 9999),
])
def test_rfc2822_years_are_read_as_written(text, year):
    instant = to_instant(text)
    assert instant is not None and instant.year == year


def test_the_rfc2822_leap_day_of_a_literal_year():
    assert to_instant("29 Feb 0004 12:00:00 +0000") == datetime(4, 2, 29, 12, tzinfo=UTC)
    assert to_instant("29 Feb 0005 12:00:00 +0000") is None


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "Fri, 31 Dec 9999 23:59:59 -1400",
                                   datetime.fromisoformat("9999-12-31T23:00:00-02:00")])
def test_instants_utc_cannot_hold_are_not_dates(value):
    assert to_instant(value) is None
    assert to_instant("9999-12-31T23:59:59+01:00") is not None and to_instant("0001-01-01T12:00:00+01:00") is not None
