"""benchmarks/bench_columnar.py keeps working (a small catalog; no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_columnar_benchmark_runs_and_agrees_with_hand_written():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_columnar.py"), "--clips", "500", "--rounds", "1"],
                         check=True, capture_output=True, text=True, env=env, timeout=300).stdout
    assert "to_frame: 500 clips" in out
    for label in ("W1", "W2"):
        assert f"\n| {label}: " in out
    assert "worst median to_polars/hand-written ratio" in out
