"""Polars' reading of JSON lines (engines/polars_json.py): the same page as python, or the record refused; never
another answer. Values of every JSON type in fields of every kind, batch edges, lines that are not records, ids.
The differential test and the own-type rule run on DuckDB's reading (duckdb_json.py) too."""

from __future__ import annotations

import gzip
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filterengine as fe
from filterengine.engines import polars_json

NOW = "2026-11-20T12:00:00Z"
EVERY = {"listtype": "dynamic"}

#: What each field is read by: a sort on it and a test of it.
READS = {
    "id": [("id desc", None), ("id", "id:7")],
    "title": [("title", None), ("id", "title:goal"), ("id", "title:ECLAIR")],
    "mediatype": [("mediatype desc", None), ("id", "mediatype:video")],
    "cat": [("catSort", None), ("catSort desc", "cat:news"), ("id", "cat:7")],
    "tags": [("id", "tags:news OR tags:true")],
    "views": [("views desc", None), ("id", "views:[2 TO 10]")],
    "publisheddate": [("publisheddate desc", None), ("id", "publisheddate:[2026-11-01 TO *]")],
    "transcodingFinished": [("transcodingFinished desc", None), ("id", "transcodingFinished:true")],
}


def jsonl(tmp_path, clips, name="clips.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in clips), encoding="utf-8")
    return path


def same_or_refused(path, clips, refused_at=None, engine="polars", **options):
    """The engine's page is python's, or a record is refused (``refused_at``: it must be that one); returns whether refused."""
    expected = fe.preview(EVERY, clips, now=NOW, **options)
    try:
        got = fe.preview(EVERY, path, now=NOW, engine=engine, **options)
    except fe.EngineRecordError as err:
        assert err.engine == engine and str(path) in str(err)
        if refused_at is not None:
            assert err.record == refused_at
        return True
    assert (got.items, got.total) == (expected.items, expected.total), options
    return False


#: A value of each field's own type, read alike by every engine.
FILLER = {"id": "1", "publisheddate": "2026-11-01", "views": 1, "transcodingFinished": False}

VALUES = [
    "video", "", " ", "Goal", "Éclair", "7", "7.0", "-0", "1e3", "12345678901234567890", "true", "TRUE ", "[x]", "[]",
    "{\"a\": 1}", "2026-11-19", "2026-11-19T10:00:00Z", "2026-11-19T10:00:00.5+01:00", "2026-11-19T10:00:00",
    "Thu, 19 Nov 2026 11:30:00 +0100", "Mon, 19 Nov 2026 11:30:00 +0100", "19 Nov 2026", "soon", "1_000", " 42 ",
    "nul\u0000l", 7, 7.0, -0.0, 2.5, 1e20, 12345678901234567890, 0, True, False, None, [], ["news"], ["news", None],
    ["news", 7], ["news", True], ["a", 2.5], [["x"]], [{"a": 1}], {}, {"a": 1},
]


@pytest.mark.parametrize("field", sorted(READS))
def test_every_json_value_in_every_kind_of_field_reads_as_python_or_is_refused(tmp_path, field):
    refusals = 0
    for value in VALUES:
        clips = [{"id": "1", field: FILLER.get(field, "x")}, {"id": "2", field: value}, {"id": "3", "views": 4}]
        path = jsonl(tmp_path, clips)
        for sort, q in READS[field]:
            refusals += same_or_refused(path, clips, refused_at=2, sort=sort, q=q)
    assert refusals < len(VALUES) * len(READS[field])  # most values are read


#: Values of another JSON type than their field's, which a sort reads as python does.
SORTED_ALIKE = [
    ("title", 7), ("title", True), ("title", {"a": 1}), ("title", []), ("id", 7.0), ("cat", ["news", 7]),
    ("cat", ["news", True]), ("views", "12"), ("views", True), ("views", "x"), ("views", []), ("views", {"a": 1}),
    ("publisheddate", True), ("publisheddate", {"a": 1}), ("transcodingFinished", " TRUE "),
    ("transcodingFinished", "maybe"), ("transcodingFinished", 1), ("transcodingFinished", "[x]"),
]
#: Values of their field's own JSON type: read, sorted and tested alike.
OWN_TYPE = [
    ("title", "Goal"), ("title", "[HD] Goal"), ("title", "7"), ("title", "true"), ("mediatype", "Video"),
    ("cat", ["news", None]), ("cat", "news"), ("cat", []), ("cat", "[x"), ("views", 12), ("views", 2.5), ("views", -0.0),
    ("publisheddate", "2026-11-19T10:00:00Z"), ("publisheddate", "Thu, 19 Nov 2026 11:30:00 +0100"),
    ("publisheddate", "2026-11-19"), ("publisheddate", "soon"), ("transcodingFinished", True), ("title", None),
]


@pytest.mark.parametrize("field, value", SORTED_ALIKE + OWN_TYPE)
def test_values_a_sort_reads_alike_are_not_refused(tmp_path, field, value):
    clips = [{"id": "1", field: value}, {"id": "2"}, {"id": "3", field: value, "views": 2}]
    path = jsonl(tmp_path, clips)
    for sort, _ in READS[field]:
        assert not same_or_refused(path, clips, sort=sort), sort


@pytest.mark.parametrize("field, value", OWN_TYPE)
def test_values_of_the_fields_own_type_are_tested_alike(tmp_path, field, value):
    clips = [{"id": "1", field: value}, {"id": "2"}, {"id": "3", field: value, "views": 2}]
    path = jsonl(tmp_path, clips)
    for sort, q in READS[field]:
        assert not same_or_refused(path, clips, sort=sort, q=q), (sort, q)


@pytest.mark.parametrize("field, value, q", [
    ("transcodingFinished", " TRUE ", "transcodingFinished:true"),  # python: a string equals only its own text
    ("views", "12", "views:12.0"), ("title", 7, "title:07"), ("cat", ["news", 7], "cat:07"), ("id", 7.0, "id:7"),
    ("title", {"a": 1}, "id:1"), ("views", True, "views:[0 TO *]"),
])
@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_values_of_another_type_are_refused_where_the_field_is_tested(tmp_path, field, value, q, engine):
    tested = q.split(":")[0]
    clips = [{"id": "1", tested: FILLER.get(tested, "x")}, {"id": "2", field: value}]
    path = jsonl(tmp_path, clips)
    with pytest.raises(fe.EngineRecordError) as err:
        fe.preview(EVERY, path, now=NOW, q=q if tested == field else f"{q} OR {field}:*", engine=engine)
    assert (err.value.record, err.value.field) == (2, field)


@pytest.mark.parametrize("field, value", [
    ("title", 2.5), ("title", ["a"]), ("title", "nul\u0000l"), ("id", 12345678901234567890), ("views", "1_000"),
    ("views", [3]), ("publisheddate", 1795000000), ("publisheddate", "19 Nov 2026"), ("publisheddate", ["2026-11-19"]),
    ("cat", ["news", 2.5]), ("cat", [["x"]]), ("cat", ""), ("cat", 2.5), ("transcodingFinished", "true\t"),
    ("title", "Éclair"),
])
def test_values_read_otherwise_are_refused_naming_the_record(tmp_path, field, value):
    clips = [{"id": "1"}, {"id": "2", field: value}]
    sort = {"cat": "catSort", "title": "title"}.get(field, field)
    with pytest.raises(fe.EngineRecordError) as err:
        fe.preview(EVERY, jsonl(tmp_path, clips), now=NOW, sort=sort, engine="polars")
    assert (err.value.record, err.value.field, err.value.engine) == (2, field, "polars")
    assert 'engine="python"' in str(err.value) and err.value.to_dict()["code"] == "engine_record"


def test_an_alias_key_in_a_record_is_refused(tmp_path):
    clips = [{"id": "1", "publisheddate": "2026-11-01"}, {"id": "2", "published_date": "2026-11-02"}]
    with pytest.raises(fe.EngineRecordError) as err:
        fe.preview(EVERY, jsonl(tmp_path, clips), now=NOW, sort="publisheddate", engine="polars")
    assert err.value.record == 2


def test_batches_split_anywhere_and_keep_catalog_order(tmp_path, monkeypatch):
    monkeypatch.setattr(polars_json, "BATCH_BYTES", 97)  # a few records per batch, cut inside lines
    clips = [{"id": str(i), "views": i % 5, "title": f"clip {i % 3}", "cat": ["news"] if i % 2 else []} for i in range(60)]
    path = jsonl(tmp_path, clips)
    for sort, q, offset in [("views desc", None, 0), ("views", "cat:news", 7), ("title desc, views", None, 55), ("id", None, 0)]:
        seen: list[float] = []
        expected = fe.preview(EVERY, clips, now=NOW, sort=sort, q=q, offset=offset, limit=9)
        got = fe.preview(EVERY, path, now=NOW, sort=sort, q=q, offset=offset, limit=9, engine="polars", progress=seen.append)
        assert (got.items, got.total) == (expected.items, expected.total), (sort, q, offset)
        assert len(seen) > 10 and seen == sorted(seen) and seen[-1] == 1.0
    clips[41]["views"] = "1_000"
    with pytest.raises(fe.EngineRecordError) as err:
        fe.preview(EVERY, jsonl(tmp_path, clips), sort="views", engine="polars")
    assert err.value.record == 42


def test_lines_that_are_not_records(tmp_path):
    clips = [{"id": "1", "views": 3}, {"id": "2", "views": 5}, {"id": "3", "views": 4}]
    lines = ["\ufeff" + json.dumps(clips[0]), "", "5", "[1, 2]", "  " + json.dumps(clips[1]) + "\r", "null", '"x"',
             json.dumps(clips[2])]
    text = "\n".join(lines)  # no newline after the last
    for name, data in [("a.jsonl", text.encode()), ("a.jsonl.gz", gzip.compress(text.encode()))]:
        path = tmp_path / name
        path.write_bytes(data)
        page = fe.preview(EVERY, path, sort="views desc", engine="polars")
        assert (page.items, page.total) == ([clips[1], clips[2], clips[0]], 3)
    (tmp_path / "bad.jsonl").write_text(json.dumps(clips[0]) + "\n\n" + "true\n" + '{"id": \n')
    for name, text in [("bad.jsonl", json.dumps(clips[0]) + "\n\ntrue\n" + '{"id": \n'), ("bad2.jsonl", "{}\nnope\n")]:
        (tmp_path / name).write_text(text)
        with pytest.raises(fe.FilterEngineError, match=f"record {2 if name == 'bad2.jsonl' else 3} is not JSON") as err:
            fe.preview(EVERY, tmp_path / name, engine="polars")
        assert err.value.code == "input_file"
    with pytest.raises(fe.FilterEngineError, match="cannot read"):
        fe.preview(EVERY, tmp_path / "missing.jsonl", engine="polars")


def test_a_static_list_finds_its_ids_written_any_way(tmp_path):
    clips = [{"id": 7, "title": "a"}, {"id": "7.5", "title": "b"}, {"id": 1e20, "title": "c"}, {"id": "8", "title": "d"},
             {"id": 8.0, "title": "e"}, {"id": True, "title": "f"}]
    stored = {"listtype": "static", "items": [{"id": "8"}, {"id": "1e+20"}, {"id": "7"}, {"id": "true"}, {"id": "7.5"}]}
    expected = fe.preview(stored, clips)
    got = fe.preview(stored, jsonl(tmp_path, clips), engine="polars")
    assert got.items == expected.items and [c.get("title") for c in got.items] == ["d", "c", "a", None, "b"]


def test_keys_outside_the_schema_are_unsupported_with_the_way_out(tmp_path):
    clips = [{"id": "1", "league": "Premier"}]
    with pytest.raises(fe.UnsupportedError, match="engine='python'"):
        fe.preview(EVERY, jsonl(tmp_path, clips), q="league:premier", engine="polars")


_SCALARS = st.one_of(
    st.sampled_from(["video", "Goal", "news", "", "7", "2.5", "true", "[x]", "{x", "Éclair", "2026-11-19T10:00:00Z",
                     "2026-11-19", "Thu, 19 Nov 2026 11:30:00 +0100", "soon", "1e3", " 42 "]),
    st.integers(-3, 12), st.sampled_from([2.5, 7.0, 1e20, -0.0]), st.booleans(), st.none())
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3), st.just({"a": 1}), st.just([]))
_FIELDS = ["title", "mediatype", "cat", "tags", "views", "publisheddate", "transcodingFinished"]
_RECORDS = st.lists(st.fixed_dictionaries({"id": st.integers(0, 30).map(str)},
                                          optional={f: _VALUES for f in _FIELDS}), max_size=12)
_ASKS = st.sampled_from([(sort, q) for reads in READS.values() for sort, q in reads])


@settings(max_examples=int(os.environ.get("FE_POLARS_JSON_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(clips=_RECORDS, ask=_ASKS, offset=st.integers(0, 3), engine=st.sampled_from(["polars", "duckdb"]))
def test_any_records_read_as_python_or_are_refused(tmp_path, clips, ask, offset, engine):
    sort, q = ask
    same_or_refused(jsonl(tmp_path, clips), clips, sort=sort, q=q, offset=offset, limit=5, engine=engine)
