"""Golden SQL for the engines checked without running them (trino, bigquery, mysql), parsed back by sqlglot.

Each file ``golden/<dialect>.sql`` holds, for every input below, the statement, its
parameters and its count statement, or the construct the dialect refuses. Regenerate
with ``FE_UPDATE_GOLDEN=1 pytest tests/backends/sql/test_golden.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlglot

import filterengine as fe

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-11-20T12:00:00Z"
DIALECTS = ("trino", "bigquery", "mysql")


def _playlist(name: str) -> Any:
    return json.loads((ROOT / "examples" / "playlists" / name).read_text(encoding="utf-8"))


INPUTS: dict[str, dict[str, Any]] = {
    "latest news (examples/playlists/latest-news.json)": {"filters": _playlist("latest-news.json")},
    "sport highlights (a flag of no kind: JSON)": {"filters": _playlist("sport-highlights.json")},
    "q: phrase, wildcard, ranges, negation, boolean": {
        "q": 'title:"late goal" AND status:pub* AND views:[10 TO 100} AND -cat:(ads OR promo) '
             "AND publisheddate:[NOW-7DAYS/DAY TO NOW] AND transcodingFinished:true",
        "sort": "views desc, title", "limit": 20, "offset": 40},
    "filters: contains, isEmpty, containsAllOf, number string": {
        "filters": [{"filters": [{"field": "title", "operator": "contains", "value": "50% off"},
                                 {"field": "description", "operator": "isEmpty"}]},
                    {"filters": [{"field": "tags", "operator": "containsAllOf", "value": ["goals", "replay"]}]},
                    {"filters": [{"field": "length", "operator": "isGreaterThan", "value": "30"}]}]},
    "fuzzy term": {"q": "title:roam~1"},
}


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _render(dialect: str) -> str:
    out = []
    for name, given in INPUTS.items():
        out.append(f"-- {name}")
        try:
            query = fe.to_sql(given.get("filters"), q=given.get("q"), dialect=dialect, now=NOW, sort=given.get("sort"),
                              limit=given.get("limit"), offset=given.get("offset"))
        except fe.UnsupportedError as err:
            out.append(f"-- unsupported: {err.construct}\n")
            continue
        out.append(query.sql + ";")
        out.append("-- params: " + json.dumps(query.params, ensure_ascii=False, default=_default))
        out.append(query.count_sql + ";\n")
    return "\n".join(out)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_golden_sql(dialect: str) -> None:
    path = GOLDEN / f"{dialect}.sql"
    text = _render(dialect)
    if os.environ.get("FE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs: FE_UPDATE_GOLDEN=1 regenerates it"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", list(INPUTS))
def test_generated_sql_parses_back(dialect: str, name: str) -> None:
    given = INPUTS[name]
    try:
        query = fe.to_sql(given.get("filters"), q=given.get("q"), dialect=dialect, now=NOW, sort=given.get("sort"),
                          limit=given.get("limit"), offset=given.get("offset"))
    except fe.UnsupportedError:
        return
    for text in (query.inline(), query.inline_count()):
        tree = sqlglot.parse_one(text, read=dialect)
        assert tree.sql(dialect=dialect) == text  # printing what it parsed gives the same statement
    if query.paramstyle != "pyformat":  # sqlglot reads ? and @name markers, not %(name)s
        sqlglot.parse_one(query.sql, read=dialect)
