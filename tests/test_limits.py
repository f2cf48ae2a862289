"""``fe.Limits``: each limit at its value, one over, lowered and raised, on every entry point.

An input over a limit raises ``LimitExceededError`` naming the limit, its maximum and the value
that broke it, with a position or a JSON pointer, before any other work (so before any other
error the input would give). Messages stay short whatever the size of the input.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import filterengine as fe
from filterengine import ir
from filterengine.limits import CEILINGS, DEFAULT_LIMITS, check_json_depth, int_digits

ROOT = Path(__file__).resolve().parents[1]
NOW = "2024-05-10T12:00:00Z"
DEFAULTS = {"query_length": 10_000, "depth": 64, "clauses": 1_000, "values": 10_000, "digits": 30,
            "time_expression": 200, "record_depth": 64}


def over(call: Any, limit: str, maximum: int, actual: int) -> fe.LimitExceededError:
    """The LimitExceededError ``call()`` raises, checked to name ``limit``, ``maximum`` and ``actual``."""
    with pytest.raises(fe.LimitExceededError) as raised:
        call()
    err = raised.value
    assert (err.limit, err.maximum, err.actual) == (limit, maximum, actual), str(err)
    assert f"Limits.{limit}" in str(err) and f"{actual:,}" in str(err) and f"{maximum:,}" in str(err)
    body = err.to_dict()
    assert json.loads(json.dumps(body)) == body
    assert (body["code"], body["limit"], body["maximum"], body["actual"]) == ("limit_exceeded", limit, maximum, actual)
    assert body["type"] == "urn:filterengine:problem:limit_exceeded" and body["detail"] == str(err)
    assert len(str(err)) < 600
    return err


def nested(depth: int) -> Any:
    """A value of ``depth`` levels of lists."""
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def filters(*items: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"filters": list(items)}]


# -- the object ----------------------------------------------------------------------------


def test_the_defaults() -> None:
    assert dataclasses.asdict(fe.Limits()) == DEFAULTS
    assert fe.Limits() == DEFAULT_LIMITS and hash(fe.Limits()) == hash(DEFAULT_LIMITS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fe.Limits().depth = 3  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_each_limit_is_a_positive_int_below_its_ceiling(name: str) -> None:
    assert getattr(fe.Limits(**{name: 1}), name) == 1
    for bad in (0, -1):
        with pytest.raises(fe.FilterEngineError, match=f"Limits.{name} must be"):
            fe.Limits(**{name: bad})
    for wrong in (True, 2.0, "3", None):
        with pytest.raises(TypeError, match=f"Limits.{name} must be an int"):
            fe.Limits(**{name: wrong})
    ceiling = CEILINGS.get(name)
    if ceiling is not None:
        assert getattr(fe.Limits(**{name: ceiling}), name) == ceiling
        with pytest.raises(fe.FilterEngineError, match=f"between 1 and {ceiling:,}"):
            fe.Limits(**{name: ceiling + 1})
    else:
        assert getattr(fe.Limits(**{name: 10**9}), name) == 10**9


def test_limits_must_be_a_limits_object() -> None:
    with pytest.raises(TypeError, match="limits must be a filterengine.Limits"):
        fe.compile_query("a", limits={"depth": 3})  # type: ignore[arg-type]


# -- query_length --------------------------------------------------------------------------


def test_query_length() -> None:
    assert fe.parse_query("a" * 10_000)
    over(lambda: fe.parse_query("a" * 10_001), "query_length", 10_000, 10_001)
    over(lambda: fe.compile_query("ab c", limits=fe.Limits(query_length=3)), "query_length", 3, 4)
    assert fe.compile_query("a " * 10_000, limits=fe.Limits(query_length=20_000, clauses=10_000))({"title": "a"})


def test_a_huge_query_is_turned_down_before_it_is_read() -> None:
    err = over(lambda: fe.compile_query("(" * 10**6 + "a" + ")" * 10**6), "query_length", 10_000, 2_000_001)
    assert err.position is None and "position" not in err.to_dict()


# -- depth -----------------------------------------------------------------------------


def test_depth_of_a_query() -> None:
    assert fe.compile_query("(" * 64 + "a" + ")" * 64, now=NOW)({"title": "a"})
    assert fe.parse_query("NOT " * 64 + "a")
    err = over(lambda: fe.parse_query("(" * 65 + "a" + ")" * 65), "depth", 64, 65)
    assert (err.position, err.line, err.column) == (64, 1, 65)
    assert {"position": 64, "line": 1, "column": 65}.items() <= err.to_dict().items()
    over(lambda: fe.parse_query("NOT " * 65 + "a"), "depth", 64, 65)
    over(lambda: fe.parse_query("title:(a OR (b AND (c)))", limits=fe.Limits(depth=2)), "depth", 2, 3)
    deeper = fe.Limits(depth=80)
    assert fe.compile_query("(" * 80 + "a" + ")" * 80, limits=deeper)({"title": "a"})
    over(lambda: fe.parse_query("(" * 81 + "a" + ")" * 81, limits=deeper), "depth", 80, 81)


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_the_deepest_queries_run_everywhere(backend: str) -> None:
    # Shapes that nest the IR (and the generated code) most for their depth, at the ceiling.
    limits = fe.Limits(depth=CEILINGS["depth"], query_length=100_000, clauses=10_000)
    n = CEILINGS["depth"]
    for leaf in ("z", "views:[1 TO 5]", "publisheddate:[NOW-7DAYS TO NOW]", "title:a*b", "NOT views:[1 TO 2]"):
        for query in ["".join(f"(a{i} b{i} -c{i} " for i in range(n - 1)) + leaf + ")" * (n - 1),
                      "".join(f"(views:[{i} TO 9] title:x{i}* -publisheddate:[NOW-{i}DAYS TO NOW] "
                              for i in range(n - 1)) + leaf + ")" * (n - 1),
                      "NOT " * (n - 2) + leaf]:
            pred = fe.compile_query(query, now=NOW, backend=backend, limits=limits)
            pred({"title": "z", "views": 3})
            node = fe.parse_query(query, limits=limits)
            fe.format_query(node, limits=limits)
            fe.explain({"title": "t", "filters": []}, {"id": 1, "title": "z"}, now=NOW, q=query, limits=limits)


def test_depth_of_ir_given_to_format_query() -> None:
    node = fe.parse_query("cat:a")
    for _ in range(3 * 64 + 3):
        node = ir.Not(node)
    assert fe.format_query(node)  # as deep as a query within the limits can give
    err = over(lambda: fe.format_query(ir.Not(node)), "depth", 195, 196)
    assert "IR nested too deep" in str(err)
    deep: ir.Node = ir.MatchAll()
    for _ in range(100_000):
        deep = ir.Not(deep)
    over(lambda: fe.format_query(deep), "depth", 195, 196)  # not a RecursionError


# -- clauses ---------------------------------------------------------------------------


def test_clauses_of_a_query() -> None:
    words = [f"w{i}" for i in range(1_001)]
    assert fe.compile_query(" ".join(words[:1000]))({"title": "w999"})
    err = over(lambda: fe.parse_query(" ".join(words)), "clauses", 1_000, 1_001)
    assert err.position == len(" ".join(words[:1000])) + 1  # the first clause over the limit
    # Every term, phrase and range counts, fielded or not, at any depth.
    query = 'title:(a OR "b c") AND NOT views:[1 TO 5] d'
    assert fe.parse_query(query, limits=fe.Limits(clauses=4))
    over(lambda: fe.parse_query(query, limits=fe.Limits(clauses=3)), "clauses", 3, 4)
    more = fe.Limits(clauses=5_000, query_length=50_000)
    assert fe.compile_query(" OR ".join(f"views:[{i} TO {i + 1}]" for i in range(2_000)), limits=more)({"views": 1999})


def test_filters_in_all_filtersets() -> None:
    item = {"field": "status", "operator": "is", "value": "x"}
    at = [{"filters": [item] * 600}, {"filters": [item] * 400}]
    assert fe.compile_filters(at)({"status": "x"})
    err = over(lambda: fe.compile_filters([{"filters": [item] * 600}, {"filters": [item] * 401}]), "clauses", 1_000, 1_001)
    assert err.pointer == "/1/filters/400" and err.to_dict()["pointer"] == "/1/filters/400"
    assert "too many filters" in str(err)
    over(lambda: fe.compile_filters(filters(item, item, item), limits=fe.Limits(clauses=2)), "clauses", 2, 3)
    assert fe.compile_filters([{"filters": [item] * 3_000}], limits=fe.Limits(clauses=3_000))({"status": "x"})


@pytest.mark.parametrize("shape", ["list", "object", "search_request", "cliplist"])
def test_filtersets_in_every_shape(shape: str) -> None:
    sets = [{"filters": [{"field": "status", "operator": "is", "value": f"v{i}"}]} for i in range(1_001)]
    doc: Any = {
        "list": sets,
        "object": {str(i): fs for i, fs in enumerate(sets)},
        "search_request": {"type": "SearchRequest", "filterSet": sets},
        "cliplist": {"title": "x", "filters": sets},
    }[shape]
    err = over(lambda: fe.compile_filters(doc), "clauses", 1_000, 1_001)
    assert err.pointer is not None and "too many filtersets" in str(err)
    assert fe.compile_filters(doc, limits=fe.Limits(clauses=1_001))({"status": "v0"}) is False  # every filterset must match


def test_a_limit_comes_before_every_problem() -> None:
    bad = {"field": "", "operator": "nope", "value": {"x": 1}}
    over(lambda: fe.compile_filters([{"filters": [bad] * 100_000}]), "clauses", 1_000, 100_000)
    with pytest.raises(fe.FiltersetError):
        fe.compile_filters([{"filters": [bad] * 1_000}])


# -- values ----------------------------------------------------------------------------


def test_values_in_one_filter() -> None:
    values = [f"c{i}" for i in range(10_001)]
    assert fe.compile_filters(filters({"field": "cat", "operator": "containsAnyOf", "value": values[:10_000]}))({"cat": "c9999"})
    err = over(lambda: fe.compile_filters(filters({"field": "cat", "operator": "containsAnyOf", "value": values})),
               "values", 10_000, 10_001)
    assert err.pointer == "/0/filters/0/value"
    over(lambda: fe.compile_filters(filters({"field": "views", "operator": "isGreaterThan", "value": list(range(10**6))})),
         "values", 10_000, 10**6)
    over(lambda: fe.compile_filters(filters({"field": "cat", "operator": "is", "value": ["a", "b"]}),
                                    limits=fe.Limits(values=1)), "values", 1, 2)
    raised = fe.Limits(values=100_000)
    pred = fe.compile_filters(filters({"field": "views", "operator": "isGreaterThan", "value": list(range(100_000))}),
                              limits=raised)
    assert pred({"views": 0}) and not pred({"views": -1})  # the smallest bound, inclusive


# -- digits ----------------------------------------------------------------------------


def test_digits_of_a_number_in_a_query() -> None:
    assert fe.compile_query("views:" + "9" * 30)({"views": 10**30 - 1})
    err = over(lambda: fe.parse_query("views:" + "9" * 31), "digits", 30, 31)
    assert err.position == 6
    over(lambda: fe.parse_query("views:[1 TO " + "9" * 5_000 + "]"), "digits", 30, 5_000)
    over(lambda: fe.parse_query("views:123", limits=fe.Limits(digits=2)), "digits", 2, 3)
    assert fe.parse_query("views:" + "9" * 100, limits=fe.Limits(digits=100))
    # A word with digits is no number: a text or keyword field compares it as text.
    assert fe.parse_query("status:" + "9" * 40)


def test_digits_of_a_filter_value() -> None:
    def smaller(value: Any, **kw: Any) -> fe.Predicate:
        return fe.compile_filters(filters({"field": "views", "operator": "isSmallerThan", "value": value}), **kw)

    assert smaller(10**30 - 1)({"views": 5}) and smaller("9" * 30)({"views": 5})
    err = over(lambda: smaller(10**30), "digits", 30, 31)
    assert err.pointer == "/0/filters/0/value"
    over(lambda: smaller(10**5000), "digits", 30, 5_001)
    over(lambda: smaller(["1", "9" * 31]), "digits", 30, 31)
    over(lambda: smaller("-1." + "0" * 40 + "1"), "digits", 30, 42)
    over(lambda: smaller(123, limits=fe.Limits(digits=2)), "digits", 2, 3)
    assert smaller(10**50, limits=fe.Limits(digits=51))({"views": 5})
    # An int is a number whatever the operator; a long string of digits compared as text is not.
    over(lambda: fe.compile_filters(filters({"field": "id", "operator": "is", "value": 10**40})), "digits", 30, 41)
    assert fe.compile_filters(filters({"field": "id", "operator": "is", "value": "9" * 40}))({"id": "9" * 40})


def test_digits_of_a_count_in_a_time_expression() -> None:
    def last(value: str, **kw: Any) -> fe.Predicate:
        return fe.compile_filters(filters({"field": "publisheddate", "operator": "isInTheLast", "value": value}), **kw)

    with pytest.raises(fe.FiltersetError, match="time span too large"):  # 30 digits: read, and too large
        last("9" * 30 + "DAYS")
    err = over(lambda: last("9" * 31 + "DAYS"), "digits", 30, 31)
    assert err.pointer == "/0/filters/0/value" and err.position == 0
    over(lambda: last("1DAYS " + "9" * 100 + "HOURS"), "digits", 30, 100)
    over(lambda: fe.parse_query("publisheddate:[NOW-" + "9" * 31 + "DAYS TO NOW]"), "digits", 30, 31)
    over(lambda: last("100DAYS", limits=fe.Limits(digits=2)), "digits", 2, 3)
    assert last("100DAYS", limits=fe.Limits(digits=3), now=NOW)({"publisheddate": "2024-05-01T00:00:00Z"})


def test_int_digits_needs_no_conversion() -> None:
    assert [int_digits(n) for n in (0, 9, 10, -999, 10**29, 10**30)] == [1, 1, 2, 3, 30, 31]
    assert int_digits(10**100_000) in (100_000, 100_001)


# -- time_expression ---------------------------------------------------------------------


def test_time_expression_length() -> None:
    def last(value: str, **kw: Any) -> fe.Predicate:
        return fe.compile_filters(filters({"field": "publisheddate", "operator": "isInTheLast", "value": value}), **kw)

    at = "1MINUTE " * 25
    assert len(at) == 200 and last(at, now=NOW)({"publisheddate": "2024-05-10T11:59:00Z"})
    err = over(lambda: last(at + "1"), "time_expression", 200, 201)
    assert err.pointer == "/0/filters/0/value"
    over(lambda: last("1MINUTE " * 62_500), "time_expression", 200, 500_000)
    over(lambda: fe.compile_filters(filters({"field": "publisheddate", "operator": "isBefore", "value": "NOW-" + "1DAYS-" * 50 + "1DAYS"})),
         "time_expression", 200, 309)
    over(lambda: fe.parse_query("publisheddate:[NOW-1DAYS-1DAYS TO NOW]", limits=fe.Limits(time_expression=10)),
         "time_expression", 10, 15)
    assert last("1MINUTE " * 1_000, limits=fe.Limits(time_expression=8_000))


def test_a_long_bound_on_a_field_of_no_known_kind_is_a_string() -> None:
    bound = "x" * 300
    node = fe.parse_query(f"foo:[{bound} TO z]")
    assert isinstance(node, ir.Range) and node.kind == "string"


def test_a_long_time_expression_is_parsed_once_and_folded() -> None:
    # Compiled without now, the bound is evaluated at every call: its steps are folded into one.
    long = fe.Limits(time_expression=10**6)
    pred = fe.compile_filters(filters({"field": "publisheddate", "operator": "isInTheLast", "value": "1MINUTE " * 10_000}),
                              limits=long)
    assert isinstance(pred.node, ir.Range) and isinstance(pred.node.lower, ir.Bound)
    assert isinstance(pred.node.lower.value, ir.DateMath)
    assert pred.node.lower.value.steps == (ir.Shift(-10_000, "MINUTE"),)
    fixed = fe.compile_filters(filters({"field": "publisheddate", "operator": "isInTheLast", "value": "1MINUTE " * 10_000}),
                               limits=long, now=NOW)
    for day in ("2024-05-03T11:00:00Z", "2024-05-03T13:00:00Z"):
        assert fixed({"publisheddate": day}) == (day > "2024-05-03T13:20")


# -- record_depth ------------------------------------------------------------------------


def test_record_depth_of_a_cliplist() -> None:
    doc = {"title": "t", "x-meta": nested(63)}  # the document is one level, its key 63 more
    assert fe.Cliplist.from_dict(doc).to_dict() == doc
    err = over(lambda: fe.Cliplist.from_dict({"title": "t", "x-meta": nested(64)}), "record_depth", 64, 65)
    assert err.pointer == "/x-meta" + "/0" * 63
    items = {"title": "t", "listtype": "static", "items": [{"id": 1, "deep": nested(100_000)}]}
    over(lambda: fe.Cliplist.from_dict(items), "record_depth", 64, 65)  # no RecursionError
    deeper = fe.Limits(record_depth=200)
    doc = {"title": "t", "x-meta": nested(199)}
    assert fe.Cliplist.from_dict(doc, limits=deeper).to_dict() == doc


def test_record_depth_of_a_clip_in_explain() -> None:
    playlist = {"title": "t", "filters": filters({"field": "cat", "operator": "is", "value": "x"})}
    assert not fe.explain(playlist, {"id": 1, "cat": nested(63)}, now=NOW).matched
    err = over(lambda: fe.explain(playlist, {"id": 1, "cat": nested(64)}, now=NOW), "record_depth", 64, 65)
    assert err.pointer == "/cat" + "/0" * 63 and "clip nested too deep" in str(err)
    report = fe.explain(playlist, {"id": 1, "cat": nested(150)}, now=NOW, limits=fe.Limits(record_depth=200))
    json.dumps(report.to_dict())
    # Records never raise where they are only evaluated.
    assert fe.compile_filters(playlist["filters"])({"cat": nested(100_000)}) is False


def test_json_depth_is_measured_without_recursion() -> None:
    check_json_depth(nested(10), 11, "record_depth", "x")
    with pytest.raises(fe.LimitExceededError):
        check_json_depth({"a": [{"b": nested(10**6)}]}, 64, "record_depth", "x")
    check_json_depth("s" * 10**6, 1, "record_depth", "x")  # strings are no containers


# -- every entry point -------------------------------------------------------------------

TINY = fe.Limits(query_length=5)
PLAYLIST = {"title": "t", "listtype": "dynamic", "q": "cat:news", "filters": []}


@pytest.mark.parametrize("call", [
    lambda: fe.parse_query("cat:news", limits=TINY),
    lambda: fe.compile_query("cat:news", limits=TINY),
    lambda: fe.compile_filters([], q="cat:news", limits=TINY),
    lambda: fe.compile_filters(PLAYLIST, limits=TINY),
    lambda: fe.format_query(fe.parse_query("a:b OR c:d"), limits=fe.Limits(clauses=1)),
    lambda: fe.Cliplist.from_dict({"title": "t", "x": [[1]]}, limits=fe.Limits(record_depth=2)),
    lambda: fe.preview(PLAYLIST, [], now=NOW, limits=TINY),
    lambda: fe.preview(PLAYLIST, [], now=NOW, sort="id desc, title", limits=fe.Limits(clauses=1)),
    lambda: fe.preview({"title": "t", "sort": "id, title", "filters": []}, [], now=NOW, limits=fe.Limits(clauses=1)),
    lambda: fe.explain(PLAYLIST, {"id": 1}, now=NOW, limits=TINY),
    lambda: fe.explain({"title": "t", "filters": []}, {"id": 1}, now=NOW, q="cat:news", limits=TINY),
], ids=["parse_query", "compile_query", "compile_filters q", "compile_filters cliplist q", "format_query",
        "Cliplist.from_dict", "preview", "preview sort", "preview cliplist sort", "explain", "explain q"])
def test_every_entry_point_takes_limits(call: Any) -> None:
    with pytest.raises(fe.LimitExceededError):
        call()


def test_a_limit_in_an_embedded_q_names_its_pointer() -> None:
    err = over(lambda: fe.compile_filters(PLAYLIST, limits=TINY), "query_length", 5, 8)
    assert err.pointer == "/q"


def test_check_playlist_reports_limits_as_problems() -> None:
    item = {"field": "status", "operator": "is", "value": "x"}
    doc = {"title": "t", "listtype": "dynamic", "q": "a " * 6_000, "sort": "id," * 1_000 + "id",
           "filters": [{"filters": [item] * 1_000}]}
    problems = fe.check_playlist(doc)
    assert [(p.path, p.code) for p in problems if p.code == "limit_exceeded"] == [
        ("/q", "limit_exceeded"), ("/sort", "limit_exceeded")]
    assert all(isinstance(p.error, fe.LimitExceededError) for p in problems if p.code == "limit_exceeded")
    # Too many filters: the document is not read at all (it would be copied first).
    doc["filters"] = [{"filters": [item] * 1_001}]
    assert [(p.path, p.code) for p in fe.check_playlist(doc)] == [("/filters/0/filters/1000", "limit_exceeded")]
    deep = fe.check_playlist({"title": "t", "x": nested(100)})
    assert [(p.path, p.code) for p in deep] == [("/x" + "/0" * 63, "limit_exceeded")]
    assert not [p for p in fe.check_playlist(doc, limits=fe.Limits(clauses=7_000, query_length=20_000))
                if p.code == "limit_exceeded"]


def test_compiled_predicates_are_cached_per_limits() -> None:
    query = "a b c"
    assert fe.compile_query(query) is fe.compile_query(query, limits=fe.Limits())
    assert fe.compile_query(query, limits=fe.Limits(clauses=3)) is not fe.compile_query(query)
    over(lambda: fe.compile_query(query, limits=fe.Limits(clauses=2)), "clauses", 2, 3)  # not the cached one
    doc = filters({"field": "cat", "operator": "is", "value": ["a", "b"]})
    assert fe.compile_filters(doc) is fe.compile_filters(doc)
    over(lambda: fe.compile_filters(doc, limits=fe.Limits(values=1)), "values", 1, 2)


# -- messages ----------------------------------------------------------------------------


def test_messages_never_echo_a_huge_input() -> None:
    big = fe.Limits(query_length=3_000_000, time_expression=3_000_000)
    for query in ("a" * 10**6 + ")", "title:" + "x" * 10**6 + " AND", "views:" + "x" * 10**6, '"' + "a" * 10**6):
        with pytest.raises(fe.QuerySyntaxError) as raised:
            fe.parse_query(query, limits=big)
        assert len(str(raised.value)) < 600, str(raised.value)[:300]
        assert len(json.dumps(raised.value.to_dict())) < 1_200
    with pytest.raises(fe.FiltersetError) as failed:
        fe.compile_filters(filters({"field": "views", "operator": "isSmallerThan", "value": "x" * 10**6},
                                   {"field": "x" * 10**6, "operator": "o" * 10**6, "value": 1},
                                   {"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYS " * 1_000 + "x"}),
                           limits=big)
    assert len(str(failed.value)) < 2_000
    assert all(len(p.message) < 600 for p in failed.value.problems)


def test_a_filterset_error_lists_the_first_problems() -> None:
    bad = {"field": "cat", "operator": "nope", "value": "x"}
    with pytest.raises(fe.FiltersetError) as failed:
        fe.compile_filters([{"filters": [bad] * 500}])
    lines = str(failed.value).splitlines()
    assert len(lines) == 22 and lines[-1].strip() == "... and 480 more"
    assert len(failed.value.problems) == 500 and len(failed.value.to_dict()["problems"]) == 500


# -- range lists ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_range_lists_collapse_and_answer_the_same(backend: str) -> None:
    cases: list[tuple[str, str, list[Any]]] = [
        ("publisheddate", "isInTheLast", [f"{n}DAYS" for n in (3, 1, 30, 2)]),
        ("publisheddate", "isNotInTheLast", ["2DAYS", "1WEEK", "10 DAYS"]),
        ("publisheddate", "isInTheLast", ["1MONTH", "2MONTHS", "1YEAR"]),
        ("publisheddate", "isBefore", ["2024-01-01", "2024-03-01T00:00:00Z", "NOW-3DAYS"]),
        ("views", "isSmallerThan", [3, 10.5, "7"]),
        ("views", "isGreaterThan", [30, 2, 100]),
    ]
    records = [{"id": i, "views": v, "publisheddate": d} for i, (v, d) in enumerate(
        [(1, "2024-05-09T00:00:00Z"), (5, "2024-05-01T00:00:00Z"), (50, "2024-02-01T00:00:00Z"),
         (200, "2023-12-01T00:00:00Z"), (None, None), ("12", "2024-04-20T12:00:00Z")])]
    for field, operator, values in cases:
        whole = fe.compile_filters(filters({"field": field, "operator": operator, "value": values}), now=NOW, backend=backend)
        one_by_one = [fe.compile_filters(filters({"field": field, "operator": operator.replace("Not", ""), "value": v}),
                                         now=NOW, backend=backend) for v in values]
        negated = "Not" in operator
        for record in records:
            expected = any(p(record) for p in one_by_one)
            assert whole(record) == (not expected if negated else expected), (operator, values, record)
    collapsed = fe.compile_filters(filters({"field": "publisheddate", "operator": "isInTheLast",
                                            "value": [f"{n}DAYS" for n in range(1, 10_001)]}), backend=backend)
    assert isinstance(collapsed.node, ir.Range) and collapsed.node.lower is not None
    assert collapsed.node.lower.value == ir.DateMath(None, (ir.Shift(-10_000, "DAY"),))


def test_range_lists_of_a_hundred_thousand_values_evaluate_as_one() -> None:
    values = [f"{n}DAYS" for n in range(1, 100_001)]
    pred = fe.compile_filters(filters({"field": "publisheddate", "operator": "isInTheLast", "value": values}),
                              limits=fe.Limits(values=100_000))
    assert isinstance(pred.node, ir.Range)
    assert pred({"publisheddate": "1900-01-01T00:00:00Z"}) and not pred({"publisheddate": "1700-01-01T00:00:00Z"})


# -- the command line ----------------------------------------------------------------------


def test_the_command_line_reports_a_limit_as_invalid_input(tmp_path: Path) -> None:
    """Exit status 3: invalid input (see the README's exit statuses)."""
    item = {"field": "status", "operator": "is", "value": "x"}
    playlist = tmp_path / "pl.json"
    playlist.write_text(json.dumps({"title": "t", "listtype": "dynamic", "filters": [{"filters": [item] * 5_000}]}))
    clips = tmp_path / "clips.jsonl"
    clips.write_text('{"id": 1, "status": "x"}\n')
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "filterengine", "preview", str(playlist), str(clips), "--format", "json"],
                          capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 3 and proc.stdout == b""
    message = proc.stderr.decode()
    assert "too many filters: 5,000, over the limit of 1,000 (Limits.clauses)" in message and len(message) < 400
    proc = subprocess.run([sys.executable, "-m", "filterengine", "preview", str(playlist), str(clips), "--q", "a " * 6_000],
                          capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 3 and len(proc.stderr) < 400


def test_the_limits_benchmark_runs() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_limits.py"), "--scale", "0.001"],
                         check=True, capture_output=True, text=True, env=env, timeout=120).stdout
    assert "turned down" in out and "a call on 10 values / a call on one value" in out
