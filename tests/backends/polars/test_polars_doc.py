"""docs/backends.md: the Polars example runs and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SECTION = (ROOT / "docs" / "backends.md").read_text(encoding="utf-8").split("\n## Polars\n", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```python\n(.*?)```", SECTION, re.S)


def test_the_polars_example_prints_what_it_says():
    assert len(BLOCKS) == 1
    block = BLOCKS[0]
    expected = "\n".join(line[2:] for line in block.splitlines() if line.startswith("# "))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "<docs/backends.md Polars>", "exec"), {})
    assert out.getvalue().strip() == expected
