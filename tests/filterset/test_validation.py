"""Validation: every problem at once, JSON pointers into what was passed, did-you-mean."""

from __future__ import annotations

import pytest

import filterengine as fe


def problems_of(filters):
    with pytest.raises(fe.FiltersetError) as info:
        fe.compile_filters(filters)
    return {(p.path, p.message) for p in info.value.problems if p.severity == "error"}


def test_collects_every_problem_with_pointers():
    filters = [
        {"filters": [{"field": "a", "operator": "isAftr", "value": "x"}]},
        {"filters": [
            {"field": "a", "operator": "is", "value": "x"},
            {"operator": "is", "value": "x"},
            {"field": "d", "operator": "isGreaterThan", "value": "ten"},
            {"field": "d", "operator": "isBefore", "value": "last tuesday"},
            {"field": "d", "operator": "isInTheLast", "value": "7DAYZ"},
            {"field": "d", "operator": "is", "value": [{"nested": 1}]},
        ]},
    ]
    found = problems_of(filters)
    paths = sorted(p for p, _ in found)
    assert paths == [
        "/0/filters/0/operator",
        "/1/filters/1/field",
        "/1/filters/2/value",
        "/1/filters/3/value",
        "/1/filters/4/value",
        "/1/filters/5/value/0",
    ]
    messages = dict(found)
    assert messages["/0/filters/0/operator"] == "unknown operator 'isAftr'; did you mean 'isAfter'?"
    assert "did you mean DAYS?" in messages["/1/filters/4/value"]
    assert messages["/1/filters/2/value"] == "'ten' is not a number"
    assert messages["/1/filters/1/field"] == "field is missing"


def test_pointer_for_cliplist_starts_at_filters():
    cl = fe.Cliplist.from_dict({"filters": [{"filters": [{"field": "a", "operator": "nope", "value": 1}]}]})
    with pytest.raises(fe.FiltersetError) as info:
        fe.compile_filters(cl)
    assert info.value.problems[0].path == "/filters/0/filters/0/operator"
    with pytest.raises(fe.FiltersetError) as info:
        fe.compile_filters(cl.to_dict())
    assert info.value.problems[0].path == "/filters/0/filters/0/operator"


def test_pointers_in_object_and_envelope_shapes():
    bad = {"filters": [{"field": "a", "operator": "isNotEmty"}]}
    assert problems_of({"0": bad}) == {("/0/filters/0/operator", "unknown operator 'isNotEmty'; did you mean 'isNotEmpty'?")}
    found = problems_of({"type": "SearchRequest", "filterSet": [bad]})
    assert {p for p, _ in found} == {"/filterSet/0/filters/0/operator"}


def test_did_you_mean_on_operators():
    found = problems_of([{"filters": [{"field": "a", "operator": "containsAny", "value": ["x"]}]}])
    assert found == {("/0/filters/0/operator", "unknown operator 'containsAny'; did you mean 'containsAnyOf'?")}


def test_unknown_operator_without_close_match_lists_all():
    (path, message), = problems_of([{"filters": [{"field": "a", "operator": "zzz", "value": 1}]}])
    assert message.startswith("unknown operator 'zzz'; expected one of is, isNot, isAnyOf")


def test_structural_problems():
    assert {p for p, _ in problems_of("nope")} == {"/"}
    assert {p for p, _ in problems_of([["not a filterset"]])} == {"/0"}
    assert {p for p, _ in problems_of([{"filters": "x"}])} == {"/0/filters"}
    assert {p for p, _ in problems_of([{"filters": [42]}])} == {"/0/filters/0"}
    assert {p for p, _ in problems_of({"0": {"filters": []}, "zero": {}})} == {"/zero"}
    assert {p for p, _ in problems_of([{"filters": [{"field": "", "operator": "is", "value": 1}]}])} == {"/0/filters/0/field"}
    assert {p for p, _ in problems_of([{"filters": [{"field": "a", "operator": 3, "value": 1}]}])} == {"/0/filters/0/operator"}


def test_ignored_filters_are_warnings_not_errors():
    pred = fe.compile_filters([
        {"filters": [{"field": "a", "operator": "is", "value": ""}]},
        {"filters": []},
        {"filters": [{"field": "b", "operator": "is", "value": "1"}]},
    ])
    assert all(w.severity == "warning" for w in pred.warnings)
    assert {w.path for w in pred.warnings} == {"/0/filters/0/value", "/0", "/1"}
    assert pred({"b": "1"}) and not pred({"b": "2"})


def test_error_is_a_value_error_and_message_lists_paths():
    with pytest.raises(ValueError) as info:
        fe.compile_filters([{"filters": [{"field": "a", "operator": "bogus", "value": 1}]}])
    assert "/0/filters/0/operator: unknown operator 'bogus'" in str(info.value)


def test_time_expression_problem_shows_caret():
    with pytest.raises(fe.FiltersetError) as info:
        fe.compile_filters([{"filters": [{"field": "d", "operator": "isInTheLast", "value": "7 DAYZ"}]}])
    message = info.value.problems[0].message
    assert "unknown unit 'DAYZ'" in message
    assert "7 DAYZ\n" in message and message.endswith("    ^")


@pytest.mark.parametrize("now", ["yesterday", "2024-13-01"])
def test_bad_now_is_a_filterengine_error(now):
    with pytest.raises(fe.FilterEngineError):
        fe.compile_filters([], now=now)


def test_wrong_python_types_raise_type_error():
    with pytest.raises(TypeError):
        fe.compile_filters([], now=12)
    with pytest.raises(TypeError):
        fe.compile_filters([], schema=["nope"])


def test_unknown_backend():
    with pytest.raises(fe.FilterEngineError):
        fe.compile_filters([], backend="sql")
