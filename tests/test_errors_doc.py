"""docs/errors.md: every problem-details example is what the library raises; every error serialises."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import filterengine as fe
from filterengine.errors import InputError, NotFoundError, PlaylistFileError, Problem

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
EXAMPLES = [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)]


def raised(example: dict, tmp_path: Path) -> fe.FilterEngineError:
    limits = fe.Limits(**example.get("limits", {}))
    with pytest.raises(fe.FilterEngineError) as info:
        if "cliplist_id" in example:
            from filterengine.serve import Store

            with Store.open(str(tmp_path / "errors.db")) as store:
                store.migrate()
                store.get_cliplist(example["cliplist_id"])
        elif "dialect" in example:
            fe.to_sql(q=example["q"], dialect=example["dialect"], limits=limits)
        elif "q" in example:
            fe.parse_query(example["q"], limits=limits)
        elif "schema" in example:
            fe.compile_filters([], schema=example["schema"], limits=limits)
        else:
            fe.compile_filters(example["filters"], limits=limits)
    return info.value


@pytest.mark.parametrize("example", EXAMPLES,
                         ids=lambda e: e.get("q") or e.get("cliplist_id") or ("schema" if "schema" in e else "filters"))
def test_documented_problem_details(example, tmp_path):
    assert raised(example, tmp_path).to_dict() == example["problem"]


def test_there_are_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("error", [
    fe.FilterEngineError("now must be an ISO 8601 date-time"),
    fe.TimeExpressionError("unknown unit", "7DAYZ", 1, ["a unit"]),
    fe.QuerySyntaxError("unexpected end of input", "a AND", 5),
    fe.LimitExceededError("clauses", 2, 3, "too many clauses", text="a b c", position=4),
    fe.LimitExceededError("values", 2, 3, "too many values in one filter", pointer="/0/filters/0/value"),
    fe.FiltersetError([Problem("/0/filters/0/value", "not a number", code="not_a_number"),
                       Problem("/1", "ignored", "warning", code="empty_filterset")]),
    InputError("clips.jsonl", "invalid JSON", 2, "/3"),
    PlaylistFileError("pl.json", [Problem("/filters/0/operator", "unknown operator 'x'", code="unknown_operator")]),
    NotFoundError("cliplist", "1000042"),
])
def test_every_error_is_rfc9457_problem_details(error):
    body = error.to_dict()
    assert json.loads(json.dumps(body)) == body  # plain JSON data
    assert body["type"] == f"urn:filterengine:problem:{error.code}" and body["code"] == error.code
    assert body["status"] == (404 if isinstance(error, NotFoundError) else 400)
    assert body["title"] and body["detail"] == str(error)
    if isinstance(error, (fe.TimeExpressionError, fe.QuerySyntaxError, fe.LimitExceededError)) and error.position is not None:
        assert (body["position"], body["line"], body["column"]) == (error.position, error.line, error.column)
    if isinstance(error, (fe.FiltersetError, PlaylistFileError)):
        assert [p["pointer"] for p in body["problems"]] == [p.path for p in error.problems]
        assert all(set(p) == {"pointer", "code", "severity", "detail"} for p in body["problems"])


def test_input_errors_say_where():
    body = InputError("clips.jsonl", "bad", 2, "/3").to_dict()
    assert (body["source"], body["line"], body["pointer"]) == ("clips.jsonl", 2, "/3")
    assert "line" not in InputError("x", "bad").to_dict()


@pytest.mark.parametrize("call", [
    lambda: fe.parse_query("status:\ud800 AND"),
    lambda: fe.compile_filters([{"filters": [{"field": "\ud800", "operator": "is\udfff", "value": "x"}]}]),
    lambda: fe.compile_filters([{"filters": [{"field": "d", "operator": "isInTheLast", "value": "7\ud800"}]}]),
    lambda: fe.compile_filters([], schema={"fields": {"\ud800": {"kind": "\udfff"}}}),
], ids=["query", "filters", "time-expression", "schema"])
def test_problem_details_always_encode(call):
    with pytest.raises(fe.FilterEngineError) as info:
        call()
    body = info.value.to_dict()
    json.dumps(body, ensure_ascii=False).encode("utf-8")
    assert "\\ud800" in json.dumps(body, ensure_ascii=False) or "\\udfff" in json.dumps(body, ensure_ascii=False)
