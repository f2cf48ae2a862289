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
