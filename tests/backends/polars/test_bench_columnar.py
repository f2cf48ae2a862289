"""benchmarks/bench_columnar.py keeps working (a small catalog in a temporary folder; no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_columnar_benchmark_runs_and_agrees_with_hand_written(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    # W3 only, to keep the suite fast: the hardest shape; the script exits 1 if a twin disagrees.
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_columnar.py"), "--clips", "400", "--rounds", "1",
                          "--shapes", "W3", "--data", str(tmp_path)],
                         check=True, capture_output=True, text=True, env=env, timeout=600).stdout
    assert "| 400 | - | filterengine convert | JSONL -> Parquet |" in out
    for what in ("filter, fe.to_polars", "filter, hand-written polars", "filter, fe.to_sql", "filter, hand-written duckdb",
                 "preview, engine=python | JSONL", "preview, engine=duckdb | JSONL", "preview, engine=polars | JSONL",
                 "preview, engine=duckdb | Parquet", "preview, engine=polars | Parquet"):
        assert f"| 400 | W3 | {what}" in out, what
    assert "ERROR" not in out and "n/a" not in out  # every engine previewed every file, with python's page
    assert "worst median ratio, filter alone: fe.to_polars/hand-written" in out
    assert (tmp_path / "columnar-400.jsonl").exists() and (tmp_path / "columnar-400.parquet").exists()
