"""Operator rules beyond the corpus: exact complements and record values JSON cannot hold (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest


def one(field, operator, value=None):
    return [{"filters": [{"type": "mediaclip", "field": field, "operator": operator, "value": value}]}]


MISSING = object()


def rec(value):
    return {} if value is MISSING else {"f": value}


# The table of (operator, value, record value) cases, and the rules on shapes, fields and
# empty values, live in the conformance corpus (tests/conformance/filters_operators.json);
# here only what JSON cannot hold: Python values, NaN, non-object records.


@pytest.mark.parametrize(
    "record_value,expected",
    [(datetime(2024, 6, 1), True), (datetime(2023, 6, 1, tzinfo=UTC), False)],
)
def test_datetime_record_values(match, record_value, expected):
    # a naive datetime is UTC; an aware one is compared as the instant it names
    assert match(one("f", "isAfter", "2024-01-01"), rec(record_value)) is expected


NEGATIONS = [("is", "isNot"), ("isAnyOf", "isNotAnyOf"), ("isEmpty", "isNotEmpty"),
             ("contains", "doesNotContain"), ("contains", "doesNotContainAnyOf"),
             ("isInTheLast", "isNotInTheLast")]


@pytest.mark.parametrize("positive,negative", NEGATIONS)
@pytest.mark.parametrize("value", ["a", ["a", "1"], "7DAYS"])
@pytest.mark.parametrize(
    "record_value",
    [MISSING, None, "", [], "a", "A", 1, True, ["a", "b"], "2024-05-09", {"x": 1}, [[1]], float("nan")],
)
def test_negated_operator_is_exact_complement(match, positive, negative, value, record_value):
    if positive == "isInTheLast" and value != "7DAYS":
        value = "7DAYS"
    pos = match(one("f", positive, value), rec(record_value))
    neg = match(one("f", negative, value), rec(record_value))
    assert pos is not neg


@pytest.mark.parametrize("record", [None, [], "text", 5, {"f": object()}, {"f": [{"a": 1}, [2]]}])
def test_record_data_never_raises(match, record):
    for operator, value in [("is", "a"), ("contains", "a"), ("isGreaterThan", 1), ("isBefore", "NOW"),
                            ("isInTheLast", "1DAY"), ("isEmpty", None), ("containsAllOf", ["a"]),
                            ("isNotAnyOf", ["a", "1"])]:
        assert match(one("f", operator, value), record) in (True, False)
