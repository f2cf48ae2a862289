"""The q argument: ANDed with a dynamic list's filters, applied to a static list's items, explained."""

from __future__ import annotations

import pytest

import filterengine as fe

from .helpers import NOW, dynamic, ids, where

CATALOG = [
    {"id": "1", "title": "Late goal wins the derby", "cat": ["sport"], "status": "published", "views": 50},
    {"id": "2", "title": "Derby preview", "cat": ["sport"], "status": "draft", "views": 5},
    {"id": "3", "title": "Storm at the harbour", "cat": ["news"], "status": "published", "views": 80},
    {"id": "4", "title": "Goal of the month", "cat": ["sport"], "status": "published", "views": 20},
]
SPORT = dynamic([where("cat", "containsAnyOf", ["sport"])])


def test_q_is_anded_with_the_filters(backend):
    page = fe.preview(SPORT, CATALOG, q="title:derby", now=NOW, backend=backend)
    assert ids(page) == ["2", "1"] and page.total == 2


def test_q_with_prohibited_clauses_and_ranges(backend):
    assert ids(fe.preview(SPORT, CATALOG, q="-status:draft", backend=backend)) == ["4", "1"]
    assert ids(fe.preview(SPORT, CATALOG, q="views:[10 TO *]", sort="views", backend=backend)) == ["4", "1"]
    assert ids(fe.preview(SPORT, CATALOG, q="goal derby^2", sort="id", backend=backend)) == ["1", "2", "4"]


def test_q_on_a_list_without_filters(backend):
    assert ids(fe.preview(dynamic(), CATALOG, q="harbour OR cat:news", backend=backend)) == ["3"]


def test_q_applies_to_a_static_lists_items(backend):
    static = {"listtype": "static", "items": [{"id": "4"}, {"id": "3"}, {"id": "1"}, {"id": "9", "title": "goal"}]}
    page = fe.preview(static, CATALOG, q="title:goal", backend=backend)
    assert ids(page) == ["4", "1", "9"] and page.total == 3  # stored order; item 9 as stored


def test_a_bad_q_is_a_query_syntax_error(backend):
    with pytest.raises(fe.QuerySyntaxError) as err:
        fe.preview(SPORT, CATALOG, q="title:(goal", backend=backend)
    assert err.value.position == 11


def test_explain_reports_the_clauses_that_decided():
    report = fe.explain(SPORT, CATALOG[1], now=NOW, q="title:derby -status:draft")
    assert not report.matched and [fs.matched for fs in report.filtersets] == [True]
    query = report.query
    assert query is not None and not query.matched and query.combine == "all must match"
    assert [(c.text, c.matched, c.decided) for c in query.clauses] == [
        ("title:derby", True, False),
        ("NOT status:draft", False, True),
    ]
    assert str(report).splitlines()[-3:] == [
        '  q "title:derby -status:draft"  NO MATCH  (all must match)',
        '            match     title:derby  (saw title="Derby preview")',
        '    decided no match  NOT status:draft  (saw status="draft")',
    ]


def test_explain_or_queries_mark_the_clauses_that_matched():
    query = fe.explain(SPORT, CATALOG[0], q="harbour OR goal OR cat:sport").query
    assert query is not None and query.matched and query.combine == "one must match"
    assert [(c.text, c.matched, c.decided) for c in query.clauses] == [
        ("harbour", False, False), ("goal", True, True), ("cat:sport", True, True),
    ]
    assert query.clauses[0].seen == {"title": "Late goal wins the derby", "description": None, "cat": ["sport"]}


def test_explain_a_single_boosted_clause():
    query = fe.explain(SPORT, CATALOG[0], q="title:derby^3").query
    assert query is not None and query.combine == "one clause"
    assert [(c.text, c.matched, c.decided) for c in query.clauses] == [("title:derby^3", True, True)]


def test_explain_and_preview_agree_with_q(backend):
    q = "goal OR (storm AND -views:[* TO 10])"
    page = fe.preview(dynamic(), CATALOG, q=q, backend=backend, limit=10)
    assert set(ids(page)) == {c["id"] for c in CATALOG if fe.explain(dynamic(), c, q=q).matched}
