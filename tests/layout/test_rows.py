"""layout/rows: the fast path for common raw values writes exactly what the general path writes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import filterengine as fe
from filterengine.layout import Layout, normalise
from filterengine.layout.rows import _fast, _general, _plan
from filterengine.schema import PLATFORM_SCHEMA

CUSTOM = fe.Schema.from_dict({"fields": {
    "words": {"kind": "text", "multivalued": True},
    "code": {"kind": "keyword"},
    "codes": {"kind": "keyword", "multivalued": True},
    "label": {"kind": "keyword", "case_insensitive": True},
    "labels": {"kind": "keyword", "multivalued": True, "case_insensitive": True},
    "n": {"kind": "number"}, "on": {"kind": "boolean"}, "at": {"kind": "date"},
}})

TEXT = st.text(alphabet=st.sampled_from("aZ ß-1_.\u0301\u00e9\u0130\u200d\u2160\u00c5A\u030a\t,"), max_size=12)
RAW = st.one_of(TEXT, st.integers(), st.booleans(), st.floats(allow_nan=True), st.lists(TEXT, max_size=4),
                st.lists(st.one_of(TEXT, st.integers(), st.none()), max_size=3), st.none())


def _typed(values: dict) -> list:
    return sorted((k, repr(v), type(v).__name__) for k, v in values.items())


@settings(max_examples=300, deadline=None)
@given(raw=RAW)
def test_fast_path_agrees_with_the_general_path(raw):
    for schema in (PLATFORM_SCHEMA, CUSTOM):
        fields, _ = _plan(Layout.of(schema))
        for f in fields:
            if raw is None or f.fast is None:
                continue
            fast: dict = {}
            if not _fast(raw, f, fast):
                assert fast == {}  # nothing written when the fast path declines
                continue
            general: dict = {}
            assert _general(raw, f, general), (f.column.name, raw)
            assert _typed(fast) == _typed(general), (f.column.name, raw)


def test_normalise_reads_common_and_uncommon_values_alike():
    layout = Layout.of(CUSTOM)
    row, bad = normalise({"words": ["Late GOAL", "Cafe\u0301"], "codes": ["A", "B"], "labels": ["X"], "n": 3,
                          "on": True, "code": "K\u0301", "label": "Ab"}, layout)
    assert row["words__terms"] == ["late", "goal", "caf\u00e9"] and row["codes__terms"] == ["A", "B"]
    assert row["labels__fold"] == ["x"] and row["code__terms"] == ["K\u0301".__class__("\u1e30")]
    assert row["n"] == 3 and row["on"] is True and row["label__fold"] == "ab" and bad == {}
