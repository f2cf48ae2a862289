"""Records to evaluate fuzzed predicates on: every record of the conformance corpus, plus a few
that only a fuzzer would write, taken a window at a time (chosen by the input, so a run is repeatable)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

CONFORMANCE = Path(__file__).resolve().parents[2] / "tests" / "conformance"

#: Values at the edges of each rule, each under every field a filter or query may name.
_EDGE_VALUES: list[Any] = [
    "", " ", "\u0000", "\udc80", "e\u0301", "\u0130STANBUL", "\u0939\u093f\u0928\u094d\u0926\u0940", "*", "?", "\\",
    0, -0.0, 1, -1, 2**63, 1e308, 1.5, True, False, None, [], {}, [None], [[1]], {"x": {"y": 1}},
    "2024-05-10T12:00:00Z", "2024-05-10", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "Fri, 10 May 2024 12:00:00 +0000",
    1715342400, 1715342400000, -62135596800, 253402300799, "NaN", "inf", "1e5", " 7 ", "true", "FALSE",
]
_EDGE_FIELDS = ["title", "description", "cat", "status", "views", "publisheddate", "createddate", "id", "tags", "a", "d", "meta"]


def _pool() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in sorted(CONFORMANCE.glob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            records.extend(r for r in group.get("records", ()) if isinstance(r, dict))
    for i, value in enumerate(_EDGE_VALUES):
        records.append({"id": f"edge{i}", **{f: value for f in _EDGE_FIELDS}})
    return records


POOL = _pool()
WINDOW = 12


def window(data: bytes, size: int = WINDOW) -> list[dict[str, Any]]:
    """``size`` consecutive records of the pool, starting where the input's checksum says."""
    start = zlib.crc32(data) % len(POOL)
    return (POOL + POOL)[start:start + size]
