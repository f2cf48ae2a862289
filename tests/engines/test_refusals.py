"""What the engines refuse rather than answer differently: records they cannot read, constructs, JSON on Polars."""

from __future__ import annotations

import gzip
import json

import pytest

import filterengine as fe
from filterengine.engines.files import write_parquet

NOW = "2026-11-20T12:00:00Z"
EVERY = {"listtype": "dynamic"}


def jsonl(tmp_path, clips, name="clips.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in clips), encoding="utf-8")
    return path


@pytest.mark.parametrize("field, value, sort, q", [
    ("publisheddate", "Mon, 19 Nov 2026 11:30:00 +0100", "publisheddate", None),  # a wrong weekday: the runtime ignores it
    ("publisheddate", "Thu, 19 Nov 2026 11:30:00 CET", "publisheddate", None),  # zone names are the runtime's
    ("publisheddate", "Thu, 19 nov 2026 11:30:00 +0100", "publisheddate", None),
    ("publisheddate", 1795000000, "publisheddate desc", None),  # epoch seconds
    ("publisheddate", "2026-11-19T10:00:00.1234567Z", "publisheddate", None),  # seven fraction digits
    ("id", 7.0, "id", None),  # the runtime writes 7.0 as "7"
    ("id", 12345678901234567890, "id", None),  # more digits than checked here
    ("views", "1_000", "views", None),  # digits, but not a plain number
    ("views", " 42 ", "views", None),
    ("transcodingFinished", "true\t", "transcodingFinished", None),
    ("title", "Éclair", "title", None),  # folding non-ASCII text is the runtime's
    ("title", "Straße", "id", "title:strasse"),
    ("cat", ["news", 2.5], "catSort", None),
    ("cat", "", "catSort desc", None),  # the loader's empty list, the sort's string
    ("cat", [None, {"a": 1}, "art"], "catSort desc", None),  # the sort's first value is the object
    ("id", ["a"], "id desc", None),  # a list in a field of one value: the loader's NULL, the sort's "a"
    ("views", [3], "views", None),
])
def test_records_duckdb_cannot_read_as_python_does_are_refused(tmp_path, field, value, sort, q):
    clips = [{"id": "1", field: "2026-11-01" if field == "publisheddate" else None}, {"id": "2", field: value}]
    path = jsonl(tmp_path, clips)
    fe.preview(EVERY, clips, now=NOW, sort=sort, q=q)  # python reads it
    with pytest.raises(fe.EngineRecordError) as err:
        fe.preview(EVERY, path, now=NOW, sort=sort, q=q, engine="duckdb")
    assert (err.value.record, err.value.field, err.value.engine) == (2, field, "duckdb")
    assert str(path) in str(err.value) and 'engine="python"' in str(err.value) and "filterengine convert" in str(err.value)
    body = err.value.to_dict()
    assert body["code"] == "engine_record" and body["record"] == 2 and body["field"] == field


def test_the_first_refused_record_is_named(tmp_path):
    clips = [{"id": "1"}, {"id": "2", "publisheddate": "soon"}, {"id": "3", "publisheddate": "19 Nov 2026"},
             {"id": "4", "publisheddate": "20 Nov 2026"}]
    with pytest.raises(fe.EngineRecordError) as err:
        fe.preview(EVERY, jsonl(tmp_path, clips), sort="publisheddate", engine="duckdb")
    assert err.value.record == 3  # "soon" has no digit: no date by any rule, so it reads as nothing


@pytest.mark.parametrize("field, value", [
    ("publisheddate", "soon"), ("publisheddate", []), ("publisheddate", "Thu, 19 Nov 2026 11:30:00 +0100"),
    ("publisheddate", "Sat, 25 Jul 2026 15:36:05 -0930"), ("publisheddate", "2026-11-19T10:00:00+01:00"), ("publisheddate", {"a": 1}), ("publisheddate", True),
    ("views", "x"), ("views", True), ("views", []), ("views", 1e300),
    ("transcodingFinished", "maybe"), ("transcodingFinished", " TRUE "), ("transcodingFinished", 1),
    ("id", True), ("id", []), ("id", {"a": 1}), ("title", 42), ("cat", [None, "art", 3, True]), ("cat", {"a": 1}),
])
def test_values_the_rules_read_the_same_way_are_not_refused(tmp_path, field, value):
    clips = [{"id": "1", field: value}, {"id": "2"}, {"id": "3", field: value, "views": 2}]
    sort = {"cat": "catSort", "title": "title"}.get(field, field) + " desc, id"
    expected = fe.preview(EVERY, clips, now=NOW, sort=sort)
    got = fe.preview(EVERY, jsonl(tmp_path, clips), now=NOW, sort=sort, engine="duckdb")
    assert (got.items, got.total) == (expected.items, expected.total)


def test_only_the_fields_a_playlist_reads_are_checked(tmp_path):
    clips = [{"id": "1", "title": "Éclair", "publisheddate": "Thu, 19 Nov 2026 11:30:00 +0100", "views": 3},
             {"id": "2", "title": "Straße", "views": 5}]
    page = fe.preview(EVERY, jsonl(tmp_path, clips), sort="views desc", engine="duckdb")
    assert page.items == [clips[1], clips[0]]


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize("q, construct", [("title:goal~1", "fuzzy term"), ('title:"late goal"~3', "proximity phrase")])
def test_constructs_an_engine_cannot_express_are_unsupported(tmp_path, engine, q, construct):
    clips = [{"id": "1", "title": "Late goal"}]
    path = tmp_path / "clips.parquet"
    write_parquet(clips, path)
    for catalog in (clips, path):
        with pytest.raises(fe.UnsupportedError, match=construct):
            fe.preview(EVERY, catalog, q=q, engine=engine)


def test_a_date_test_on_a_field_of_no_kind_needs_python_or_parquet_on_duckdb(tmp_path):
    clips = [{"id": "1", "seen": "2026-11-19T10:00:00Z"}]
    with pytest.raises(fe.UnsupportedError, match="_dates"):
        fe.preview(EVERY, jsonl(tmp_path, clips), q="seen:[2026-11-01 TO *]", now=NOW, engine="duckdb")
    assert fe.preview(EVERY, clips, q="seen:[2026-11-01 TO *]", now=NOW, engine="duckdb").total == 1


def test_keys_outside_the_schema_are_read_from_json_on_duckdb(tmp_path):
    clips = [{"id": "1", "league": "Premier"}, {"id": "2", "league": "liga"}, {"id": "3", "featured": "true"}]
    for q in ("league:premier", "featured:true", "-league:liga"):
        expected = fe.preview(EVERY, clips, q=q, now=NOW)
        got = fe.preview(EVERY, jsonl(tmp_path, clips), q=q, now=NOW, engine="duckdb")
        assert (got.items, got.total) == (expected.items, expected.total), q


@pytest.mark.parametrize("name", ["clips.json", "clips.json.gz"])
def test_polars_reads_no_json_array(tmp_path, name):
    path = tmp_path / name
    text = b'[{"id": "1"}]'
    path.write_bytes(gzip.compress(text) if name.endswith(".gz") else text)
    with pytest.raises(fe.UnsupportedError, match="JSON array"):
        fe.preview(EVERY, path, engine="polars")


def test_python_takes_records_not_paths_and_engines_are_named(tmp_path):
    with pytest.raises(fe.FilterEngineError, match="engine='duckdb'"):
        fe.preview(EVERY, str(tmp_path / "clips.jsonl"))
    with pytest.raises(fe.FilterEngineError, match="engine must be one of"):
        fe.preview(EVERY, [], engine="spark")


def test_a_malformed_file_is_an_input_error(tmp_path):
    path = tmp_path / "clips.jsonl"
    path.write_text('{"id": "1"}\n{"id": \n')
    with pytest.raises(fe.FilterEngineError) as err:
        fe.preview(EVERY, path, engine="duckdb")
    assert err.value.code == "input_file" and str(path) in str(err.value)
    with pytest.raises(fe.FilterEngineError) as err:
        fe.preview(EVERY, tmp_path / "missing.parquet", engine="polars")
    assert err.value.code == "input_file"


def test_a_parquet_catalog_without_records_gives_them_rebuilt(tmp_path):
    clips = [{"id": "1", "views": "12", "cat": "news", "publisheddate": "2026-11-19T10:00:00+01:00", "slug": "x"}]
    path = tmp_path / "clips.parquet"
    fe.to_frame(clips).write_parquet(path)
    for engine in ("duckdb", "polars"):
        page = fe.preview(EVERY, path, engine=engine)
        assert page.items == [{"id": "1", "views": 12, "cat": ["news"], "publisheddate": "2026-11-19T09:00:00Z"}], engine


def test_progress_is_a_fraction(tmp_path):
    seen = []
    clips = [{"id": str(i), "views": i % 7} for i in range(2000)]
    page = fe.preview(EVERY, jsonl(tmp_path, clips), sort="views desc", engine="duckdb", progress=seen.append)
    assert page.total == 2000 and all(0.0 <= f <= 1.0 for f in seen)
