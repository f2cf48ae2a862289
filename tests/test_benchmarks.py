"""The benchmark scripts keep working (small inputs; no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_predicate_benchmark_runs_and_agrees_with_hand_written():
    # Run against this checkout's source, whatever filterengine the interpreter has installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_predicate.py"),
         "--records", "2000", "--rounds", "1", "--compiles", "20"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    for label in ("W1", "W2", "W3", "latest news", "sport"):
        assert f"{label}: compiled and hand-written agree" in out
        assert f"\n| {label}: " in out
    assert "| workload | pred(r)/hand | .filter/hand |" in out
    assert "worst median compiled/hand-written ratio" in out
    assert "compile a typical filterset" in out and "compile an equal filterset again" in out


def test_catalog_benchmark_runs():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_catalog.py"), "--clips", "300", "--rounds", "1"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    for layout in ("JSON lines", "one-line array (json.dump)", "pretty values (jq '.items[]')", "gzip one-line array"):
        assert f"\n{layout}" in out
    assert "gzip bomb: " in out and "a decompression bomb?" in out
