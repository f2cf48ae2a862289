"""The public q API: names, options, combination with filters, formatting of any IR."""

from __future__ import annotations

import pytest

import filterengine as fe
from filterengine import ir

NOW = "2024-05-10T12:00:00Z"


def test_public_names() -> None:
    for name in ("compile_query", "parse_query", "format_query", "QuerySyntaxError"):
        assert name in fe.__all__


def test_boosts_are_kept_but_never_match_differently(backend: str) -> None:
    node = fe.parse_query("title:goal^4")
    assert isinstance(node, ir.Boost) and node.factor == 4
    pred = fe.compile_query("title:goal^4", backend=backend)
    assert pred({"title": "A goal"}) and not pred({"title": "A save"})
    assert "Boost" not in repr(pred.node)
    # The IR with its Boost runs on both backends as well.
    assert fe.Predicate(node, None, backend)({"title": "goal"})


def test_default_operator(backend: str) -> None:
    record = {"title": "harbour"}
    assert fe.compile_query("harbour dawn", backend=backend)(record)
    assert not fe.compile_query("harbour dawn", default_operator="AND", backend=backend)(record)
    assert not fe.compile_query("harbour dawn", default_operator="and", backend=backend)(record)


def test_compile_filters_ands_the_query(backend: str) -> None:
    filters = [{"filters": [{"field": "status", "operator": "is", "value": "published"}]}]
    pred = fe.compile_filters(filters, now=NOW, q="publisheddate:[NOW-7DAYS TO NOW]", backend=backend)
    assert pred({"status": "published", "publisheddate": "2024-05-09T00:00:00Z"})
    assert not pred({"status": "published", "publisheddate": "2024-04-09T00:00:00Z"})
    assert not pred({"status": "draft", "publisheddate": "2024-05-09T00:00:00Z"})
    both = fe.compile_filters(filters, q="a b", default_operator="AND", backend=backend)
    assert not both({"status": "published", "title": "a"})


def test_relative_dates_follow_the_clock_when_now_is_not_fixed() -> None:
    pred = fe.compile_query("publisheddate:[NOW-1DAY TO *]")
    assert pred({"publisheddate": "2999-01-01T00:00:00Z"})
    assert not pred({"publisheddate": "2000-01-01T00:00:00Z"})


def test_custom_schema_and_default_fields(backend: str) -> None:
    schema = {"fields": {"name": {"kind": "text"}, "tag": {"kind": "keyword", "case_insensitive": True},
                         "n": {"kind": "number"}}, "default_fields": ["name", "tag"]}
    pred = fe.compile_query("blue tag:RED n:[1 TO 3]", schema=schema, default_operator="AND", backend=backend)
    assert pred({"name": "Blue sky", "tag": "red", "n": "2"})
    assert not pred({"name": "Blue sky", "tag": "red", "n": 4})
    assert fe.compile_query("tag:R*", schema=schema, backend=backend)({"tag": "red"})


def test_format_query_of_filterset_ir() -> None:
    pred = fe.compile_filters([
        {"filters": [{"field": "status", "operator": "isAnyOf", "value": ["published", "live"]}]},
        {"filters": [{"field": "cat", "operator": "containsAllOf", "value": ["news", "sport"]}]},
        {"filters": [{"field": "views", "operator": "isGreaterThan", "value": 10}]},
        {"filters": [{"field": "description", "operator": "isEmpty"}]},
    ], now=NOW)
    text = fe.format_query(pred.node)
    assert text == ("(status:published OR status:live) AND (cat:news AND cat:sport) AND views:[10 TO *]"
                    " AND NOT description:*")
    same = fe.compile_query(text, now=NOW)
    for record in ({"status": "live", "cat": ["news", "sport"], "views": 11},
                   {"status": "live", "cat": ["news"], "views": 11, "description": "x"}):
        assert same(record) == pred(record)


def test_format_query_refuses_ir_without_an_exact_query() -> None:
    title = fe.PLATFORM_SCHEMA.field("title")
    with pytest.raises(fe.FilterEngineError, match="no q query"):
        fe.format_query(ir.Substring(title, ("goal",)))
    with pytest.raises(fe.FilterEngineError, match="no q query"):
        fe.format_query(ir.Equals(title, ("Whole title",)))  # a text field's q term matches words
    assert fe.format_query(ir.Or(())) == "NOT *:*"
    assert fe.format_query(ir.And(())) == "*:*"


def test_format_query_with_a_custom_schema() -> None:
    schema = fe.Schema({"body": fe.FieldSpec("text")}, default_fields=("body",))
    node = fe.parse_query("hello world", schema=schema)
    assert fe.format_query(node, schema) == "body:hello OR body:world"
    assert fe.parse_query(fe.format_query(node, schema), schema=schema) == node
