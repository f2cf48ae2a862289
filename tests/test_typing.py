"""The package type-checks under mypy --strict (it ships py.typed, so users' checkers read it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_strict_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/filterengine"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
