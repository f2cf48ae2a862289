"""Every sort, paging, static-list and envelope case of tests/playlist/, as data: ``(id, cliplist, clips, options)``.

The engines' tests run each on DuckDB and Polars, from records in memory and from
JSON lines, JSON and Parquet files, and compare the page with ``engine="python"``'s.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import filterengine as fe

from ..playlist import test_paging as paging
from ..playlist import test_sorting as sorting
from ..playlist import test_static as static
from ..playlist.helpers import NOW, dynamic, where

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SERVICE = json.loads((EXAMPLES / "clip-service" / "clips.json").read_text())["items"]
DRAFT_PLAYLIST = json.loads((EXAMPLES / "playlists" / "draft-latest-clips.json").read_text())

Case = tuple[str, Any, list[Any], dict[str, Any]]


def _paging() -> list[Case]:
    clips = paging.CLIPS
    watched = [{"id": str((i * 7919) % 5000), "views": i % 13} for i in range(5000)]
    return [
        ("paging-default", dynamic(), clips, {}),
        ("paging-cliplist-limit", dynamic(limit=3), clips, {}),
        ("paging-limit-argument", dynamic(limit=3), clips, {"limit": 2}),
        ("paging-offset", dynamic(limit=3), clips, {"offset": 3}),
        ("paging-past-the-end", dynamic(), clips, {"offset": 100}),
        ("paging-last-partial", dynamic(), clips, {"offset": 38, "limit": 5}),
        ("paging-limit-zero", dynamic(), clips, {"limit": 0}),
        ("paging-total", dynamic([{"field": "id", "operator": "isSmallerThan", "value": 9}], limit=4), clips, {}),
        ("paging-5000", dynamic(), watched, {"sort": "views desc, id", "offset": 20, "limit": 10}),
    ]


def _static() -> list[Case]:
    catalog, stored, make = static.CATALOG, static.STORED, static.static
    return [
        ("static-stored-order", make(stored), catalog, {}),
        ("static-id-string-form", make([{"id": 1}]), catalog, {}),
        ("static-filters-do-not-apply", make(stored, sort="title asc",
                                             filters=[{"filters": [where("status", "is", "archived")]}]), catalog, {}),
        ("static-sort-argument", make(stored), catalog, {"sort": "views desc"}),
        ("static-paging", make(stored, limit=2), catalog, {"offset": 1}),
        ("static-two-ids", make([{"id": "3"}, {"id": "1"}]), catalog, {}),
        ("static-empty", make([]), catalog, {}),
        ("static-missing-items", {"listtype": "static"}, catalog, {}),
        ("static-listtype-case", make(stored, listtype="Static"), catalog, {}),
        ("static-q", make(stored), catalog, {"q": "status:published"}),
    ]


def _envelopes() -> list[Case]:
    two = [{"id": "1"}, {"id": "2"}]
    mixed = [{"id": "b", "draft_id": "d"}, {"id": "a", "draft_id": "d"}, {"id": "c", "draft_id": "e"}]
    many = [{"id": str(i), "draft_id": "d"} for i in range(1500)]
    draft = "c0b60ca2251200ed149080b27165b4d1"
    return [
        ("envelope-sapi", dynamic(limit=1), two, {}),
        ("envelope-draft-playlist", DRAFT_PLAYLIST, SERVICE, {"now": NOW}),
        ("envelope-latest-1000", dynamic(limit=1000), SERVICE, {"sort": "created_at desc"}),
        ("envelope-complete-flag", dynamic([where("draft_id", "is", draft)], [where("is_complete", "is", "true")], limit=1000),
         SERVICE, {"sort": "created_at desc"}),
        ("envelope-draft-id", dynamic(), SERVICE, {"draft_id": draft}),
        ("envelope-catalog-order", dynamic(), mixed, {"draft_id": "d"}),
        ("envelope-at-most-1000", dynamic(), many, {"draft_id": "d", "limit": 5000}),
        ("envelope-collection-cap", dynamic(limit=1200), many, {}),
    ]


def _sorting() -> list[Case]:
    s = sorting
    three = s.CLIPS
    cases: list[Case] = [
        ("sort-default-id-desc", dynamic(), three, {}),
        ("sort-cliplist", dynamic(sort="views desc"), three, {}),
        ("sort-beside-filtersets", {"listtype": "dynamic", "filters": {"0": {"filters": []}, "sort": "title"}}, three, {}),
        ("sort-cliplist-wins", {"listtype": "dynamic", "sort": "views", "filters": {"sort": "title"}}, three, {}),
        ("sort-argument-overrides", dynamic(sort="views desc"), three, {"sort": "title desc"}),
        ("sort-alias", dynamic(sort="published_date DESC"), three, {}),
    ]
    numbers = [{"id": "a", "views": 9}, {"id": "b", "views": "10"}, {"id": "c", "views": 2.5}, {"id": "d", "views": "x"}]
    ids = [{"id": i} for i in ["9", "100", "10", "1000001", "99"]]
    strings = [{"id": "b"}, {"id": "10"}, {"id": "B"}, {"id": "9"}, {"id": "a"}]
    statuses = [{"id": "1", "status": "draft"}, {"id": "2", "status": "Published"}, {"id": "3", "status": "archived"}]
    titles = [{"id": "1", "title": "banana"}, {"id": "2", "title": "Apple"}, {"id": "3", "title": "cherry"}]
    dates = [
        {"id": "rfc", "publisheddate": "Thu, 19 Nov 2026 11:30:00 +0100"},
        {"id": "iso", "publisheddate": "2026-11-19T10:00:00Z"},
        {"id": "offset", "publisheddate": "2026-11-19T12:15:00+02:00"},
        {"id": "fraction", "publisheddate": "2026-11-19T10:45:00.500Z"},
        {"id": "day", "publisheddate": "2026-11-19"},
        {"id": "epoch", "publisheddate": 1795000000},
    ]
    iso_dates = [d for d in dates if d["id"] not in ("rfc", "epoch")]
    created = [{"id": "1", "created_at": "2026-11-19T12:00:00+02:00"}, {"id": "2", "created_at": "2026-11-19T09:00:00Z"},
               {"id": "3", "created_at": "2026-11-19T11:00:00Z"}]
    ranks = [{"id": "a", "rank": "10"}, {"id": "b", "rank": 9}, {"id": "c", "rank": "x"}, {"id": "d", "rank": True}]
    flags = [{"id": "1", "featured": "true"}, {"id": "2", "featured": False}, {"id": "3", "featured": "maybe"}]
    missing = [{"id": "missing"}, {"id": "late", "publisheddate": "2026-11-19T10:00:00Z"}, {"id": "null", "publisheddate": None},
               {"id": "garbage", "publisheddate": "soon"}, {"id": "early", "publisheddate": "2026-11-01T10:00:00Z"},
               {"id": "empty-list", "publisheddate": []}]
    ties = [{"id": str(i), "status": "published" if i % 2 else "draft"} for i in range(8)]
    later = [{"id": "1", "views": 5, "title": "b"}, {"id": "2", "views": 7, "title": "a"},
             {"id": "3", "views": 5, "title": "a"}, {"id": "4", "views": 7, "title": "c"}]
    lists = [{"id": "1", "cat": ["sport", "news"]}, {"id": "2", "cat": ["culture"]}, {"id": "3", "cat": [None, "art"]},
             {"id": "4", "cat": []}]
    every = dynamic()
    schema = fe.Schema({"featured": fe.FieldSpec("boolean")})
    cases += [
        ("sort-numbers", every, numbers, {"sort": "views"}),
        ("sort-numbers-desc", every, numbers, {"sort": "views desc"}),
        ("sort-integer-ids", every, ids, {"sort": "id"}),
        ("sort-integer-ids-desc", every, ids, {"sort": "id desc"}),
        ("sort-ids-mixed-types", every, [{"id": "12"}, {"id": 3}, {"id": "7"}], {"sort": "id"}),
        ("sort-strings-after-integers", every, strings, {"sort": "id"}),
        ("sort-strings-after-integers-desc", every, strings, {"sort": "id desc"}),
        ("sort-status-exact", every, statuses, {"sort": "status"}),
        ("sort-text-folded", every, titles, {"sort": "title"}),
        ("sort-text-alias-desc", every, titles, {"sort": "title_cistr desc"}),
        ("sort-dates-across-formats", every, dates, {"sort": "publisheddate"}),
        ("sort-iso-dates", every, iso_dates, {"sort": "publisheddate"}),
        ("sort-iso-dates-desc", every, iso_dates, {"sort": "published_date desc"}),
        ("sort-created-at", every, created, {"sort": "created_at desc"}),
        ("sort-field-of-no-kind", every, ranks, {"sort": "rank"}),
        ("sort-booleans", every, flags, {"sort": "featured desc", "schema": schema}),
        ("sort-missing-last-asc", every, missing, {"sort": "publisheddate asc"}),
        ("sort-missing-last-desc", every, missing, {"sort": "publisheddate desc"}),
        ("sort-ties-asc", every, ties, {"sort": "status asc"}),
        ("sort-ties-desc", every, ties, {"sort": "status desc"}),
        ("sort-later-keys", every, later, {"sort": "views desc, title"}),
        ("sort-later-keys-other-way", every, later, {"sort": "views, title desc"}),
        ("sort-list-first-value", every, lists, {"sort": "catSort"}),
        ("sort-not-objects", every, [{"id": "1"}, ["not", "a", "clip"], None, {"id": "2"}], {"sort": "title"}),
    ]
    for seed in range(5):
        rng = random.Random(seed)
        clips = [{"id": str(rng.randrange(50)), "views": rng.choice([None, 1, 2, "3", "x"]),
                  "title": rng.choice(["a", "B", None])} for _ in range(60)]
        for offset, limit in [(0, 7), (5, 10), (55, 10), (0, 60)]:
            cases.append((f"sort-stable-{seed}-{offset}-{limit}", every, clips,
                          {"sort": "views desc, title", "offset": offset, "limit": limit}))
    for case in cases:
        case[3].setdefault("now", NOW)
    return cases


CASES: list[Case] = _paging() + _static() + _envelopes() + _sorting()

#: Cases an engine refuses rather than answer differently: ``{case id: {source: error class name}}``
#: (``"json"``: every JSON source on DuckDB; ``"duckdb"``/``"polars"``: every source on that engine;
#: ``"*"``: every source and engine).
REFUSED: dict[str, dict[str, str]] = {
    # RFC 2822 and epoch dates are read by the runtime only.
    "sort-dates-across-formats": {"json": "EngineRecordError"},
    # Values of no kind sort by parsing (booleans, numbers, dates, strings): no engine sorts them.
    "sort-field-of-no-kind": {"*": "UnsupportedError"},
}
