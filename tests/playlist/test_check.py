"""check_playlist: warnings with did-you-means, the q's fields included."""

from __future__ import annotations

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
