"""fe.write_parquet: the frame of fe.to_frame, written in row groups; the report of fe.to_frame and fe.sql.load."""

from __future__ import annotations

import io

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


def test_the_file_holds_the_frame_of_to_frame_across_row_groups(tmp_path):
    path = tmp_path / "clips.parquet"
    report = fe.write_parquet(RECORDS, path, batch=2)
    assert pq.ParquetFile(path).num_row_groups == 3
    back = pl.read_parquet(path)
    assert back.equals(fe.to_frame(RECORDS))
    assert back.schema == fe.to_frame(RECORDS).schema
    assert back["_row"].to_list() == [0, 1, 2, 3, 4]  # catalog order across batches
    assert (report.rows, report.unreadable) == (5, 3)
    assert report.by_field == {"views": 1, "publisheddate": 1, "(record)": 1}


def test_the_report_is_fe_sql_loads_and_to_frames():
    mine = fe.LoadReport()
    fe.to_frame(RECORDS, report=mine)
    conn = duckdb.connect()
    fe.sql.create_table(conn, dialect="duckdb")
    loaded = fe.sql.load(conn, RECORDS, dialect="duckdb")
    assert isinstance(loaded, fe.LoadReport) and loaded == mine
    assert fe.write_parquet(RECORDS, io.BytesIO()) == mine


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
    assert back.height == 0 and back.schema == fe.to_frame([]).schema


def test_a_batch_must_hold_a_record():
    with pytest.raises(ValueError, match="batch"):
        fe.write_parquet(RECORDS, io.BytesIO(), batch=0)
