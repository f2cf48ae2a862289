"""The committed examples are what their generator writes; the preview benchmark runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_example_catalogs_are_reproducible():
    done = subprocess.run([sys.executable, "examples/make_catalog.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_example_catalog_has_the_documented_shapes():
    clips = [json.loads(line) for line in (ROOT / "examples" / "clips.jsonl").read_text(encoding="utf-8").splitlines()]
    assert 2000 <= len(clips) <= 5000 and (ROOT / "examples" / "clips.jsonl").stat().st_size < 2_000_000
    assert all(isinstance(c["id"], str) and c["id"].isdigit() for c in clips)
    assert {type(c.get("cat")).__name__ for c in clips} == {"list", "NoneType"}
    assert any("cat" not in c for c in clips) and any(c.get("cat") == [] for c in clips)
    drafts = [c for c in clips if c["status"] == "draft"]
    assert drafts and all(c.get("publisheddate") is None for c in drafts)
    dates = [c["publisheddate"] for c in clips if c.get("publisheddate")]
    assert any(d.endswith("Z") for d in dates) and any(d.endswith("+0100") for d in dates)  # ISO and RFC 2822
    assert {c.get("featured") for c in clips} >= {"true", "false"}


def test_preview_benchmark_smoke(tmp_path):
    done = subprocess.run([sys.executable, "benchmarks/bench_preview.py", "--sizes", "200", "--data", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith(("latest news", "sport", "every clip"))]
    assert len(rows) == 3 and all("MB" in row for row in rows)
    assert (tmp_path / "clips-200.jsonl").exists()
