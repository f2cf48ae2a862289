"""Syntax errors: the position, the words users read, and the caret."""

from __future__ import annotations

import pytest

import filterengine as fe

CASES = [
    # query, position, part of the reason, one expected word (or None)
    ("a AND AND b", 6, "unexpected 'AND'", "a term"),
    ("title:", 6, "unexpected end of input", "a value after 'title:'"),
    ("(a", 2, "unexpected end of input", "')'"),
    ('"unclosed', 0, "unclosed phrase", None),
    ("[1 TO]", 5, "unexpected ']'", "a range bound such as 10, NOW or *"),
    ("title:OR", 6, "unexpected 'OR'", "a value after 'title:'"),
    ("AND a", 0, "unexpected 'AND'", "a term"),
    ("a OR", 4, "unexpected end of input", "a term"),
    ("a)", 1, "unmatched ')'", None),
    ("views:-5", 6, "unexpected '-'", "a value after 'views:'"),
    ("[1 5]", 3, "unexpected '5'", "TO"),
    ("a^", 1, "a boost needs a number", None),
    ("a /* open", 2, "unclosed comment", None),
    ("a/b", 1, "regular expressions are not supported", None),
    ("a \\", 2, "backslash", None),
    ("+-a", 1, "unexpected '-'", None),
    ("views:lots", 6, "'lots' is not a number", "a number"),
    ("publisheddate:[NOW-7DAYZ TO NOW]", 15, "is not a date", None),
    ("title:foo*~1", 6, "cannot be fuzzy", None),
    ("*:foo", 2, "'*' is a field only in '*:*'", None),
    ("ti*le:x", 0, "wildcards in field names", None),
    ("", 0, "empty query", None),
    ("  /* only a comment */ ", 23, "unexpected end of input", None),
]


@pytest.mark.parametrize(("query", "position", "reason", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_error(query: str, position: int, reason: str, expected: str | None) -> None:
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query(query)
    err = raised.value
    assert isinstance(err, fe.FilterEngineError)
    assert err.position == position, str(err)
    assert reason in err.reason, str(err)
    if expected is not None:
        assert expected in err.expected, err.expected
    assert not any("__" in word or word.isupper() and word not in ("AND", "OR", "NOT", "TO") for word in err.expected)


def test_errors_at_the_end_of_long_text() -> None:
    # (once quadratic: the look-back for "a value after 'field:'" scanned the whole text)
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("a" * 20_000 + " AND")
    assert raised.value.position == 20_004
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("a" * 20_000 + ":")
    assert raised.value.expected == ("a value after '..." + "a" * 27 + ":'",)


def test_caret_under_the_problem_and_at_end_of_input() -> None:
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("status:published AND")
    assert str(raised.value).endswith("  status:published AND\n                      ^")
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("a AND AND b")
    assert str(raised.value).splitlines()[-2:] == ["  a AND AND b", "        ^"]


def test_line_and_column_in_a_multi_line_query() -> None:
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("status:published\nAND title:(goal OR\n)")
    err = raised.value
    assert (err.line, err.column) == (3, 1)
    assert str(err).splitlines()[-2:] == ["  )", "  ^"]


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        fe.parse_query(None)  # type: ignore[arg-type]
    with pytest.raises(fe.FilterEngineError, match="default_operator"):
        fe.compile_query("a", default_operator="XOR")
    with pytest.raises(fe.QuerySyntaxError, match="default fields"):
        fe.parse_query("a", schema={"fields": {"title": {"kind": "text"}}})


def test_compile_filters_reports_a_bad_q() -> None:
    with pytest.raises(fe.QuerySyntaxError):
        fe.compile_filters([], q="title:")
