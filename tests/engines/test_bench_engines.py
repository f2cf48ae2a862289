"""benchmarks/bench_engines.py keeps working on a small catalog (no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_engines_runs_and_every_page_agrees():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_engines.py"), "--clips", "200", "--rounds", "1"],
                         check=True, capture_output=True, text=True, env=env, timeout=300).stdout
    assert "| playlist | python JSONL | duckdb JSONL | polars JSONL | duckdb Parquet | polars Parquet |" in out
    assert "| latest-news | " in out and "DIFFERENT PAGE" not in out
