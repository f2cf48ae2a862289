"""benchmarks/bench_sql.py keeps working (a small catalog; no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_sql_benchmark_runs_and_agrees_with_the_predicate():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_sql.py"), "--clips", "500", "--rounds", "1",
                          "--engines", "duckdb", "sqlite"], check=True, capture_output=True, text=True, env=env,
                         timeout=300).stdout
    assert "load duckdb: 500 clips" in out and "load sqlite: 500 clips" in out
    for label in ("W1", "W2", "W3"):
        assert f"\n{label} " in out
