"""fe.explain: per filterset and filter, as text and as data."""

from __future__ import annotations

import json

import pytest

import filterengine as fe

from .helpers import NOW, dynamic, where

NEWS = dynamic(
    [where("cat", "containsAnyOf", ["news"]), where("title", "contains", "storm")],
    [where("publisheddate", "isInTheLast", "7DAYS")],
    [where("status", "is", "")],  # ignored: empty value
    title="Latest news",
)
FRESH = {"id": "1", "title": "Storm hits the coast", "cat": ["weather"], "publisheddate": "2026-11-19T08:00:00Z"}
OLD = {"id": "2", "cat": ["news"], "publisheddate": "Sun, 01 Nov 2026 08:00:00 +0000"}


def test_a_matching_clip():
    report = fe.explain(NEWS, FRESH, now=NOW)
    assert report.matched and report.listtype == "dynamic" and report.clip_id == "1"
    first, second, third = report.filtersets
    assert (first.path, first.matched) == ("/filters/0", True)
    assert [(f.path, f.matched, f.seen) for f in first.filters] == [
        ("/filters/0/filters/0", False, ["weather"]),
        ("/filters/0/filters/1", True, "Storm hits the coast"),
    ]
    assert second.matched is True and second.filters[0].seen == "2026-11-19T08:00:00Z"
    assert third.matched is None and third.filters[0].matched is None
    assert "empty value" in third.filters[0].note


def test_a_clip_that_does_not_match_names_the_filterset():
    report = fe.explain(NEWS, OLD, now=NOW)
    assert not report.matched
    assert [fs.matched for fs in report.filtersets] == [True, False, None]


def test_text_report():
    text = str(fe.explain(NEWS, OLD, now=NOW))
    assert text.splitlines() == [
        'clip 2: NOT IN "Latest news" (dynamic list; every filterset must match)',
        "  /filters/0  match",
        '    /filters/0/filters/0  match     cat containsAnyOf ["news"]  (saw ["news"])',
        '    /filters/0/filters/1  no match  title contains "storm"  (saw null)',
        "  /filters/1  NO MATCH",
        '    /filters/1/filters/0  no match  publisheddate isInTheLast "7DAYS"  (saw "Sun, 01 Nov 2026 08:00:00 +0000")',
        "  /filters/2  ignored  (every filter is ignored)",
        '    /filters/2/filters/0  ignored   status is ""  (filter with an empty value is ignored)',
    ]


def test_data_report_is_json_ready():
    data = fe.explain(NEWS, OLD, now=NOW).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["matched"] is False and data["filtersets"][1]["filters"][0]["operator"] == "isInTheLast"
    assert data["now"] == "2026-11-20T12:00:00+00:00"


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_explain_agrees_with_preview(backend):
    clips = [FRESH, OLD, {"id": "3"}, {"id": "4", "title": "STORM", "publisheddate": "2026-11-20T11:00:00Z"}]
    page = fe.preview(NEWS, clips, now=NOW, backend=backend)
    assert {c["id"] for c in page.items} == {c["id"] for c in clips if fe.explain(NEWS, c, now=NOW).matched}


def test_no_filtersets_matches_everything():
    report = fe.explain(dynamic(title="All"), {"id": "9"}, now=NOW)
    assert report.matched and "no filtersets: every clip matches" in str(report)


def test_static_lists_report_the_stored_position():
    cliplist = {"title": "Picks", "listtype": "static", "items": [{"id": "5"}, {"id": 9}],
                "filters": [{"filters": [where("status", "is", "archived")]}]}
    inside = fe.explain(cliplist, {"id": "9", "status": "published"}, now=NOW)
    assert inside.matched and inside.position == 1 and inside.filtersets == ()
    assert str(inside).splitlines()[1] == "  stored item 2 of 2"
    outside = fe.explain(cliplist, {"id": "6"}, now=NOW)
    assert not outside.matched and outside.position is None
    assert "not among the 2 stored items" in str(outside)


def test_invalid_cliplists_raise():
    with pytest.raises(fe.FiltersetError) as err:
        fe.explain(dynamic([where("cat", "containsAny", "x")]), FRESH)
    assert err.value.problems[0].path == "/filters/0/filters/0/operator"


def test_clip_data_never_raises():
    for clip in ({}, {"cat": {"a": 1}, "publisheddate": ["x", 3]}, {"title": 5}):
        assert fe.explain(NEWS, clip, now=NOW).matched is False


def _deep(depth):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("clip", [
    {"id": _deep(60), "cat": _deep(60), "title": {"a": _deep(60)}},
    {"id": 10 ** 5000, "cat": [10 ** 5000], "views": 10 ** 5000, "publisheddate": 10 ** 400},
    {"id": "\ud800", "cat": ["\udfff"], "title": "storm \ud800"},
    {"id": float("inf"), "cat": float("nan"), "publisheddate": float("-inf")},
], ids=["deep", "huge-numbers", "lone-surrogates", "non-finite"])
@pytest.mark.parametrize("q", [None, "cat:news OR views:[1 TO *] OR title:storm"])
def test_any_clip_explains_as_text_and_as_data_that_encodes(clip, q):
    """Any clip within ``Limits.record_depth`` (deeper ones: ``test_limits``)."""
    report = fe.explain(NEWS, clip, now=NOW, q=q)
    text = str(report)
    data = report.to_dict()
    json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert text.startswith("clip ") and data["matched"] is report.matched


def test_a_dict_subclass_clip_is_read_as_a_dict():
    class OwnGet(dict):
        def get(self, key, default=None):
            raise AssertionError("not called")

    report = fe.explain(NEWS, OwnGet(FRESH), now=NOW)
    assert report.matched and report.clip_id == "1"
