"""The equality rule by keys agrees with the pairwise rule, and containsAllOf with its definition."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from filterengine.runtime.values import AllOfSet, scalar_equals

from .oracles import equals_brute

SCALARS = ["", "1", "1.0", "01", " 1 ", "true", "TRUE", "false", "a", "A", "ä", "nan", "1e2", "100"]
filter_values = st.one_of(st.sampled_from(SCALARS), st.integers(-2, 2), st.booleans(),
                          st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3))
record_values = st.one_of(filter_values, st.none(), st.lists(st.integers(), max_size=1),
                          st.dictionaries(st.just("x"), st.integers(), max_size=1))


@settings(deadline=None)
@given(record_values, filter_values, st.booleans())
def test_keys_agree_with_pairwise_equality(record_value: Any, filter_value: Any, ci: bool) -> None:
    assert scalar_equals(record_value, filter_value, ci) == equals_brute(record_value, filter_value, ci)


@settings(deadline=None)
@given(st.lists(record_values, max_size=5), st.lists(filter_values, max_size=4), st.booleans())
def test_all_of_agrees_with_its_definition(values: list[Any], wanted: list[Any], ci: bool) -> None:
    expected = all(any(equals_brute(v, w, ci) for v in values if v is not None) for w in wanted)
    assert AllOfSet(wanted, ci).match(values) == expected


def test_folding_compares_in_nfc():
    from filterengine.runtime.values import fold

    assert fold("CAFE\u0301") == fold("café") == "caf\u00e9"
    assert fold("İSTANBUL") == "i\u0307stanbul"
    assert scalar_equals("Cafe\u0301", "CAFÉ", True) and not scalar_equals("Cafe\u0301", "Café", False)


def test_infinities_are_not_numbers_and_have_no_string_form():
    from filterengine.runtime.values import scalar_text, to_number

    for value in (float("inf"), float("-inf"), float("nan")):
        assert to_number(value) is None and scalar_text(value) is None
        assert not scalar_equals(value, "inf") and not scalar_equals(value, "Infinity")
    assert to_number(10 ** 5000) == 10 ** 5000 and scalar_text(10 ** 5000) is None


def test_dicts_are_read_with_dict_get_and_mappings_through_their_protocol():
    from collections.abc import Mapping

    from filterengine.ir import Field
    from filterengine.runtime.values import get_key, get_value, record_view

    class OwnGet(dict):
        def get(self, key, default=None):
            raise AssertionError("a dict subclass's own get is not called")

    class Lookalike:
        def get(self, key, default=None):
            raise AssertionError("an object that is not a Mapping has no fields")

    class Proxy(Mapping):
        def __init__(self, data):
            self.data = data

        def __getitem__(self, key):
            return self.data[key]

        def __iter__(self):
            return iter(self.data)

        def __len__(self):
            return len(self.data)

    fld = Field("a", ("a",), ("m", "a"))
    assert get_value(OwnGet(a=1), fld) == 1 and get_value(OwnGet(m=OwnGet(a=2)), fld) == 2
    assert get_value(Lookalike(), fld) is None and get_key(Lookalike(), "a") is None
    assert record_view(Lookalike(), ("a",)) == {} and record_view(OwnGet(a=1), ("a",)) == {"a": 1}
    assert get_value(Proxy({"m": Proxy({"a": 3})}), fld) == 3


def test_integer_strings_of_any_length_keep_their_value():
    from decimal import Decimal

    from filterengine.runtime.values import integer_text_value

    long = "9" * 5000
    assert isinstance(integer_text_value(long), Decimal) and integer_text_value(long) == 10 ** 5000 - 1
    assert integer_text_value("-" + long) < -(10 ** 4999) < integer_text_value("7")
