"""Showing any value: JSON-ready data and short text, never raising, never recursing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from filterengine.runtime.display import MAX_DEPTH, integer_digits, literal, plain, show, writable


def nested(depth: int, leaf: object = "x") -> object:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def nested_dict(depth: int) -> object:
    value: object = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize("value", [nested(100_000), nested_dict(100_000)], ids=["list", "dict"])
def test_deep_values_are_cut_not_recursed(value):
    data = plain(value)
    text = json.dumps(data)  # plain data, shallow enough for json
    assert text.count("[") + text.count("{") == MAX_DEPTH
    assert '"..."' in text


def test_a_value_that_holds_itself_is_shown_finitely():
    loop: dict = {}
    loop["a"] = loop
    loop["b"] = [loop]
    assert len(show(loop)) < 1_000_000


@pytest.mark.parametrize("value,expected", [
    (10 ** 5000, "<an integer of 5001 digits>"),
    (-(10 ** 4300), "<an integer of 4301 digits>"),
    (10 ** 4299, 10 ** 4299),
    (float("nan"), "NaN"),
    (float("inf"), "Infinity"),
    (float("-inf"), "-Infinity"),
    (Decimal("Infinity"), "Infinity"),
    (Decimal("2.50"), "2.50"),
    (True, True),
    (None, None),
    (datetime(2024, 5, 1, 12, tzinfo=UTC), "2024-05-01T12:00:00+00:00"),
    (date(2024, 5, 1), "2024-05-01"),
    ("a\ud800b", "a\\ud800b"),
    ((1, {2}), [1, [2]]),
], ids=lambda v: type(v).__name__)
def test_leaves(value, expected):
    assert plain(value) == expected


def test_keys_become_strings_and_text_always_encodes():
    data = plain({1: "x", "\udfff": ["\ud800"], None: 1.5, 10 ** 5000: 0})
    assert data == {"1": "x", "\\udfff": ["\\ud800"], "null": 1.5, "<an integer of 5001 digits>": 0}
    json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_an_object_whose_str_raises_is_named_by_its_type():
    class Hostile:
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert plain(Hostile()) == "<Hostile>"


def test_show_cuts_and_literal_quotes_as_python():
    assert show(["a" * 50], 10) == '["aaaaa...'
    assert literal("ten") == "'ten'" and literal(7) == "7" and literal(10 ** 5000) == "<an integer of 5001 digits>"
    assert literal({"a": 1}) == '{"a": 1}' and literal("x" * 100, 8) == "'xxxx..."


@pytest.mark.parametrize("digits", [1, 2, 9, 10, 4299, 4300, 4301, 5000, 20_000])
def test_integer_digits_and_writable(digits):
    for value in (10 ** (digits - 1), 10 ** digits - 1):
        assert integer_digits(value) == digits == integer_digits(-value)
        assert writable(value) == (digits <= 4300)
