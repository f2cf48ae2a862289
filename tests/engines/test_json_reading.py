"""DuckDB's one-pass JSON reading: the shortcuts it takes (types from a value's first character, lists of
strings read whole, the page kept by an aggregate) answer and refuse as the full reading does."""

from __future__ import annotations

import json

import pytest

import filterengine as fe

NOW = "2026-11-20T12:00:00Z"
VIDEO = {"listtype": "dynamic", "sort": "publisheddate desc, id",
         "filters": [{"filters": [{"field": "mediatype", "operator": "is", "value": "video"}]}]}


def test_nan_is_a_number_not_null(tmp_path):
    # DuckDB reads the non-JSON `nan` as a number: refused in a keyword field, as before, never read as missing.
    path = tmp_path / "clips.jsonl"
    path.write_text('{"id": "1", "mediatype": nan}\n{"id": "2", "mediatype": "video"}\n', encoding="utf-8")
    with pytest.raises(fe.EngineRecordError) as caught:
        fe.preview(VIDEO, str(path), now=NOW, engine="duckdb")
    assert caught.value.to_dict()["code"] == "engine_record"


def test_white_space_before_a_record_and_mixed_lists(tmp_path):
    clips = [{"id": "1", "mediatype": "video", "tags": ["a", None, True], "publisheddate": "2026-01-02"},
             {"id": "2", "mediatype": "video", "tags": [], "publisheddate": "2026-01-02"},
             {"id": "3", "mediatype": "audio", "tags": ["b", 7]},
             {"id": "4", "mediatype": "video", "tags": "c", "publisheddate": None}]
    lines = ["  " + json.dumps(clips[0]), json.dumps(clips[1]), "", json.dumps(clips[2]), json.dumps(clips[3])]
    path = tmp_path / "clips.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for q in (None, "tags:a OR tags:true", "tags:7", "tags:c"):
        for offset in (0, 1, 5):
            theirs = fe.preview(VIDEO, clips, now=NOW, q=q, offset=offset, limit=2)
            if q is not None:  # a test on tags: the list of a string, null and a boolean is not the field's own type
                with pytest.raises(fe.EngineRecordError, match="own JSON type") as err:
                    fe.preview(VIDEO, str(path), now=NOW, q=q, offset=offset, limit=2, engine="duckdb")
                assert (err.value.record, err.value.field) == (1, "tags")
                continue
            ours = fe.preview(VIDEO, str(path), now=NOW, q=q, offset=offset, limit=2, engine="duckdb")
            assert (ours.items, ours.total) == (theirs.items, theirs.total), (q, offset)
