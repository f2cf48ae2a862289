"""check_playlist: warnings with did-you-means, the q's fields included."""

from __future__ import annotations

import pytest

import filterengine as fe


def codes(problems):
    return [(p.path, p.code, p.severity) for p in problems]


def test_fields_named_in_the_q_are_checked_too():
    problems = fe.check_playlist({"listtype": "dynamic", "filters": [], "q": "titel:derby AND status:x AND titel:cup"})
    assert codes(problems) == [("/q", "unknown_field", "warning")]
    assert "did you mean 'title'?" in problems[0].message


def test_a_searchrequest_q_is_checked_where_it_stands():
    doc = {"type": "SearchRequest", "filterSet": [], "q": "views:[1 TO 2] AND stauts:published"}
    problems = fe.check_playlist(doc)
    assert [(p.path, p.code) for p in problems if p.code == "unknown_field"] == [("/q", "unknown_field")]
    assert "did you mean 'status'?" in problems[-1].message


def test_known_fields_and_aliases_give_no_warning():
    doc = {"listtype": "dynamic", "filters": [], "q": "published_date:[NOW-7DAYS TO NOW] title:x"}
    assert [p for p in fe.check_playlist(doc) if p.code == "unknown_field"] == []


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "NOW-8000YEARS-8000YEARS",
                                   "NOW-" + "9" * 5000 + "DAYS", "2024-01-01T00:00:00Z+1DAY", 1e300])
@pytest.mark.parametrize("operator", ["isAfter", "is"])
def test_check_errs_exactly_when_preview_does(value, operator):
    doc = {"title": "t", "listtype": "dynamic",
           "filters": [{"filters": [{"field": "publisheddate", "operator": operator, "value": value}]}]}
    errors = [p for p in fe.check_playlist(doc) if p.severity == "error"]
    try:
        fe.preview(doc, [{"id": 1, "publisheddate": "2024-01-01"}], now="2024-05-10T12:00:00Z")
    except fe.FiltersetError as err:
        assert [p.path for p in errors] == [p.path for p in err.problems if p.severity == "error"]
    except fe.LimitExceededError as err:
        assert [(p.path, p.code) for p in errors] == [(err.pointer, "limit_exceeded")]
    else:
        assert errors == []
