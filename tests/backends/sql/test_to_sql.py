"""fe.to_sql: what it accepts, what it refuses, and that no user text reaches the statement."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import filterengine as fe

from .engines import duckdb_engine, sqlite_engine

ROOT = Path(__file__).resolve().parents[3]
NOW = "2024-05-10T12:00:00Z"
HOSTILE = "x'); DROP TABLE clips; --\"%s%(p1)s:p1$p1?"
RECORDS = [{"id": "1", "title": HOSTILE, "status": "published", HOSTILE: HOSTILE, "cat": ["news"], "views": 5},
           {"id": "2", "title": "Harbour at dawn", "status": "draft", "cat": ["sport", "news"], "views": "12",
            "publisheddate": "2024-05-09T08:00:00Z"},
           {"id": "3", "title": None, "slug": "derby-goal", "meta": {"league": "Premier"}}]
ENGINES = [duckdb_engine(), sqlite_engine()]


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite", "postgres", "trino", "bigquery", "mysql"])
def test_user_text_is_never_in_the_statement(dialect):
    filters = [{"filters": [{"field": "title", "operator": "contains", "value": HOSTILE},
                            {"field": "status", "operator": "is", "value": HOSTILE}]}]
    query = fe.to_sql(filters, q='status:"' + HOSTILE.replace('"', '\\"') + '"', dialect=dialect, now=NOW)
    for text in (query.sql, query.count_sql):
        assert "DROP" not in text and "x')" not in text
    values = query.params.values() if isinstance(query.params, dict) else query.params
    assert any(isinstance(v, str) and HOSTILE.lower() in v.lower() for v in values)


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.dialect)
def test_hostile_names_and_values_run_as_data(engine):
    table = engine.table(RECORDS)
    cases = [
        ([{"filters": [{"field": HOSTILE, "operator": "is", "value": HOSTILE}]}], None),
        ([{"filters": [{"field": "title", "operator": "contains", "value": "drop table"}]}], None),
        (None, "slug:derby*"),
        (None, "meta.league:Premier"),
        (None, "views:[10 TO *]"),
    ]
    for filters, q in cases:
        if engine.dialect == "sqlite" and filters and '"' in HOSTILE and filters[0]["filters"][0]["field"] == HOSTILE:
            with pytest.raises(fe.UnsupportedError):
                fe.to_sql(filters, q=q, dialect=engine.dialect, table=table, now=NOW)
            continue
        if engine.dialect == "sqlite" and q == "slug:derby*":
            with pytest.raises(fe.UnsupportedError, match="wildcard"):
                fe.to_sql(filters, q=q, dialect=engine.dialect, table=table, now=NOW)
            continue
        query = fe.to_sql(filters, q=q, dialect=engine.dialect, table=table, now=NOW)
        pred = fe.compile_filters(filters or [], q=q, now=NOW)
        assert sorted(engine.rows(query)) == [i for i, r in enumerate(RECORDS) if pred(r)], (filters, q)


def test_pyformat_escapes_every_other_percent():
    query = fe.to_sql(None, q="title:50%", dialect="postgres", now=NOW)
    assert not re.search(r"%(?!\(p\d+\)s|%)", query.sql.replace("%%", ""))


def test_a_cliplist_brings_its_sort_and_limit():
    playlist = {"title": "t", "listtype": "dynamic", "sort": "views desc", "limit": 2,
                "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": "news"}]}]}
    query = fe.to_sql(playlist, dialect="duckdb", now=NOW)
    assert '"views" DESC' in query.sql and query.params["p2"] == 2
    assert "LIMIT" not in fe.to_sql(playlist["filters"], dialect="duckdb", now=NOW).sql
    override = fe.to_sql(playlist, dialect="duckdb", now=NOW, sort="id", limit=5, offset=10)
    assert list(override.params.values())[-2:] == [5, 10]
    engine = ENGINES[0]
    table = engine.table(RECORDS)
    ranked = fe.to_sql(playlist, dialect="duckdb", now=NOW, table=table)
    assert engine.rows(ranked) == [1, 0] and engine.count(ranked) == 2


def test_refusals_and_errors():
    with pytest.raises(fe.UnsupportedError, match="static list"):
        fe.to_sql({"title": "picks", "listtype": "static", "items": [{"id": "1"}]})
    with pytest.raises(fe.UnsupportedError) as refused:
        fe.to_sql(None, q='title:"late goal"~2', dialect="sqlite")
    assert (refused.value.construct, refused.value.dialect) == ("proximity phrase", "sqlite")
    with pytest.raises(fe.FiltersetError):
        fe.to_sql([{"filters": [{"field": "cat", "operator": "containsAny", "value": "x"}]}])
    with pytest.raises(fe.QuerySyntaxError):
        fe.to_sql(None, q="title:(a OR")
    with pytest.raises(fe.FilterEngineError, match="unknown SQL dialect"):
        fe.to_sql(None, dialect="oracle")
    with pytest.raises(fe.FilterEngineError, match="table must be"):
        fe.to_sql(None, table="a..b")
    with pytest.raises(fe.FilterEngineError, match="limit"):
        fe.to_sql(None, limit=-1)


def test_inline_writes_values_as_literals():
    query = fe.to_sql(None, q="status:it's publisheddate:[NOW-1DAY TO NOW]", dialect="postgres", now=NOW)
    text = query.inline()
    assert "'it''s'" in text and "%(" not in text and "2024-05-09" in text


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "filterengine", "sql", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


def test_cli_prints_the_statement(tmp_path):
    path = tmp_path / "playlist.json"
    path.write_text(json.dumps({"filters": [{"filters": [{"field": "status", "operator": "is", "value": "published"}]}]}))
    proc = _cli(str(path), "--dialect", "postgres", "--q", "title:storm", "--now", NOW)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0].startswith('SELECT * FROM "clips" WHERE')
    assert json.loads(out[1].removeprefix("-- params: ")) == {"p1": "published", "p2": "storm"}
    proc = _cli(str(path), "--dialect", "sqlite", "--inline", "--count")
    assert proc.stdout.startswith("SELECT COUNT(*) FROM \"clips\" WHERE \"clips\".\"status\" = 'published'")
    proc = _cli(str(path), "--q", "roam~1")
    assert proc.returncode == 3 and "cannot express a fuzzy term" in proc.stderr


def test_to_sql_checks_the_limits_before_any_work():
    with pytest.raises(fe.LimitExceededError) as info:
        fe.to_sql(q="a " * 6_000, dialect="postgres")
    assert info.value.limit == "query_length"
    item = {"field": "cat", "operator": "containsAnyOf", "value": ["news", "sport", "weather"]}
    with pytest.raises(fe.LimitExceededError) as info:
        fe.to_sql([{"filters": [item]}], dialect="duckdb", limits=fe.Limits(values=2))
    assert (info.value.limit, info.value.pointer) == ("values", "/0/filters/0/value")
    assert fe.to_sql([{"filters": [item]}], dialect="duckdb", limits=fe.Limits(values=3)).params
