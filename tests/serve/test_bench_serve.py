"""benchmarks/bench_serve.py keeps working (a tiny catalog, a few requests; no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_serve_benchmark_runs_on_both_databases(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_serve.py"), "--sizes", "300",
                          "--requests", "20", "--warmup", "5", "--concurrency", "1", "4", "--data-dir", str(tmp_path)],
                         check=True, capture_output=True, text=True, env=env, timeout=600).stdout
    assert "| database | clips | list | clients | requests/s | p50 ms | p99 ms |" in out
    for database in ("sqlite", "postgres"):
        for kind in ("smart", "static"):
            assert f"\n| {database} | 300 | {kind} | 1 |" in out and f"\n| {database} | 300 | {kind} | 4 |" in out
    assert (tmp_path / "serve-sqlite-300.db").exists()  # kept for the next run
