"""docs/backends.md: the SQL shown for each dialect is what fe.to_sql prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import filterengine as fe

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "backends.md").read_text(encoding="utf-8")
SHOWN = dict(re.findall(r"^#### (\w+)\n\n```sql\n(.*?)\n```", DOC, re.M | re.S))
PLAYLIST = json.loads((ROOT / "examples" / "playlists" / "latest-news.json").read_text(encoding="utf-8"))


def test_every_dialect_is_shown():
    assert set(SHOWN) >= {"duckdb", "sqlite", "postgres", "trino", "bigquery", "mysql"}


@pytest.mark.parametrize("dialect", sorted(SHOWN))
def test_shown_sql_is_generated(dialect):
    assert fe.to_sql(PLAYLIST, dialect=dialect, now="2026-11-20T12:00:00Z").sql == SHOWN[dialect]
