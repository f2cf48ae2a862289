"""fe.to_polars and fe.to_frame: the frame's layout, the missing-value rule, what raises, LazyFrames."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import polars as pl
import pytest

import filterengine as fe
from filterengine.layout import Layout
from filterengine.schema import PLATFORM_SCHEMA

NOW = "2024-05-10T12:00:00Z"
RECORDS = [
    {"id": 1, "title": "Late GOAL", "views": "12", "cat": "news", "publisheddate": "2024-05-09T06:00:00Z", "slug": "a"},
    {"id": 2, "title": "Harbour at dawn", "views": 3, "cat": ["sport", "news"], "featured": [True, "x"]},
    {"id": 3, "views": [1, 2], "publisheddate": "soon", "meta": {"league": "premier"}},
    "not a record",
]


def ids(frame: pl.DataFrame | pl.LazyFrame, filters=None, q=None) -> list[str | None]:
    found = frame.filter(fe.to_polars(filters, q=q, now=NOW))
    collected = found.collect() if isinstance(found, pl.LazyFrame) else found
    return collected["id"].to_list()


def test_the_frame_has_the_layout_and_the_loaders_values():
    frame = fe.to_frame(RECORDS)
    assert frame.columns == [c.name for c in Layout.of(PLATFORM_SCHEMA).columns]
    assert frame.schema["views"] == pl.Float64 and frame.schema["cat"] == pl.List(pl.String)
    assert frame.schema["publisheddate"] == pl.Datetime("us", "UTC")
    assert frame["views"].to_list() == [12.0, 3.0, None, None]  # a list in a one-value field: null
    assert frame["publisheddate"].to_list()[:3] == [datetime(2024, 5, 9, 6, tzinfo=UTC), None, None]
    assert frame["title__terms"].to_list()[0] == ["late", "goal"]
    assert frame["_row"].to_list() == [0, 1, 2, 3]


def test_negations_take_the_missing_values():
    frame = fe.to_frame(RECORDS)
    assert ids(frame, q="title:goal") == ["1"]
    assert ids(frame, q="NOT title:goal") == ["2", "3", None]
    assert ids(frame, [{"filters": [{"field": "views", "operator": "isGreaterThan", "value": 5}]}]) == ["1"]
    assert ids(frame, [{"filters": [{"field": "slug", "operator": "isNot", "value": "a"}]}]) == ["2", "3", None]


def test_values_of_no_kind_keep_their_json_type():
    frame = fe.to_frame(RECORDS)
    assert ids(frame, [{"filters": [{"field": "featured", "operator": "is", "value": "true"}]}]) == ["2"]
    assert ids(frame, q="meta.league:premier") == ["3"]
    assert ids(frame, q="cat:news") == ["1", "2"]


def test_a_lazy_frame_takes_the_same_expression():
    assert ids(fe.to_frame(RECORDS).lazy(), q="cat:sport OR title:goal") == ["1", "2"]


def test_a_number_range_on_a_keyword_column_reads_numeric_strings():
    # isSmallerThan on ids: the runtime reads "9", " 12 ", "1e1" and 7 as numbers, "x" and "1_0" as none.
    records = [{"id": i} for i in ("9", " 12 ", "1e1", "x", "1_0", "-3.5", ".5", "inf")] + [{"id": 7}]
    filters = [{"filters": [{"field": "id", "operator": "isSmallerThan", "value": 11}]}]
    expected = [r["id"] for r in fe.compile_filters(filters).filter(records)]
    frame = fe.to_frame(records)
    assert frame.filter(fe.to_polars(filters))["id"].to_list() == [str(i) for i in expected]
    assert expected == ["9", "1e1", "-3.5", ".5", 7]


@pytest.mark.parametrize(("q", "construct"), [
    ("title:gaol~1", "fuzzy term"),
    ('title:"late goal"~2', "proximity phrase"),
    ("views:*2*", "wildcard on a number column"),
])
def test_what_polars_cannot_say_raises(q, construct):
    with pytest.raises(fe.UnsupportedError) as raised:
        fe.to_polars(q=q)
    assert raised.value.construct == construct and raised.value.dialect == "polars"
    assert raised.value.to_dict()["code"] == "unsupported"


def test_a_static_list_raises():
    with pytest.raises(fe.UnsupportedError):
        fe.to_polars({"listtype": "static", "items": [{"id": "1"}], "title": "t", "type": "MediaClipList"})


def test_importing_filterengine_does_not_import_polars():
    code = "import sys, filterengine; assert 'polars' not in sys.modules; filterengine.to_polars; assert 'polars' in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
