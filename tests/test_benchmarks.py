"""The benchmark scripts keep working (small inputs; no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_predicate_benchmark_runs_and_agrees_with_hand_written():
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_predicate.py"), "--records", "3000", "--repeat", "1"],
        check=True, capture_output=True, text=True,
    ).stdout
    assert "worst compiled/hand-written ratio" in out
    assert out.count("ratio") >= 4
