"""Stores for the serve tests: a SQLite file in tmp_path, or a fresh database on the test PostgreSQL server."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from filterengine.serve import Store

ROOT = Path(__file__).resolve().parents[2]
_NAMES = itertools.count(1)


def clips() -> list[dict]:
    """The example catalog (3,000 clips) and the clip service's example drafts (60 clips)."""
    catalog = [json.loads(line) for line in (ROOT / "examples" / "clips.jsonl").read_text(encoding="utf-8").splitlines()]
    drafts = json.loads((ROOT / "examples" / "clip-service" / "clips.json").read_text(encoding="utf-8"))["items"]
    return catalog + drafts


def fresh_database_url(kind: str, tmp_path: Path) -> str:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL database on the tests' server."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from ..backends.sql.postgres_server import SERVER

    SERVER.start()
    name = f"fe_serve_{next(_NAMES)}"
    conn = SERVER.connect(autocommit=True)
    try:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    finally:
        conn.close()
    return f"postgresql://postgres@127.0.0.1:{SERVER.port}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    return fresh_database_url(request.param, tmp_path)


@pytest.fixture
def store(database_url):
    """A migrated, empty store."""
    opened = Store.open(database_url)
    opened.migrate()
    yield opened
    opened.close()
