"""benchmarks/bench_query.py keeps working (tiny inputs; no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_query_benchmark_runs() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_query.py"), "--repeat", "1", "--number", "3", "--records", "200"],
        check=True, capture_output=True, text=True,
    ).stdout
    assert "worst parse time" in out
    assert "one-word parse_query over 3 different words" in out
    assert "Lark.parse" in out and "public us" in out
    assert "q/filterset" in out
