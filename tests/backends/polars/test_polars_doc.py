"""docs/backends.md: the Polars examples (a frame; a Parquet catalog) run and print what the page says they print."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SECTION = (ROOT / "docs" / "backends.md").read_text(encoding="utf-8").split("\n## Polars\n", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```python\n(.*?)```", SECTION, re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=["frame", "parquet"])
def test_the_polars_examples_print_what_they_say(block):
    assert len(BLOCKS) == 2
    expected = "\n".join(line[2:] for line in block.splitlines() if line.startswith("# "))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "<docs/backends.md Polars>", "exec"), {})
    assert out.getvalue().strip() == expected
