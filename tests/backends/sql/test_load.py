"""fe.sql.create_table and fe.sql.load: values normalised by kind, unreadable ones NULL and counted."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import Decimal

import pytest

import filterengine as fe

from .engines import duckdb_engine, postgres_engine, sqlite_engine

ENGINES = [duckdb_engine(), sqlite_engine(), postgres_engine()]
MESSY = [
    {"id": 7, "views": "12", "publisheddate": "Sat, 25 Jul 2026 15:36:05 +0100", "transcodingFinished": "TRUE",
     "cat": "news", "title": "Late GOAL", "featured": "true", "slug": "x"},
    {"id": "b", "views": {"n": 1}, "publisheddate": "soon", "transcodingFinished": "yes", "cat": [1, None, {"a": 1}],
     "title": ["a", "b"], "length": float("nan"), "createddate": 1715342400000, "height": Decimal("2.50"),
     "extra_nan": float("nan"), "extra_inf": math.inf, "when": datetime(2024, 1, 1, tzinfo=UTC)},
    "not a record",
    {},
]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.dialect)
def test_load_never_raises_and_counts(engine):
    table = "load_test"
    fe.sql.create_table(engine.conn, dialect=engine.dialect, table=table)
    report = fe.sql.load(engine.conn, MESSY, dialect=engine.dialect, table=table)
    assert report.rows == 4
    # views object, date "soon", "yes", title list, +inf, a datetime in _extra, a record that is not an object
    assert report.by_field == {"views": 1, "publisheddate": 1, "transcodingFinished": 1, "title": 1, "extra_inf": 1,
                               "when": 1, "(record)": 1}
    assert report.unreadable == 7
    again = fe.sql.load(engine.conn, [{"id": "z"}], dialect=engine.dialect, table=table)
    assert again.rows == 1
    query = fe.to_sql(None, q="views:12 AND transcodingFinished:true AND cat:news AND title:goal", dialect=engine.dialect,
                      table=table, sort="id")
    assert engine.rows(query) == [0]
    assert engine.rows(fe.to_sql(None, q="id:z", dialect=engine.dialect, table=table)) == [4]
    assert engine.rows(fe.to_sql([{"filters": [{"field": "featured", "operator": "is", "value": "true"}]}],
                                 dialect=engine.dialect, table=table)) == [0]
    assert engine.rows(fe.to_sql(None, q="createddate:[2024-05-10 TO 2024-05-11]", dialect=engine.dialect,
                                 table=table)) == [1]
    assert engine.rows(fe.to_sql(None, q="height:2.5", dialect=engine.dialect, table=table)) == [1]


def test_layout_refuses_reserved_names():
    with pytest.raises(fe.FilterEngineError, match="reserved"):
        fe.sql.layout({"fields": {"_extra": {"kind": "keyword"}}})
    with pytest.raises(fe.FilterEngineError, match="multivalued"):
        fe.sql.layout({"fields": {"scores": {"kind": "number", "multivalued": True}}})
