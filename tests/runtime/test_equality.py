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
