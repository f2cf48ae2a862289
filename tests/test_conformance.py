"""Run the conformance corpus (``tests/conformance/filters_*.json``) on every backend.

Each file is a list of groups, in the manner of jmespath's compliance suite::

    {"description": "...", "now": "2024-05-10T12:00:00Z" | null,
     "records": [{"id": ..., ...}, ...],
     "cases": [{"description": "...", "filters": <any filters shape>,
                "expected": [ids of the matching records, in record order]}
               | {"description": "...", "filters": ..., "error": "<part of the message>"}]}

A case with ``error`` must raise :class:`filterengine.FilterEngineError` whose
message contains that text. Only ``filters_*.json`` belongs to this runner; other
corpora in the folder (``query_*.json``) have runners of their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

import filterengine as fe
from filterengine.predicate import BACKENDS

CORPUS = Path(__file__).parent / "conformance"
FILES = sorted(CORPUS.glob("filters_*.json"))

#: The 17 operators of issue 2, as documented.
OPERATOR_NAMES = (
    "is", "isNot", "isAnyOf", "isNotAnyOf", "isEmpty", "isNotEmpty", "contains", "doesNotContain",
    "containsAnyOf", "containsAllOf", "doesNotContainAnyOf", "isBefore", "isAfter",
    "isSmallerThan", "isGreaterThan", "isInTheLast", "isNotInTheLast",
)


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _params() -> Iterator[Any]:
    for path in FILES:
        for g, group in enumerate(_load(path)):
            for c, case in enumerate(group["cases"]):
                name = f"{path.stem}:{g}.{c} {group['description']} / {case['description']}"
                yield pytest.param(group, case, id=name)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("group", "case"), list(_params()))
def test_case(group: dict[str, Any], case: dict[str, Any], backend: str) -> None:
    if "error" in case:
        with pytest.raises(fe.FilterEngineError) as raised:
            fe.compile_filters(case["filters"], now=group["now"], backend=backend)
        assert case["error"] in str(raised.value)
        return
    pred = fe.compile_filters(case["filters"], now=group["now"], backend=backend)
    assert [r["id"] for r in pred.filter(group["records"])] == case["expected"]


def _operators(filters: Any) -> Iterator[str]:
    """Every operator name written anywhere in a filters value, whatever its shape."""
    if isinstance(filters, dict):
        if isinstance(filters.get("operator"), str):
            yield filters["operator"]
        for value in filters.values():
            yield from _operators(value)
    elif isinstance(filters, list):
        for value in filters:
            yield from _operators(value)


def test_corpus_is_well_formed() -> None:
    assert len(FILES) >= 8, FILES
    for path in FILES:
        groups = _load(path)
        assert isinstance(groups, list) and groups, path.name
        for group in groups:
            where = f"{path.name}: {group.get('description')!r}"
            assert set(group) == {"description", "now", "records", "cases"}, where
            assert isinstance(group["description"], str) and group["description"], where
            assert group["now"] is None or isinstance(group["now"], str), where
            ids = [r["id"] for r in group["records"]]
            assert all(isinstance(r, dict) for r in group["records"]), where
            assert len(ids) == len(set(ids)), f"{where}: duplicate record ids"
            descriptions = [c["description"] for c in group["cases"]]
            assert group["cases"] and len(descriptions) == len(set(descriptions)), f"{where}: duplicate case"
            for case in group["cases"]:
                here = f"{where} / {case['description']!r}"
                assert "filters" in case, here
                assert ("expected" in case) != ("error" in case), here
                assert set(case) <= {"description", "filters", "expected", "error"}, here
                if "expected" in case:
                    expected = case["expected"]
                    assert all(e in ids for e in expected), f"{here}: unknown id"
                    assert expected == sorted(expected, key=ids.index), f"{here}: not in record order"
                    assert len(expected) == len(set(expected)), here


def test_corpus_uses_every_operator() -> None:
    used = {name.strip().lower() for path in FILES for group in _load(path) for case in group["cases"]
            for name in _operators(case["filters"])}
    missing = [name for name in OPERATOR_NAMES if name.lower() not in used]
    assert not missing, f"operators never exercised by the corpus: {missing}"


def test_corpus_size() -> None:
    total = sum(len(group["cases"]) for path in FILES for group in _load(path))
    assert total >= 300, total
