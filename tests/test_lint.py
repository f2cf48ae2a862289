"""The tree is lint-clean (ruff) and keeps its import contracts (import-linter).

The contracts live in pyproject.toml: imports point down the stages (cli ->
playlist -> compiler -> front ends -> backends/syntax/passes -> schema ->
runtime -> ir -> errors), only ``syntax/`` imports lark, and the two backends
share no code path but ``runtime/``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff_is_clean():
    result = subprocess.run([str(BIN / "ruff"), "check", "src", "tests", "benchmarks", "examples", "fuzz"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept():
    result = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken" in result.stdout and "BROKEN" not in result.stdout
