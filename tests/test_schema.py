"""Schemas: built from data or from Python, every wrong type is a SchemaError with a JSON pointer."""

from __future__ import annotations

import pytest

import filterengine as fe


@pytest.mark.parametrize("schema,problems", [
    ({"fields": []}, [("/fields", "bad_schema")]),
    ({"fields": "title"}, [("/fields", "bad_schema")]),
    ({"fields": {"a": "text"}}, [("/fields/a", "bad_schema")]),
    ({"fields": {"a": None}}, [("/fields/a", "bad_schema")]),
    ({"fields": {"a": {"kind": 3, "case_insensitive": "no"}}},
     [("/fields/a/kind", "unknown_kind"), ("/fields/a/case_insensitive", "bad_schema")]),
    ({"fields": {"a": {"kind": ["text"]}}}, [("/fields/a/kind", "unknown_kind")]),
    ({"fields": {"a/b": {"kind": "txt"}}}, [("/fields/a~1b/kind", "unknown_kind")]),
    ({"aliases": ["a"]}, [("/aliases", "bad_schema")]),
    ({"aliases": {"a": 1}}, [("/aliases/a", "unknown_target")]),
    ({"default_fields": 5}, [("/default_fields", "bad_schema")]),
    ({"default_fields": "title"}, [("/default_fields", "bad_schema")]),
    ({"default_fields": ["title", 1]}, [("/default_fields/1", "bad_schema")]),
    ({"groups": [1]}, [("/groups", "bad_schema")]),
    ({"groups": {"all": 1}}, [("/groups/all", "bad_schema")]),
    ({"groups": {"all": ["nope"]}}, [("/groups/all/0", "unknown_target")]),
    ({"unsupported": [1]}, [("/unsupported", "bad_schema")]),
    ({"unsupported": {"x": 1}}, [("/unsupported/x", "bad_schema")]),
    ({"fields": {1: {"kind": "text"}}}, [("/fields", "bad_schema")]),
    ([1], [("", "bad_schema")]),
    ("title", [("", "bad_schema")]),
    (7, [("", "bad_schema")]),
])
def test_a_schema_given_as_data_reports_every_problem_with_a_pointer(schema, problems):
    for call in (lambda: fe.compile_filters([], schema=schema), lambda: fe.compile_query("*:*", schema=schema),
                 lambda: fe.preview({"filters": []}, [], schema=schema)):
        with pytest.raises(fe.SchemaError) as info:
            call()
        assert [(p.path, p.code) for p in info.value.problems] == problems
        body = info.value.to_dict()
        assert body["code"] == "schema" and [p["pointer"] for p in body["problems"]] == [p for p, _ in problems]


def test_an_alias_to_a_broken_field_is_not_a_second_problem():
    with pytest.raises(fe.SchemaError) as info:
        fe.Schema.from_dict({"fields": {"league": {"kind": "keywrd"}}, "aliases": {"lg": "league"}})
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("/fields/league/kind", "unknown field kind 'keywrd'; did you mean 'keyword'?")]


@pytest.mark.parametrize("build,pointer", [
    (lambda: fe.Schema(fields=[1]), "/fields"),
    (lambda: fe.Schema(fields={"a": "text"}), "/fields/a"),
    (lambda: fe.Schema(fields={"a": fe.FieldSpec()}, aliases={"b": "c"}), "/aliases/b"),
    (lambda: fe.Schema(default_fields="title"), "/default_fields"),
    (lambda: fe.Schema(groups={"g": "title"}), "/groups/g"),
    (lambda: fe.FieldSpec(kind=3), "/kind"),
    (lambda: fe.FieldSpec(kind=[]), "/kind"),
    (lambda: fe.FieldSpec("text", case_insensitive="yes"), "/case_insensitive"),
])
def test_constructors_check_their_types(build, pointer):
    with pytest.raises(fe.SchemaError) as info:
        build()
    assert info.value.problems[0].path == pointer


def test_a_good_schema_still_works():
    schema = fe.Schema.from_dict({"fields": {"league": {"kind": "keyword", "case_insensitive": True}},
                                  "aliases": {"lg": "league"}, "default_fields": ["league"],
                                  "groups": {"any": ["lg"]}, "unsupported": {"x": "computed"}})
    assert fe.compile_query("NBA", schema=schema)({"league": "nba"})
    assert schema.default_fields == ("league",) and schema.groups["any"] == ("lg",)
