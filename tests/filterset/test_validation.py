"""Validation: every problem at once, JSON pointers into what was passed, did-you-mean."""

from __future__ import annotations

import json

import pytest

import filterengine as fe


def problems_of(filters):
    with pytest.raises(fe.FiltersetError) as info:
        fe.compile_filters(filters)
    return {(p.path, p.message) for p in info.value.problems if p.severity == "error"}


def test_every_problem_is_worded_for_its_reader():
    # codes and pointers of this document are checked by the corpus (filters_errors.json)
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
    messages = dict(problems_of(filters))
    assert messages["/0/filters/0/operator"] == "unknown operator 'isAftr'; did you mean 'isAfter'?"
    assert "did you mean DAYS?" in messages["/1/filters/4/value"]
    assert messages["/1/filters/2/value"] == "'ten' is not a number"
    assert messages["/1/filters/1/field"] == "field is missing"


def test_pointer_for_cliplist_starts_at_filters():
    cl = fe.Cliplist.from_dict({"filters": [{"filters": [{"field": "a", "operator": "nope", "value": 1}]}]})
    with pytest.raises(fe.FiltersetError) as info:
        fe.compile_filters(cl)  # the cliplist document as a dict: in the corpus
    assert info.value.problems[0].path == "/filters/0/filters/0/operator"
    assert info.value.problems[0].code == "unknown_operator"


def test_did_you_mean_on_operators():
    found = problems_of([{"filters": [{"field": "a", "operator": "containsAny", "value": ["x"]}]}])
    assert found == {("/0/filters/0/operator", "unknown operator 'containsAny'; did you mean 'containsAnyOf'?")}


def test_unknown_operator_without_close_match_lists_all():
    (path, message), = problems_of([{"filters": [{"field": "a", "operator": "zzz", "value": 1}]}])
    assert message.startswith("unknown operator 'zzz'; expected one of is, isNot, isAnyOf")


def test_ignored_filters_are_warnings_not_errors():
    pred = fe.compile_filters([
        {"filters": [{"field": "a", "operator": "is", "value": ""}]},
        {"filters": []},
        {"filters": [{"field": "b", "operator": "is", "value": "1"}]},
    ])
    assert all(w.severity == "warning" for w in pred.warnings)
    assert [w.code for w in pred.warnings] == ["empty_value", "empty_filterset", "empty_filterset"]
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


def test_a_schema_of_the_wrong_type_is_a_schema_error():
    with pytest.raises(fe.SchemaError) as info:
        fe.compile_filters([], schema=["nope"])
    assert [p.path for p in info.value.problems] == [""]


def test_unknown_backend():
    with pytest.raises(fe.FilterEngineError):
        fe.compile_filters([], backend="sql")


@pytest.mark.parametrize("value,code", [
    (float("inf"), "infinite_value"),
    (float("-inf"), "infinite_value"),
    ([1, float("inf")], "infinite_value"),
    (float("nan"), "nan_value"),
    (10 ** 5000, "limit_exceeded"),
], ids=["inf", "-inf", "inf-in-list", "nan", "5000-digits"])
@pytest.mark.parametrize("operator", ["is", "isSmallerThan", "contains", "isBefore"])
def test_non_finite_and_unwritable_numbers_are_rejected_whatever_the_operator(value, code, operator):
    with pytest.raises(fe.FilterEngineError) as info:
        fe.compile_filters([{"filters": [{"field": "views", "operator": operator, "value": value}]}])
    err = info.value
    codes = [p.code for p in err.problems] if isinstance(err, fe.FiltersetError) else [err.code]
    assert codes == [code]
    json.dumps(err.to_dict())


def test_messages_never_write_what_python_cannot():
    huge = 10 ** 400  # writable, but not a date or a time expression
    for field, operator in (("publisheddate", "isBefore"), ("d", "isInTheLast")):
        with pytest.raises(fe.FiltersetError, match="^invalid filter"):
            fe.compile_filters([{"filters": [{"field": field, "operator": operator, "value": huge}]}],
                               limits=fe.Limits(digits=4000))
