"""Every example in docs/semantics.md is true, on both backends.

The document's ```json blocks hold examples (one object or a list of them):
``{"filter" | "filters", "record", "matches"[, "now"]}`` or ``{"filter" | "filters", "error"}``.
A ```text block after ``<!-- error-example: {...} -->`` is the exact message of that error.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import filterengine as fe
from filterengine.predicate import BACKENDS

DOC = Path(__file__).resolve().parents[1] / "docs" / "semantics.md"
NOW = "2024-05-10T12:00:00Z"  # the document's default clock

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
_ERROR_EXAMPLE = re.compile(r"<!-- error-example: (.*?) -->\n```text\n(.*?)\n```", re.S)


def _text() -> str:
    return DOC.read_text(encoding="utf-8")


def _examples() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lang, body in _FENCE.findall(_text()):
        if lang != "json":
            continue
        data = json.loads(body)
        out.extend(data if isinstance(data, list) else [data])
    return out


def _filters(example: dict[str, Any]) -> Any:
    if "filter" in example:
        return [{"filters": [example["filter"]]}]
    return example["filters"]


def _label(example: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in example.items() if k != "matches"}, separators=(",", ":"))[:150]


EXAMPLES = _examples()


def test_document_has_examples_for_every_operator() -> None:
    assert len(EXAMPLES) >= 150
    for example in EXAMPLES:
        assert ("filter" in example) != ("filters" in example), example
        assert ("error" in example) != ("matches" in example and "record" in example), example
        assert set(example) <= {"filter", "filters", "record", "matches", "error", "now"}, example
    used = {e["filter"]["operator"].strip().lower() for e in EXAMPLES if "filter" in e and "matches" in e}
    names = ("is isNot isAnyOf isNotAnyOf isEmpty isNotEmpty contains doesNotContain containsAnyOf containsAllOf "
             "doesNotContainAnyOf isBefore isAfter isSmallerThan isGreaterThan isInTheLast isNotInTheLast").split()
    assert not [n for n in names if n.lower() not in used]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("example", EXAMPLES, ids=_label)
def test_example(example: dict[str, Any], backend: str) -> None:
    now = example.get("now", NOW)
    if "error" in example:
        with pytest.raises(fe.FilterEngineError) as raised:
            fe.compile_filters(_filters(example), now=now, backend=backend)
        assert example["error"] in str(raised.value)
        return
    pred = fe.compile_filters(_filters(example), now=now, backend=backend)
    assert pred(example["record"]) is example["matches"]


def test_error_renderings_are_exact() -> None:
    found = _ERROR_EXAMPLE.findall(_text())
    assert len(found) >= 2
    for spec, rendered in found:
        with pytest.raises(fe.FilterEngineError) as raised:
            fe.compile_filters(_filters(json.loads(spec)), now=NOW)
        assert str(raised.value) == rendered


@pytest.mark.parametrize("backend", BACKENDS)
def test_python_date_objects(backend: str) -> None:
    """The prose claims JSON cannot show: datetime objects (naive = UTC) and dates are instants."""
    after = fe.compile_filters([{"filters": [{"field": "d", "operator": "isAfter", "value": "2024-03-02T08:15:00Z"}]}],
                               now=NOW, backend=backend)
    before = fe.compile_filters([{"filters": [{"field": "d", "operator": "isBefore", "value": "2024-03-02T08:15:00Z"}]}],
                                now=NOW, backend=backend)
    naive = datetime(2024, 3, 2, 8, 15)
    aware = datetime(2024, 3, 2, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert after({"d": naive}) and before({"d": naive})
    assert after({"d": aware}) and before({"d": aware})
    assert before({"d": date(2024, 3, 2)}) and not after({"d": date(2024, 3, 2)})


def test_ignored_filters_are_warnings() -> None:
    """The prose claim: ignored filters and filtersets are warnings on the predicate, not errors."""
    pred = fe.compile_filters([{"filters": [{"field": "status", "operator": "is", "value": ""}]},
                               {"filters": None}, {}], now=NOW)
    assert [(w.path, w.severity) for w in pred.warnings] == [
        ("/0/filters/0/value", "warning"), ("/0", "warning"), ("/1", "warning"), ("/2", "warning")]
    assert pred({"status": "draft"})
