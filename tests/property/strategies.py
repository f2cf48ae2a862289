"""Hypothesis strategies: messy records and random (valid-ish) filtersets."""

from __future__ import annotations

from hypothesis import strategies as st

from filterengine.filterset.operators import OPERATORS

FIELDS = ["a", "b", "title", "cat", "meta.x", "catSort", "publisheddate"]
WORDS = ["", "0", "1", "1.0", "2", "-3", "true", "false", "TRUE", "a", "A", "ab", "ba", "x y", "news",
         "1e2", "nan", "2024-05-03T12:00:00Z", "2024-05-10", "Mon, 29 Nov 2021 15:20:37 +0100", "7DAYS"]

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=4),
    st.integers(min_value=-5, max_value=5),
    st.integers(min_value=1_600_000_000, max_value=1_800_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
record_values = st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(st.sampled_from(["x", "y"]), scalars, max_size=2))
records = st.dictionaries(st.sampled_from(["a", "b", "title", "cat", "meta", "publisheddate", "catSort"]),
                          record_values, max_size=5)

VALUE_FOR = {
    "equals": st.one_of(st.sampled_from(WORDS), st.integers(-3, 3), st.booleans(), st.floats(allow_nan=False),
                        st.lists(st.sampled_from(WORDS), max_size=3)),
    "contains_all": st.lists(st.sampled_from(WORDS), max_size=3),
    "substring": st.one_of(st.sampled_from(WORDS), st.lists(st.sampled_from(WORDS), max_size=3), st.integers(0, 9)),
    "empty": st.sampled_from(["*", None, ""]),
    "before": st.sampled_from(["2024-05-03T12:00:00Z", "NOW-7DAYS/DAY", "2024-01-01+1MONTH", "NOW", 1714000000]),
    "after": st.sampled_from(["2024-05-03", "NOW-1DAY", "2021-11-29T14:20:37Z"]),
    "smaller": st.one_of(st.integers(-3, 3), st.sampled_from(["1", "2.5", "1e2"])),
    "greater": st.one_of(st.integers(-3, 3), st.sampled_from(["0", "-1", "1e9"])),
    "in_the_last": st.sampled_from(["7DAYS", "1HOUR", "1MONTH 2DAYS", "NOW-7DAYS/DAY", "10YEARS"]),
}


@st.composite
def filters(draw):
    op = draw(st.sampled_from(OPERATORS))
    return {"field": draw(st.sampled_from(FIELDS)), "operator": op.name, "value": draw(VALUE_FOR[op.family])}


filtersets = st.lists(st.builds(lambda fs: {"filters": fs}, st.lists(filters(), max_size=3)), max_size=3)

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
              st.sampled_from([o.name for o in OPERATORS] + ["filters", "field", "operator", "value", "0", "7DAYS"])),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["filters", "field", "operator", "value", "type", "filterSet", "0", "1", "sort", "x"]),
                        children, max_size=4),
    ),
    max_leaves=20,
)
