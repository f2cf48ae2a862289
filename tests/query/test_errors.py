"""Syntax errors: the words users read, the caret, lines and columns.

Which queries fail, and where, is in the conformance corpus (tests/conformance/query_errors.json).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import filterengine as fe

CORPUS = Path(__file__).parents[1] / "conformance"


def _corpus_errors() -> list[str]:
    """Every q of the conformance corpus that must not parse (its positions are checked there)."""
    found = []
    for path in sorted(CORPUS.glob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            found += [case["q"] for case in group["cases"] if "q" in case and case.get("error") == "query_syntax"]
    return found


@pytest.mark.parametrize("query", _corpus_errors())
def test_expected_words_name_no_grammar_terminal(query: str) -> None:
    # what users read: never Lark's __ANON_3 or an upper-case terminal name
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query(query)
    assert not any("__" in word or word.isupper() and word not in ("AND", "OR", "NOT", "TO")
                   for word in raised.value.expected), raised.value.expected


# Where the words are the feature: what users are told to write, and why a query is refused.
WORDING = [
    # query, part of the reason, one expected word (or None)
    ("title:", "unexpected end of input", "a value after 'title:'"),
    ("[1 TO]", "unexpected ']'", "a range bound such as 10, NOW or *"),
    ("[1 5]", "unexpected '5'", "TO"),
    ("a AND AND b", "unexpected 'AND'", "a term"),
    ("a/b", "regular expressions are not supported", None),
    ("*:foo", "'*' is a field only in '*:*'", None),
    ("ti*le:x", "wildcards in field names", None),
    ("title:foo*~1", "cannot be fuzzy", None),
]


@pytest.mark.parametrize(("query", "reason", "expected"), WORDING, ids=[w[0] for w in WORDING])
def test_wording(query: str, reason: str, expected: str | None) -> None:
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query(query)
    assert reason in raised.value.reason, str(raised.value)
    if expected is not None:
        assert expected in raised.value.expected, raised.value.expected


def test_errors_at_the_end_of_long_text() -> None:
    # (once quadratic: the look-back for "a value after 'field:'" scanned the whole text)
    # (and the message shows a bounded excerpt around the position, not the whole text)
    longer = fe.Limits(query_length=100_000)
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("a" * 20_000 + " AND", limits=longer)
    assert raised.value.position == 20_004
    assert len(str(raised.value)) < 400
    with pytest.raises(fe.QuerySyntaxError) as raised:
        fe.parse_query("a" * 20_000 + ":", limits=longer)
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
