"""Every Python snippet in the README runs, and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def _expected_output(block: str) -> list[str]:
    """Trailing comment lines after the last code line are the expected output."""
    lines = block.rstrip("\n").splitlines()
    out: list[str] = []
    while lines and lines[-1].startswith("# "):
        out.insert(0, lines.pop()[2:])
    return out


def test_readme_has_python_snippets():
    assert BLOCKS


@pytest.mark.parametrize("block", BLOCKS, ids=[f"snippet{i}" for i in range(len(BLOCKS))])
def test_snippet_runs(block):
    buffer = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(block, "<README>", "exec"), {"__name__": "__readme__"})
    finally:
        os.chdir(cwd)
    expected = _expected_output(block)
    if expected:
        assert buffer.getvalue().rstrip("\n").splitlines() == expected
