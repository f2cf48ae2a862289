"""Run the q conformance corpus (``tests/conformance/query_*.json``) on every backend.

Same layout as the filters corpus: groups of ``records`` and ``cases``; a case
has a ``q`` (and optionally ``default_operator`` and ``schema``) and either the
``expected`` ids, in record order, or an ``error`` text that the raised
:class:`filterengine.QuerySyntaxError` must contain. Each query also runs through
``compile_filters(..., q=...)`` and through its canonical text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

import filterengine as fe
from filterengine.predicate import BACKENDS

CORPUS = Path(__file__).parents[1] / "conformance"
FILES = sorted(CORPUS.glob("query_*.json"))


def _params() -> Iterator[Any]:
    for path in FILES:
        for g, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            for c, case in enumerate(group["cases"]):
                yield pytest.param(group, case, id=f"{path.stem}:{g}.{c} {case['description']}")


def _options(case: dict[str, Any]) -> dict[str, Any]:
    return {"schema": case.get("schema"), "default_operator": case.get("default_operator", "OR")}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("group", "case"), list(_params()))
def test_case(group: dict[str, Any], case: dict[str, Any], backend: str) -> None:
    options = _options(case)
    if "error" in case:
        with pytest.raises(fe.QuerySyntaxError) as raised:
            fe.compile_query(case["q"], now=group["now"], backend=backend, **options)
        assert case["error"] in str(raised.value)
        assert 0 <= raised.value.position <= len(case["q"])
        return
    ids = lambda pred: [r["id"] for r in pred.filter(group["records"])]  # noqa: E731
    assert ids(fe.compile_query(case["q"], now=group["now"], backend=backend, **options)) == case["expected"]
    # The same query ANDed with no filters, and its canonical text, select the same records.
    assert ids(fe.compile_filters([], now=group["now"], backend=backend, q=case["q"], **options)) == case["expected"]
    canonical = fe.format_query(fe.parse_query(case["q"], **options), options["schema"])
    assert ids(fe.compile_query(canonical, now=group["now"], backend=backend, schema=options["schema"])) == case["expected"]


def test_corpus_is_well_formed() -> None:
    assert len(FILES) >= 4
    for path in FILES:
        for group in json.loads(path.read_text(encoding="utf-8")):
            assert {"description", "now", "records", "cases"} <= set(group)
            ids = [r["id"] for r in group["records"]]
            assert len(set(ids)) == len(ids)
            for case in group["cases"]:
                assert ("expected" in case) != ("error" in case), case
                assert set(case.get("expected", [])) <= set(ids), case
