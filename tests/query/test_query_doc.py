"""Every ```json example block in docs/query.md holds, on both backends."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import filterengine as fe

DOC = Path(__file__).resolve().parents[2] / "docs" / "query.md"
NOW = "2024-05-10T12:00:00Z"


def _examples() -> list[dict[str, Any]]:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [example for block in blocks for example in json.loads(block)]


EXAMPLES = _examples()


def test_doc_has_examples() -> None:
    assert len(EXAMPLES) >= 50


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["q"] or "<empty>" for e in EXAMPLES])
def test_example(example: dict[str, Any], backend: str) -> None:
    q = example["q"]
    operator = example.get("default_operator", "OR")
    if "error" in example:
        with pytest.raises(fe.QuerySyntaxError) as raised:
            fe.compile_query(q, now=NOW, default_operator=operator, backend=backend)
        assert example["error"] in str(raised.value)
    elif "canonical" in example:
        assert fe.format_query(fe.parse_query(q, default_operator=operator)) == example["canonical"]
    else:
        pred = fe.compile_query(q, now=NOW, default_operator=operator, backend=backend)
        assert pred(example["record"]) is example["matches"]
