"""Every operator, coercion and missing-field rule, on both backends (see conftest.match)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest


def one(field, operator, value=None):
    return [{"filters": [{"type": "mediaclip", "field": field, "operator": operator, "value": value}]}]


MISSING = object()


def rec(value):
    return {} if value is MISSING else {"f": value}


# (operator, filter value, record value, expected)
CASES = [
    # is / isNot
    ("is", "a", "a", True),
    ("is", "a", "A", False),
    ("is", "a", ["x", "a"], True),
    ("is", "a", ["x"], False),
    ("is", ["a", "b"], "b", True),
    ("is", "1", 1, True),
    ("is", "1", 1.0, True),
    ("is", "1.0", 1, True),
    ("is", 1, "1", True),
    ("is", 1, "1.0", False),
    ("is", "true", True, True),
    ("is", "TRUE", True, True),
    ("is", True, True, True),
    ("is", True, "true", True),
    ("is", 1, True, False),
    ("is", "yes", True, False),
    ("is", "false", False, True),
    ("is", "0", 0, True),
    ("is", "0", "0", True),
    ("is", "a", MISSING, False),
    ("is", "a", None, False),
    ("is", "a", {"a": 1}, False),
    ("isNot", "a", "a", False),
    ("isNot", "a", "b", True),
    ("isNot", "a", MISSING, True),
    ("isNot", "a", None, True),
    ("isNot", ["a", "b"], "b", False),
    ("isNot", "x", "not a number", True),
    # isAnyOf / isNotAnyOf
    ("isAnyOf", ["a", "b"], "b", True),
    ("isAnyOf", ["a", "b"], "c", False),
    ("isAnyOf", "a", "a", True),
    ("isAnyOf", ["1", "2"], 2, True),
    ("isAnyOf", ["a", "b"], ["c", "b"], True),
    ("isNotAnyOf", ["a", "b"], "b", False),
    ("isNotAnyOf", ["a", "b"], "c", True),
    ("isNotAnyOf", ["a", "b"], MISSING, True),
    ("isNotAnyOf", ["a", "b"], ["c", "a"], False),
    # isEmpty / isNotEmpty
    ("isEmpty", "*", MISSING, True),
    ("isEmpty", "*", None, True),
    ("isEmpty", "*", "", True),
    ("isEmpty", "*", [], True),
    ("isEmpty", "*", "0", False),
    ("isEmpty", "*", 0, False),
    ("isEmpty", "*", False, False),
    ("isEmpty", None, " ", False),
    ("isNotEmpty", "*", "x", True),
    ("isNotEmpty", "*", [], False),
    ("isNotEmpty", "*", MISSING, False),
    ("isNotEmpty", "", ["a"], True),
    # contains / doesNotContain / doesNotContainAnyOf
    ("contains", "oo", "football", True),
    ("contains", "OO", "football", False),
    ("contains", "20", 2024, True),
    ("contains", "ru", True, True),
    ("contains", "ball", ["foot", "football"], True),
    ("contains", ["zz", "ball"], "football", True),
    ("contains", "a", MISSING, False),
    ("contains", 5, "15 min", True),
    ("doesNotContain", "oo", "football", False),
    ("doesNotContain", "zz", "football", True),
    ("doesNotContain", "zz", MISSING, True),
    ("doesNotContain", ["zz", "ball"], "football", False),
    ("doesNotContainAnyOf", ["zz", "yy"], "football", True),
    ("doesNotContainAnyOf", ["zz", "ball"], "football", False),
    ("doesNotContainAnyOf", ["zz"], ["a", "zzz"], False),
    ("doesNotContainAnyOf", ["zz"], MISSING, True),
    # containsAnyOf / containsAllOf
    ("containsAnyOf", ["sport", "news"], ["news", "local"], True),
    ("containsAnyOf", ["sport", "news"], ["newsroom"], False),
    ("containsAnyOf", ["sport"], "sport", True),
    ("containsAnyOf", ["1"], [1, 2], True),
    ("containsAnyOf", ["sport"], [], False),
    ("containsAnyOf", ["sport"], [None, "sport"], True),
    ("containsAllOf", ["a", "b"], ["b", "c", "a"], True),
    ("containsAllOf", ["a", "b"], ["b", "c"], False),
    ("containsAllOf", ["a"], "a", True),
    ("containsAllOf", ["a", "b"], MISSING, False),
    ("containsAllOf", ["1", "true"], [1, True], True),
    # isSmallerThan / isGreaterThan (inclusive, numeric strings count)
    ("isSmallerThan", 10, 10, True),
    ("isSmallerThan", 10, 9.5, True),
    ("isSmallerThan", 10, 11, False),
    ("isSmallerThan", "10", "9", True),
    ("isSmallerThan", 10, "abc", False),
    ("isSmallerThan", 10, True, False),
    ("isSmallerThan", 10, MISSING, False),
    ("isSmallerThan", 10, [20, 5], True),
    ("isGreaterThan", 10, 10, True),
    ("isGreaterThan", 10, "11", True),
    ("isGreaterThan", 10, "1e2", True),
    ("isGreaterThan", 10, "nan", False),
    ("isGreaterThan", 10, "1_000", False),
    ("isGreaterThan", 10, 9, False),
    ("isGreaterThan", [100, 10], 50, True),
    # isBefore / isAfter (inclusive; ISO, RFC 2822, epoch)
    ("isBefore", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", True),
    ("isBefore", "2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z", False),
    ("isBefore", "2024-01-01", "2023-12-31T23:59:59.999Z", True),
    ("isBefore", "2024-01-01T00:00:00Z", "2024-01-01T00:30:00+01:00", True),
    ("isBefore", "2024-01-01T00:00:00Z", "Sun, 31 Dec 2023 15:20:37 +0100", True),
    ("isBefore", "2024-01-01T00:00:00Z", 1704067200, True),
    ("isBefore", "2024-01-01T00:00:00Z", 1704067201000, False),
    ("isBefore", "2024-01-01T00:00:00Z", "not a date", False),
    ("isBefore", "2024-01-01T00:00:00Z", True, False),
    ("isBefore", "NOW-7DAYS/DAY", "2024-05-03T00:00:00Z", True),
    ("isBefore", "NOW-7DAYS/DAY", "2024-05-03T00:00:01Z", False),
    ("isAfter", "2024-01-01T00:00:00Z+1MONTH", "2024-02-01", True),
    ("isAfter", "2024-01-01T00:00:00Z+1MONTH", "2024-01-31T23:59:59Z", False),
    ("isAfter", "2024-01-01", MISSING, False),
    ("isAfter", "2024-01-01", datetime(2024, 6, 1), True),
    ("isAfter", "2024-01-01", datetime(2023, 6, 1, tzinfo=timezone.utc), False),
    # isInTheLast / isNotInTheLast (now = 2024-05-10T12:00:00Z)
    ("isInTheLast", "7DAYS", "2024-05-03T12:00:00Z", True),
    ("isInTheLast", "7DAYS", "2024-05-03T11:59:59Z", False),
    ("isInTheLast", "7DAYS", "2024-05-10T12:00:00Z", True),
    ("isInTheLast", "7DAYS", "2024-05-10T12:00:01Z", False),
    ("isInTheLast", "7DAYS 1HOUR", "2024-05-03T11:00:00Z", True),
    ("isInTheLast", "1 week", "2024-05-03T12:00:00Z", True),
    ("isInTheLast", "NOW-7DAYS/DAY", "2024-05-03T00:00:00Z", True),
    ("isInTheLast", "1MONTH", "2024-04-10T12:00:00Z", True),
    ("isInTheLast", "7days", MISSING, False),
    ("isInTheLast", "7DAYS", "garbage", False),
    ("isNotInTheLast", "7DAYS", "2024-05-03T11:59:59Z", True),
    ("isNotInTheLast", "7DAYS", "2024-05-04T00:00:00Z", False),
    ("isNotInTheLast", "7DAYS", "2024-06-01T00:00:00Z", True),
    ("isNotInTheLast", "7DAYS", MISSING, True),
    ("isNotInTheLast", "7DAYS", "garbage", True),
]


@pytest.mark.parametrize("operator,value,record_value,expected", CASES)
def test_operator(match, operator, value, record_value, expected):
    assert match(one("f", operator, value), rec(record_value)) is expected


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


def test_operator_names_are_case_insensitive(match):
    assert match(one("f", "CONTAINSANYOF", ["a"]), {"f": ["a"]})
    assert match(one("f", "isnotempty"), {"f": "x"})


@pytest.mark.parametrize("value", ["", [], None, ["", None]])
def test_empty_values_are_ignored(match, value):
    filters = [{"filters": [{"field": "f", "operator": "is", "value": value}]},
               {"filters": [{"field": "g", "operator": "is", "value": "y"}]}]
    assert match(filters, {"g": "y"})
    assert not match(filters, {"g": "n"})


def test_string_zero_is_a_real_value(match):
    assert match(one("f", "is", "0"), {"f": "0"})
    assert not match(one("f", "is", "0"), {"f": "1"})


def test_no_filtersets_matches_everything(match):
    assert match([], {"anything": 1})
    assert match([{"filters": []}], {})


def test_case_insensitive_fields_from_schema(match):
    assert match(one("title", "is", "late goal"), {"title": "Late GOAL"})
    assert match(one("description", "contains", "GOAL"), {"description": "a late goal"})
    assert not match(one("status", "is", "Published"), {"status": "published"})
    assert match(one("title", "containsAnyOf", ["x", "LATE"]), {"title": ["late", "y"]})


def test_dotted_paths_and_exact_keys(match):
    assert match(one("meta.league", "is", "NBA"), {"meta": {"league": "NBA"}})
    assert match(one("meta.league", "is", "NBA"), {"meta.league": "NBA", "meta": {"league": "NFL"}})
    assert not match(one("meta.league", "is", "NBA"), {"meta": "NBA"})
    assert match(one("a.b.c", "isEmpty"), {"a": {"b": 3}})


def test_index_aliases(match):
    assert match(one("published_date", "isAfter", "2024-01-01"), {"publisheddate": "2024-02-01"})
    assert match(one("catSort", "containsAnyOf", ["news"]), {"cat": ["news"]})
    assert match(one("statusSort", "is", "published"), {"status": "published"})
    assert match(one("title_cistr", "is", "HELLO"), {"title": "hello"})
    # a record that really has the alias key is read by it first
    assert match(one("catSort", "is", "x"), {"catSort": "x", "cat": ["y"]})


def test_filtersets_are_anded_and_filters_ored(match):
    filters = [
        {"filters": [{"field": "a", "operator": "is", "value": "1"}, {"field": "b", "operator": "is", "value": "1"}]},
        {"filters": [{"field": "c", "operator": "is", "value": "1"}]},
    ]
    assert match(filters, {"a": "1", "c": "1"})
    assert match(filters, {"b": "1", "c": "1"})
    assert not match(filters, {"a": "1"})
    assert not match(filters, {"c": "1"})


def test_three_shapes_mean_the_same(match):
    sets = [{"filters": [{"field": "a", "operator": "is", "value": "1"}]},
            {"filters": [{"field": "b", "operator": "is", "value": "2"}]}]
    shapes = [
        sets,
        {"0": sets[0], "1": sets[1], "sort": "id desc"},
        {"type": "SearchRequest", "filterSet": sets},
        {"title": "a cliplist", "filters": sets},
    ]
    for shape in shapes:
        assert match(shape, {"a": "1", "b": "2"})
        assert not match(shape, {"a": "1", "b": "3"})


def test_filter_type_does_not_change_matching(match):
    for kind in ("mediaclip", "search", "anything"):
        filters = [{"filters": [{"type": kind, "field": "a", "operator": "is", "value": "1", "id": "client-1"}]}]
        assert match(filters, {"a": "1"})


@pytest.mark.parametrize("record", [None, [], "text", 5, {"f": object()}, {"f": [{"a": 1}, [2]]}])
def test_record_data_never_raises(match, record):
    for operator, value in [("is", "a"), ("contains", "a"), ("isGreaterThan", 1), ("isBefore", "NOW"),
                            ("isInTheLast", "1DAY"), ("isEmpty", None), ("containsAllOf", ["a"]),
                            ("isNotAnyOf", ["a", "1"])]:
        assert match(one("f", operator, value), record) in (True, False)
