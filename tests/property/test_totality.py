"""Totality: any JSON thrown at compile_filters compiles or raises FilterEngineError, nothing else."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import filterengine as fe
from filterengine.syntax import parse_reach

from .strategies import filtersets, json_values, records


@settings(deadline=None)
@given(json_values, st.lists(records, max_size=3))
def test_compile_filters_is_total(value, recs):
    try:
        pred = fe.compile_filters(value, now="2024-05-10T12:00:00Z")
    except fe.FilterEngineError:
        return
    for record in recs:
        assert pred(record) in (True, False)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 DAYSHOURMINTWEKLNO+-/\tzx.$"), max_size=20) | st.text(max_size=12))
def test_time_expressions_parse_or_raise_with_position(text):
    try:
        parse_reach(text)
    except fe.TimeExpressionError as err:
        assert 0 <= err.position <= len(text)


def _deep(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value, {"a": value}] if depth < 20 else [value]
    return value


#: Record values no JSON writer or naive reader takes: every family of the hostile corpus's totality cases.
HOSTILE_LEAVES = [10 ** 5000, -(10 ** 5000), "9" * 5000, 10 ** 400, 1e300, float("inf"), float("-inf"), float("nan"),
                  "\ud800", "a\udfffb", "\x00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                  "Sat, 01 Jan 0000 00:00:00 +0000", "Mon, 01 Jan 0050 00:00:00 +0000", "CAFE\u0301", _deep(3000),
                  _deep(5)]
hostile_values = st.one_of(st.sampled_from(HOSTILE_LEAVES), st.lists(st.sampled_from(HOSTILE_LEAVES), max_size=3))
hostile_records = st.dictionaries(st.sampled_from(["id", "views", "title", "cat", "publisheddate", "x", "meta"]),
                                  hostile_values | records.map(lambda r: r.get("a")), max_size=5)
SORTS = [None, "id desc", "id asc", "views desc", "title", "publisheddate desc", "x desc, id", "cat"]


@settings(max_examples=150, deadline=None)
@given(filtersets, st.lists(hostile_records, min_size=1, max_size=4), st.sampled_from(SORTS))
def test_hostile_record_values_never_raise_and_backends_agree(value, recs, sort):
    cliplist = {"title": "t", "listtype": "dynamic", "filters": value}
    try:
        pages = [fe.preview(cliplist, recs, now="2024-05-10T12:00:00Z", sort=sort, limit=10, backend=backend)
                 for backend in ("python", "reference")]
    except fe.FilterEngineError:
        return
    assert [id(r) for r in pages[0].items] == [id(r) for r in pages[1].items]
    pred = fe.compile_filters(cliplist, now="2024-05-10T12:00:00Z")
    for record in recs:
        try:
            report = fe.explain(cliplist, record, now="2024-05-10T12:00:00Z")
        except fe.LimitExceededError as err:  # explain reads a clip only as deep as Limits.record_depth
            assert err.limit == "record_depth"
            continue
        assert report.matched is pred(record)
        str(report)
        json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
