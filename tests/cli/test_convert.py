"""``filterengine convert``: a catalog in any form the CLI reads, written as the Parquet file of fe.to_frame."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl

import filterengine as fe

ROOT = Path(__file__).resolve().parents[2]
CLIPS = ROOT / "examples" / "clips.jsonl"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "filterengine", "convert", *args],
                          input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=120)


def records() -> list:
    return [json.loads(line) for line in CLIPS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_example_catalog_becomes_the_frame_of_to_frame(tmp_path):
    out = tmp_path / "clips.parquet"
    proc = run(str(CLIPS), str(out), "--batch", "700")
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == b""
    assert proc.stderr.decode() == f"filterengine: wrote 3,000 clips to {out}\n"
    back = pl.read_parquet(out)
    assert back.drop("_record").equals(fe.to_frame(records()))
    assert [json.loads(t) for t in back["_record"]] == records()
    proc = run(str(CLIPS), str(out), "--no-records")
    assert proc.returncode == 0 and pl.read_parquet(out).equals(fe.to_frame(records()))
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_stdin_gzip_and_an_envelope_read_as_preview_reads_them(tmp_path):
    out = tmp_path / "clips.parquet"
    data = gzip.compress(json.dumps({"items": records()[:50]}).encode())
    proc = run("-", str(out), stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    assert pl.read_parquet(out)["id"].to_list() == [str(r["id"]) for r in records()[:50]]


def test_values_a_typed_column_cannot_hold_are_counted_on_stderr(tmp_path):
    out = tmp_path / "clips.parquet"
    lines = [{"id": 1, "publisheddate": "soon"}, {"id": 2, "views": [1, 2], "publisheddate": "later"}, {"id": 3}]
    proc = run("-", str(out), stdin="\n".join(json.dumps(r) for r in lines).encode())
    assert proc.returncode == 0
    assert proc.stderr.decode().splitlines() == [
        f"filterengine: wrote 3 clips to {out}",
        "filterengine: warning: 3 values a typed column could not hold, written as null: publisheddate 2, views 1",
    ]
    assert pl.read_parquet(out)["publisheddate"].null_count() == 3


def test_a_schema_file_lays_out_the_columns(tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"fields": {"id": {"kind": "keyword"}, "league": {"kind": "keyword"}}}))
    out = tmp_path / "clips.parquet"
    proc = run("-", str(out), "--schema", str(schema), stdin=b'{"id": 1, "league": "premier", "x": 2}\n')
    assert proc.returncode == 0, proc.stderr.decode()
    assert pl.read_parquet(out).columns == ["id", "id__terms", "league", "league__terms", "_extra", "_dates", "_row", "_record"]
    schema.write_text(json.dumps({"fields": {"id": {"kind": "colour"}}}))
    proc = run("-", str(out), "--schema", str(schema), stdin=b"{}\n")
    assert proc.returncode == 3 and "schema.json" in proc.stderr.decode()


def test_a_bad_catalog_leaves_out_as_it_was(tmp_path):
    out = tmp_path / "clips.parquet"
    out.write_bytes(b"old")
    proc = run("-", str(out), stdin=b'{"id": 1}\nnot json\n{"id": 3}\n')
    assert proc.returncode == 3
    assert "<stdin>" in proc.stderr.decode() and "line 2" in proc.stderr.decode()
    assert out.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["clips.parquet"]
    proc = run("-", str(out), "--skip-bad-lines", stdin=b'{"id": 1}\nnot json\n{"id": 3}\n')
    assert proc.returncode == 0 and "skipped 1 bad record" in proc.stderr.decode()
    assert pl.read_parquet(out)["id"].to_list() == ["1", "3"]


def test_usage_errors(tmp_path):
    assert run(str(CLIPS), "-").returncode == 2
    proc = run(str(CLIPS), str(tmp_path / "no" / "such" / "dir.parquet"))
    assert proc.returncode == 2 and "cannot write" in proc.stderr.decode()
    assert run(str(tmp_path / "missing.jsonl"), str(tmp_path / "x.parquet")).returncode == 2
    assert run(str(CLIPS), str(tmp_path / "x.parquet"), "--batch", "0").returncode == 2


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
