"""Page envelopes, and the clip-service "latest clips of a draft" list over its example catalog."""

from __future__ import annotations

import json
import re
from pathlib import Path

import filterengine as fe

from .helpers import NOW, dynamic, ids, where

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_to_sapi(backend):
    page = fe.preview(dynamic(limit=1), [{"id": "1"}, {"id": "2"}], backend=backend)
    assert page.to_sapi() == {"numfound": 2, "items": [{"id": "2"}]}


def test_to_collection_counts_the_items_in_the_response(backend):
    page = fe.preview(dynamic(limit=1), [{"id": "1"}, {"id": "2"}], backend=backend)
    assert page.to_collection("/drafts/x/clips") == {
        "@id": "/drafts/x/clips", "@type": "Collection", "items": [{"id": "2"}], "total_items": 1,
    }


def test_envelopes_hold_the_catalog_records_themselves(backend):
    clip = {"id": "1"}
    page = fe.preview(dynamic(), [clip], backend=backend)
    assert page.items[0] is clip and page.to_sapi()["items"][0] is clip


def _service():
    return json.loads((EXAMPLES / "clip-service" / "clips.json").read_text())


def test_latest_clips_of_one_draft(backend):
    catalog = _service()
    playlist = json.loads((EXAMPLES / "playlists" / "draft-latest-clips.json").read_text())
    page = fe.preview(playlist, catalog["items"], now=NOW, backend=backend)
    mine = [c for c in catalog["items"] if c["draft_id"] == "0da20367846c53b6a746474d8d308443"]
    assert page.limit == 1000 and page.total == len(mine) == len(page.items)
    assert ids(page) == [c["id"] for c in sorted(mine, key=lambda c: c["created_at"], reverse=True)]
    envelope = page.to_collection("/drafts/0da20367846c53b6a746474d8d308443/clips")
    assert envelope["total_items"] == len(mine) and envelope["@type"] == "Collection"


def test_latest_1000_of_every_draft_with_an_explicit_sort(backend):
    catalog = _service()["items"]
    page = fe.preview(dynamic(limit=1000), catalog, sort="created_at desc", backend=backend)
    assert page.total == len(catalog) == len(page.items)
    times = [c["created_at"] for c in page.items]
    assert times == sorted(times, reverse=True)


def test_only_complete_clips_with_a_boolean_flag(backend):
    catalog = _service()["items"]
    cliplist = dynamic([where("draft_id", "is", "c0b60ca2251200ed149080b27165b4d1")], [where("is_complete", "is", "true")], limit=1000)
    page = fe.preview(cliplist, catalog, sort="created_at desc", backend=backend)
    assert page.items and all(c["is_complete"] is True and c["draft_id"] == "c0b60ca2251200ed149080b27165b4d1" for c in page.items)


def test_the_example_catalog_follows_the_clip_service_document():
    catalog = _service()
    assert catalog["@id"] == "/clip/draft_info" and catalog["total_items"] == len(catalog["items"])
    hex32 = re.compile(r"[0-9a-f]{32}\Z")
    for clip in catalog["items"]:
        assert hex32.match(clip["id"]) and hex32.match(clip["draft_id"])
        assert clip["@id"] == f"/clip/draft_info/{clip['id']}" and clip["@type"] == "Clip"
        assert isinstance(clip["asset"], str) and (clip["asset"] == "") is (not clip["is_complete"])


def test_draft_id_is_a_parameter(backend):
    catalog = _service()["items"]
    draft = "c0b60ca2251200ed149080b27165b4d1"
    page = fe.preview(dynamic(), catalog, draft_id=draft, backend=backend)
    mine = [c for c in catalog if c["draft_id"] == draft]
    assert page.limit == 1000 and str(page.sort) == "created_at desc"
    assert ids(page) == [c["id"] for c in sorted(mine, key=lambda c: c["created_at"], reverse=True)]
    assert page.to_collection()["@id"] == "/clip/draft_info"


def test_latest_means_catalog_order_without_creation_times(backend):
    clips = [{"id": "b", "draft_id": "d"}, {"id": "a", "draft_id": "d"}, {"id": "c", "draft_id": "e"}]
    assert ids(fe.preview(dynamic(), clips, draft_id="d", backend=backend)) == ["b", "a"]


def test_the_collection_holds_at_most_1000_clips(backend):
    clips = [{"id": str(i), "draft_id": "d"} for i in range(1500)]
    page = fe.preview(dynamic(), clips, draft_id="d", limit=5000, backend=backend)
    assert page.limit == 1000 and page.total == 1500
    envelope = fe.preview(dynamic(limit=1200), clips, backend=backend).to_collection()
    assert envelope["total_items"] == len(envelope["items"]) == 1000
