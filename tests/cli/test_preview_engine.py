"""``filterengine preview --engine``: the same output as python from files, and its usage errors."""

from __future__ import annotations

import json

import pytest

from filterengine.engines.files import write_parquet

from .test_cli import CLIPS, NEWS, NOW, PICKS, ROOT, SPORT, err, out, run


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("engines") / "clips.parquet"
    records = [json.loads(line) for line in (ROOT / CLIPS).read_text().splitlines() if line.strip()]
    write_parquet(records, path)
    return str(path)


@pytest.mark.parametrize("playlist, source, engine", [
    (SPORT, "jsonl", "duckdb"), (PICKS, "parquet", "polars"), (NEWS, "parquet", "duckdb"), (NEWS, "jsonl", "polars"),
    (PICKS, "jsonl", "polars"),
])
def test_engines_print_what_python_prints(playlist, source, engine, parquet):
    args = ["--now", NOW, "--format", "json", "--limit", "20"]
    expected = run("preview", playlist, CLIPS, *args)
    assert expected.returncode == 0, err(expected)
    got = run("preview", playlist, CLIPS if source == "jsonl" else parquet, "--engine", engine, *args)
    assert (got.returncode, out(got)) == (0, out(expected)), err(got)


def test_duckdb_reads_no_field_of_no_kind_from_parquet(parquet):
    got = run("preview", SPORT, parquet, "--engine", "duckdb", "--now", NOW)
    assert got.returncode == 3 and "geoblocked" in err(got) and "engine='polars'" in err(got)


def test_envelopes_on_an_engine():
    expected = run("preview", NEWS, CLIPS, "--now", NOW, "--envelope", "sapi")
    got = run("preview", NEWS, CLIPS, "--now", NOW, "--envelope", "sapi", "--engine", "duckdb")
    assert out(got) == out(expected) and json.loads(out(got))["numfound"] > 0


def test_stdin_is_for_python_only():
    got = run("preview", NEWS, "-", "--engine", "duckdb", stdin=(ROOT / CLIPS).read_bytes())
    assert got.returncode == 2 and "give a file path" in err(got)


def test_usage_errors():
    got = run("preview", NEWS, "missing.jsonl", "--engine", "duckdb")
    assert got.returncode == 2 and "missing.jsonl: no such file" in err(got)
    got = run("preview", NEWS, CLIPS, "--engine", "duckdb", "--skip-bad-lines")
    assert got.returncode == 2 and "--skip-bad-lines goes with --engine python" in err(got)


def test_refusals_are_invalid_input(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "publisheddate": 1795000000}\n')
    got = run("preview", NEWS, str(bad), "--engine", "duckdb", "--now", NOW)
    assert got.returncode == 3 and "record 1: field 'publisheddate'" in err(got) and "--engine" not in out(got)
    array = tmp_path / "clips.json"
    array.write_text('[{"id": "1"}]')
    got = run("preview", NEWS, str(array), "--engine", "polars")
    assert got.returncode == 3 and "JSON array" in err(got)


def test_help_shows_an_example_and_the_engines():
    text = out(run("preview", "--help"))
    assert "--engine {python,duckdb,polars}" in text and "clips.parquet --engine duckdb" in text
