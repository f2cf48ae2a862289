"""The shortcut for ``word`` and ``name:word`` never differs from the full parser.

:func:`~filterengine.syntax.query.parse_query_syntax` reads these shapes with one
regular expression and hands everything else to the parser; whatever it returns
must be exactly the parser's tree, and wherever the parser raises it must step aside.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import filterengine as fe
from filterengine.syntax import query as syntax
from filterengine.syntax.query import parse_full, parse_query_syntax

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(parse: Any, text: str) -> object:
    try:
        return ("tree", parse(text))
    except fe.QuerySyntaxError as err:
        return ("error", str(err), err.position, err.expected)


def full(text: str) -> object:
    return parse_full(text, "public")


ESCAPES = ["\\\\", "\\:", "\\ ", "\\*", "\\?", "\\(", '\\"', "\\+", "\\-", "\\~", "\\^", "\\/", "\\\u00e9",
           "\\\n", "\\A"]
CHARS = list("abzAZ09äßİ日é*?&|.,@#$%_=<>;'`") + ESCAPES + [
    "~", "^", "+", "-", "!", ":", "/", '"', "(", ")", "[", "]", "{", "}", "*", "?",
    " ", "\t", "\u00a0", "\u2028", "\x1c", "\u3000", "~2", "^2", "~0.5", "/*", "*/", "\\",
]
KEYWORD_LIKE = ["AND", "OR", "NOT", "TO", "&&", "||", "!", "NOW", "*", "and", "or", "ANDROID", "ORDER", "NOTE",
                "AND\\x", "&&x", "||\\|", "NOT\\", "TO]", "2024-01-01T10:00:00Z", "2024-01-01T10", "2024-01-01",
                "2024-01-01T10:00", "2024-01-01T10:00Z+1DAY", "１２", "x\\", "\\AND", "a-b", "a+b", "-5"]

words = st.one_of(
    st.sampled_from(KEYWORD_LIKE),
    st.lists(st.sampled_from(CHARS), min_size=1, max_size=6).map("".join),
    st.text(min_size=1, max_size=4),
)
space = st.sampled_from(["", "", "", " ", "  ", "\t", "\n", "\u3000", "\u00a0", "\x1c"])
prefix = st.sampled_from(["", "", "", "", "+", "-", "!", "NOT ", "("])
suffix = st.sampled_from(["", "", "", "", "~", "~1", "^2", "~1^2", "*", ")", " AND", " x"])


@st.composite
def simple_queries(draw: st.DrawFn) -> str:
    text = draw(space) + draw(prefix) + draw(words)
    if draw(st.booleans()):
        text += draw(space) + ":" + draw(space) + draw(prefix) + draw(words)
    return text + draw(suffix) + draw(space)


@SETTINGS
@given(simple_queries())
@example("football")
@example("status:published")
@example("  a  :  b  ")
@example("AND")
@example("a:OR")
@example("&&:x")
@example("2024-01-01T10:00")
@example("2024-01-01T10:00:00Z")
@example("x:2024-01-01T10:00")
@example("a\\ b:c\\:d")
@example("*:*")
@example("TO:TO")
@example("\\")
def test_simple_queries_parse_as_the_parser_parses_them(text: str) -> None:
    assert outcome(parse_query_syntax, text) == outcome(full, text)


# Mostly the shapes the shortcut reads: words of any characters but the syntax's
# own (escaped or not), keywords among them.
plain_chars = st.characters(blacklist_characters=' \t\n!():^[]"{}~\\/+-', blacklist_categories=("Cs",))
plain_words = st.one_of(
    st.sampled_from(KEYWORD_LIKE),
    st.lists(st.one_of(plain_chars, plain_chars, st.sampled_from(ESCAPES), st.sampled_from(["-", "+"])),
             min_size=1, max_size=8).map("".join),
)


@st.composite
def plain_queries(draw: st.DrawFn) -> str:
    text = draw(space) + draw(plain_words)
    if draw(st.integers(0, 2)):
        text += draw(space) + ":" + draw(space) + draw(plain_words)
    return text + draw(space)


@SETTINGS
@given(plain_queries())
def test_plain_shapes_parse_as_the_parser_parses_them(text: str) -> None:
    assert outcome(parse_query_syntax, text) == outcome(full, text)


@SETTINGS
@given(st.text(max_size=12))
def test_any_text_parses_as_the_parser_parses_it(text: str) -> None:
    assert outcome(parse_query_syntax, text) == outcome(full, text)


@pytest.mark.parametrize("text", ["football", "status:published", " a\\:b ", "Straße", "foot*", "wh?t", " x:y\t"])
def test_the_simplest_shapes_take_the_shortcut(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = parse_full(text, "public")
    parsers = syntax._shared()

    def no_parser(text: str) -> object:
        raise AssertionError("the parser was called")

    monkeypatch.setattr(parsers, "entry", no_parser)
    assert parse_query_syntax(text) == expected


@pytest.mark.parametrize("text", ["AND", "a:NOT", "a~", "a^2", "+a", "a b", "x:2024-01-01T10:00", "2024-01-01T10:00", "x : y"])
def test_other_shapes_go_to_the_parser(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    parsers = syntax._shared()
    calls: list[str] = []
    entry = parsers.entry

    def counted(text: str, bound: int) -> object:
        calls.append(text)
        return entry(text, bound)

    monkeypatch.setattr(parsers, "entry", counted)
    outcome(parse_query_syntax, text)
    assert calls == [text]
