"""Every Python snippet in the README runs, and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

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


def test_snippets_run_in_order_and_print_what_they_say():
    namespace: dict = {"__name__": "__readme__"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for number, block in enumerate(BLOCKS):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(block, f"<README snippet {number}>", "exec"), namespace)
            expected = _expected_output(block)
            if expected:
                assert buffer.getvalue().rstrip("\n").splitlines() == expected, f"snippet {number}"
    finally:
        os.chdir(cwd)
