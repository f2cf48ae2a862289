"""Static lists: stored order, fresher catalog records, what applies and what does not."""

from __future__ import annotations

import filterengine as fe

from .helpers import ids, where

CATALOG = [
    {"id": "1", "title": "One, fresh", "status": "published", "views": 10},
    {"id": "2", "title": "Two, fresh", "status": "draft", "views": 30},
    {"id": "3", "title": "Three, fresh", "status": "published", "views": 20},
    {"id": "1", "title": "One, a later duplicate", "status": "published", "views": 99},
]


def static(items, **keys):
    return {"title": "picks", "listtype": "static", "items": items, **keys}


STORED = [
    {"id": "3", "title": "Three, stale"},
    {"id": 1, "title": "One, stale"},
    {"id": "404", "title": "Only stored"},
    {"title": "No id"},
    {"id": "2", "title": "Two, stale"},
]


def test_stored_order_with_catalog_records_swapped_in(backend):
    page = fe.preview(static(STORED), CATALOG, backend=backend)
    assert [i["title"] for i in page.items] == ["Three, fresh", "One, fresh", "Only stored", "No id", "Two, fresh"]
    assert page.total == 5 and page.static and page.sort is None


def test_ids_match_by_string_form_and_the_first_catalog_record_wins(backend):
    page = fe.preview(static([{"id": 1}]), CATALOG, backend=backend)
    assert page.items == [CATALOG[0]]


def test_cliplist_filters_and_sort_do_not_apply(backend):
    cliplist = static(STORED, sort="title asc", filters=[{"filters": [where("status", "is", "archived")]}])
    assert ids(fe.preview(cliplist, CATALOG, backend=backend)) == ["3", "1", "404", None, "2"]


def test_sort_argument_applies(backend):
    page = fe.preview(static(STORED), CATALOG, sort="views desc", backend=backend)
    assert ids(page) == ["2", "3", "1", "404", None]  # unsorted-by-value items (no views) last, stored order
    assert str(page.sort) == "views desc"


def test_cliplist_limit_and_paging_apply(backend):
    page = fe.preview(static(STORED, limit=2), CATALOG, offset=1, backend=backend)
    assert ids(page) == ["1", "404"] and page.total == 5


def test_catalog_is_read_only_until_every_stored_id_is_found(backend):
    read = []

    def catalog():
        for clip in CATALOG:
            read.append(clip["id"])
            yield clip

    fe.preview(static([{"id": "3"}, {"id": "1"}]), catalog(), backend=backend)
    assert read == ["1", "2", "3"]


def test_empty_or_missing_items(backend):
    assert fe.preview(static([]), CATALOG, backend=backend).total == 0
    assert fe.preview({"listtype": "static"}, CATALOG, backend=backend).items == []


def test_listtype_is_case_insensitive(backend):
    assert fe.preview(static(STORED, listtype="Static"), CATALOG, backend=backend).static


def test_cliplist_object_works_like_its_dict(backend):
    cliplist = fe.Cliplist.from_dict(static(STORED))
    assert ids(fe.preview(cliplist, CATALOG, backend=backend)) == ids(fe.preview(static(STORED), CATALOG, backend=backend))
