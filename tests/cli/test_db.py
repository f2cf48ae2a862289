"""``filterengine db migrate`` and ``db load``, run as subprocesses on SQLite files and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import filterengine as fe
from filterengine.serve import Store

ROOT = Path(__file__).resolve().parents[2]
CLIPS = ROOT / "examples" / "clips.jsonl"
NEWS = ROOT / "examples" / "playlists" / "latest-news.json"
NOW = "2026-11-20T12:00:00Z"


def run(*args: str, cwd: Path, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "FILTERENGINE_DATABASE"}
    environment.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    return subprocess.run([sys.executable, "-m", "filterengine", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=environment, timeout=120)


def test_migrate_then_load_into_the_default_database(tmp_path):
    first = run("db", "migrate", cwd=tmp_path)
    assert first.returncode == 0 and b"schema version 2" in first.stderr
    assert (tmp_path / "filterengine.db").exists()
    assert run("db", "migrate", cwd=tmp_path).returncode == 0  # idempotent
    loaded = run("db", "load", str(CLIPS), cwd=tmp_path)
    assert loaded.returncode == 0 and loaded.stdout == b""
    assert b"loaded 3,000 clips from" in loaded.stderr and b"sqlite:///filterengine.db" in loaded.stderr
    catalog = [json.loads(line) for line in CLIPS.read_text(encoding="utf-8").splitlines()]
    doc = json.loads(NEWS.read_text(encoding="utf-8"))
    with Store.open(str(tmp_path / "filterengine.db")) as store:
        saved = store.put_cliplist({k: v for k, v in doc.items() if k != "id"})
        assert store.get_cliplist(saved["id"], now=NOW)["items"] == fe.preview(doc, catalog, now=NOW).items


def test_load_needs_a_database_set_up(tmp_path):
    proc = run("db", "load", str(CLIPS), "--database", f"sqlite:///{tmp_path}/none.db", cwd=tmp_path)
    assert proc.returncode == 3 and b"run 'filterengine db migrate' first" in proc.stderr
    assert not (tmp_path / "none.db").exists()
    with Store.open(str(tmp_path / "empty.db")) as store:
        store.version()  # the file exists, without tables
    proc = run("db", "load", str(CLIPS), "--database", str(tmp_path / "empty.db"), cwd=tmp_path)
    assert proc.returncode == 3 and b"is not set up" in proc.stderr


def test_load_from_stdin_reports_unreadable_values(tmp_path):
    url = f"sqlite:///{tmp_path}/fe.db"
    assert run("db", "migrate", "--database", url, cwd=tmp_path).returncode == 0
    lines = b'{"id": "1", "views": "many"}\n{"id": "2", "views": 3, "createddate": "yesterday"}\n'
    proc = run("db", "load", "-", "--database", url, cwd=tmp_path, stdin=lines)
    assert proc.returncode == 0, proc.stderr
    assert b"loaded 2 clips from <stdin>" in proc.stderr
    assert b"2 values a column cannot hold stored as NULL (createddate 1, views 1)" in proc.stderr


def test_a_bad_record_loads_nothing(tmp_path):
    url = f"sqlite:///{tmp_path}/fe.db"
    run("db", "migrate", "--database", url, cwd=tmp_path)
    catalog = tmp_path / "clips.jsonl"
    good = "".join(json.dumps({"id": str(i)}) + "\n" for i in range(6_000))  # more than one batch
    catalog.write_text(good + '{"id": broken}\n', encoding="utf-8")
    proc = run("db", "load", str(catalog), "--database", url, cwd=tmp_path)
    assert proc.returncode == 3 and b"line 6001" in proc.stderr
    with Store.open(url) as store:
        assert store.draft_info()["total_items"] == 0
    proc = run("db", "load", str(catalog), "--database", url, "--skip-bad-lines", cwd=tmp_path)
    assert proc.returncode == 0 and b"loaded 6,000 clips" in proc.stderr
    with Store.open(url) as store:
        assert store.draft_info()["total_items"] == 1000


def test_on_postgres(tmp_path):
    from ..serve.conftest import fresh_database_url

    url = fresh_database_url("postgres", tmp_path)
    env = {"FILTERENGINE_DATABASE": url}
    assert run("db", "load", str(CLIPS), cwd=tmp_path, env=env).returncode == 3
    assert run("db", "migrate", cwd=tmp_path, env=env).returncode == 0
    assert run("db", "migrate", "--database", url, cwd=tmp_path).returncode == 0
    proc = run("db", "load", str(CLIPS), cwd=tmp_path, env=env)
    assert proc.returncode == 0 and b"loaded 3,000 clips" in proc.stderr
    with Store.open(url) as store:
        assert len(store.draft_info()["items"]) == 1000


@pytest.mark.parametrize("args, status, says", [
    (["db"], 2, b"COMMAND"),
    (["db", "load"], 2, b"FILE"),
    (["db", "migrate", "--database", "mysql://x/y"], 2, b"--database: unknown database URL scheme"),
    (["db", "load", "nosuch.jsonl", "--database", "fe.db"], 2, b"nosuch.jsonl: no such file"),
    (["db", "migrate", "--database", "/nonexistent/dir/fe.db"], 3, b"unable to open database file"),
])
def test_mistakes(tmp_path, args, status, says):
    if args[1:2] == ["load"] and len(args) > 2:
        run("db", "migrate", "--database", str(tmp_path / "fe.db"), cwd=tmp_path)
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == status and says in proc.stderr, proc.stderr


@pytest.mark.parametrize("command", [["db"], ["db", "migrate"], ["db", "load"]])
def test_help_has_examples(tmp_path, command):
    proc = run(*command, "--help", cwd=tmp_path)
    assert proc.returncode == 0 and b"examples:" in proc.stdout and b"filterengine db " in proc.stdout
