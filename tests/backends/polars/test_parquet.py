"""fe.write_parquet: the frame of fe.to_frame, written in row groups; the report of fe.to_frame and fe.sql.load."""

from __future__ import annotations

import io
import json

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

import filterengine as fe

RECORDS = [
    {"id": 1, "title": "Late GOAL", "views": "12", "cat": "news", "publisheddate": "2024-05-09T06:00:00Z", "slug": "a"},
    {"id": 2, "title": "Harbour at dawn", "views": 3, "cat": ["sport", "news"], "featured": [True, "x"]},
    {"id": 3, "views": [1, 2], "publisheddate": "soon", "meta": {"league": "premier"}},
    "not a record",
    {"id": "4", "title": "Caf\u00e9 FINAL", "tags": ["live", None, 7], "transcodingFinished": "true", "geoblocked": "false"},
]


CLIPS = [r for r in RECORDS if isinstance(r, dict)]


def test_the_file_holds_the_frame_of_to_frame_across_row_groups(tmp_path):
    path = tmp_path / "clips.parquet"
    report = fe.write_parquet(RECORDS, path, batch=2)
    assert pq.ParquetFile(path).num_row_groups == 3  # 2 entries a batch; the one that is not a record is left out
    back = pl.read_parquet(path)
    assert back.drop("_record").equals(fe.to_frame(CLIPS))
    assert back.drop("_record").schema == fe.to_frame(CLIPS).schema
    assert back["_row"].to_list() == [0, 1, 2, 3]  # catalog order across batches
    assert [json.loads(t) for t in back["_record"]] == CLIPS  # each record's own JSON
    assert (report.rows, report.unreadable) == (4, 3)
    assert report.by_field == {"views": 1, "publisheddate": 1, "(record)": 1}


def test_without_records_the_file_is_the_frame(tmp_path):
    path = tmp_path / "clips.parquet"
    fe.write_parquet(CLIPS, path, keep_records=False, batch=3)
    assert pl.read_parquet(path).equals(fe.to_frame(CLIPS))


def test_the_report_is_fe_sql_loads_and_to_frames():
    mine = fe.LoadReport()
    fe.to_frame(CLIPS, report=mine)
    conn = duckdb.connect()
    fe.sql.create_table(conn, dialect="duckdb")
    loaded = fe.sql.load(conn, CLIPS, dialect="duckdb")
    assert isinstance(loaded, fe.LoadReport) and loaded == mine
    assert fe.write_parquet(CLIPS, io.BytesIO()) == mine


def test_the_record_json_of_values_json_cannot_hold():
    from datetime import UTC, datetime

    report = fe.write_parquet([{"id": 1, "at": datetime(2024, 1, 2, tzinfo=UTC), "x": float("nan"), "s": {1}}],
                              sink := io.BytesIO())
    assert report.rows == 1
    text = pl.read_parquet(io.BytesIO(sink.getvalue()))["_record"][0]
    assert text.startswith('{"id":1,"at":"2024-01-02T00:00:00+00:00","x":NaN,"s":') and "{1}" in text


def test_a_playlist_selects_the_same_clips_from_the_file_on_polars_and_duckdb(tmp_path):
    path = tmp_path / "clips.parquet"
    fe.write_parquet(RECORDS, path, batch=3)
    playlist = [{"filters": [{"field": "title", "operator": "contains", "value": "a"}]}]
    on_polars = pl.scan_parquet(path).filter(fe.to_polars(playlist, q="views:[1 TO 20]")).collect()["id"].to_list()
    conn = duckdb.connect()
    conn.execute(f"CREATE VIEW clips AS SELECT * FROM read_parquet('{path}')")  # a test's own path
    query = fe.to_sql(playlist, q="views:[1 TO 20]", dialect="duckdb", sort="id asc")
    found = conn.execute(query.sql, query.params)
    at = [d[0] for d in found.description].index("id")
    rows = found.fetchall()
    assert on_polars == ["1", "2"]
    assert [r[at] for r in rows] == on_polars


def test_no_records_make_a_file_of_the_layout(tmp_path):
    path = tmp_path / "empty.parquet"
    assert fe.write_parquet([], path).rows == 0
    back = pl.read_parquet(path)
    assert back.height == 0 and back.drop("_record").schema == fe.to_frame([]).schema


def test_a_batch_must_hold_a_record():
    with pytest.raises(ValueError, match="batch"):
        fe.write_parquet(RECORDS, io.BytesIO(), batch=0)
