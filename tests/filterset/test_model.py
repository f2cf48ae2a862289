"""The cliplist model: lossless round trips, unknown keys kept, type problems reported."""

from __future__ import annotations

import json

import pytest

import filterengine as fe

FULL = {
    "title": "Latest football",
    "id": "4711",
    "type": "MediaClipList",
    "listtype": "dynamic",
    "usetype": "playlist",
    "status": "published",
    "limit": 20,
    "sort": "publisheddate desc",
    "createddate": "2024-01-01T00:00:00Z",
    "updateddate": "2024-02-01T00:00:00Z",
    "createdBy": "ed",
    "updatedBy": {"name": "ed"},
    "items": [{"id": "1", "title": "x"}],
    "x-custom": {"nested": [1, 2]},
    "filters": [
        {"id": "fs-1", "filters": [{"type": "mediaclip", "field": "cat", "operator": "ContainsAnyOf",
                                    "value": ["football"], "id": "client-7"}]}
    ],
    "zzz": None,
}


@pytest.mark.parametrize(
    "filters",
    [
        FULL["filters"],
        {"0": FULL["filters"][0], "sort": "id desc", "1": {"filters": []}},
        {"type": "SearchRequest", "filterSet": FULL["filters"], "q": "x"},
        None,
    ],
)
def test_round_trip_is_lossless(filters):
    doc = dict(FULL, filters=filters)
    cl = fe.Cliplist.from_dict(doc)
    out = cl.to_dict()
    assert out == doc
    assert list(out) == list(doc)
    assert json.dumps(out) == json.dumps(doc)


def test_typed_fields_and_extra():
    cl = fe.Cliplist.from_dict(FULL)
    assert cl.title == "Latest football" and cl.limit == 20 and cl.listtype == "dynamic"
    assert cl.extra == {"x-custom": {"nested": [1, 2]}, "zzz": None}
    assert not cl.is_static
    assert cl.effective_sort == "publisheddate desc"


def test_from_dict_copies_its_input():
    doc = json.loads(json.dumps(FULL))
    cl = fe.Cliplist.from_dict(doc)
    doc["items"].append("mutated")
    assert cl.items == [{"id": "1", "title": "x"}]
    cl.to_dict()["items"].append("mutated")
    assert cl.items == [{"id": "1", "title": "x"}]


def test_sort_beside_object_shaped_filtersets():
    cl = fe.Cliplist.from_dict({"filters": {"0": {"filters": []}, "sort": "title asc"}})
    assert cl.effective_sort == "title asc"


def test_type_problems_are_reported_together():
    with pytest.raises(fe.FiltersetError) as info:
        fe.Cliplist.from_dict({"limit": "ten", "listtype": "smart", "items": {}, "title": 5})
    assert {p.path for p in info.value.problems} == {"/limit", "/listtype", "/items", "/title"}


def test_operators_written_back_as_given_and_compile():
    cl = fe.Cliplist.from_dict(FULL)
    assert cl.to_dict()["filters"][0]["filters"][0]["operator"] == "ContainsAnyOf"
    pred = fe.compile_filters(cl)
    assert pred({"cat": ["football"]}) and not pred({"cat": ["tennis"]})


def test_not_a_mapping():
    with pytest.raises(TypeError):
        fe.Cliplist.from_dict(["nope"])


def test_documents_nested_as_deep_as_the_limit_allows_round_trip():
    deep: dict = {}
    for _ in range(99):  # 198 levels under x-meta: 199 with the document
        deep = {"a": [deep]}
    doc = {"title": "deep", "filters": [], "x-meta": deep}
    copied = fe.Cliplist.from_dict(doc, limits=fe.Limits(record_depth=200)).to_dict()
    assert copied.keys() == doc.keys() and copied["x-meta"] is not deep
    assert copied["x-meta"] == deep


def test_documents_nested_past_the_limit_are_turned_down_not_recursed():
    deep: dict = {}
    for _ in range(50_000):
        deep = {"a": [deep]}
    with pytest.raises(fe.LimitExceededError) as info:
        fe.Cliplist.from_dict({"title": "deep", "filters": [], "x-meta": deep})
    assert info.value.limit == "record_depth"


def test_a_document_that_holds_itself_is_too_deep_not_a_hang():
    loop: list = []
    loop.append(loop)
    with pytest.raises(fe.LimitExceededError):
        fe.Cliplist.from_dict({"title": "loop", "filters": [], "x": loop})
