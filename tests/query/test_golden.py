"""Golden file: query -> canonical text -> IR, for a corpus of typical and tricky queries.

``golden.json`` holds ``[query, canonical text, IR rendering]`` triples. After an
intended change, regenerate with ``.venv/bin/python -m tests.query.test_golden``
and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import filterengine as fe

from .irtext import render

GOLDEN = Path(__file__).with_name("golden.json")
ENTRIES = json.loads(GOLDEN.read_text(encoding="utf-8"))


def _row(query: str) -> list[str]:
    node = fe.parse_query(query)
    return [query, fe.format_query(node), render(node)]


@pytest.mark.parametrize(("query", "canonical", "rendered"), ENTRIES, ids=[e[0] for e in ENTRIES])
def test_golden(query: str, canonical: str, rendered: str) -> None:
    node = fe.parse_query(query)
    assert fe.format_query(node) == canonical
    assert render(node) == rendered
    # The canonical text is a fixed point and means the same IR.
    assert fe.parse_query(canonical) == node
    assert fe.format_query(fe.parse_query(canonical)) == canonical


if __name__ == "__main__":
    rows = [_row(query) for query, _, _ in ENTRIES]
    GOLDEN.write_text("[\n" + ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n", encoding="utf-8")
