"""The text rules: the fast matchers agree with the literal ones, and the literal ones with brute force."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from filterengine.runtime.text import (
    FuzzyMatcher,
    PhraseMatcher,
    WildcardMatcher,
    edits_within,
    normal,
    pattern_tokens,
    phrase_at,
    text_candidates,
    wildcard_match,
    words,
)

from .oracles import edit_distance, glob_brute, phrase_brute, words_brute

tokens = st.lists(st.sampled_from(["a", "b", "c"]), max_size=7)
phrases = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3).map(tuple)
patterns = st.text(alphabet="ab*?\\", max_size=7).map(lambda p: p + "a" if p.endswith("\\") else p)
#: Letters, digits, separators, a combining mark, a spacing mark, a joiner, a dotted capital, NFD and NFC forms.
UNICODE = "aAb1 -_.\u0301\u093f\u200d\u0130e\u00e9\u0939\u00b2"


@settings(deadline=None)
@given(tokens, phrases, st.integers(0, 4))
def test_phrase_rule_agrees_with_brute_force(toks: list[str], phrase: tuple[str, ...], slop: int) -> None:
    assert phrase_at(toks, phrase, slop) == phrase_brute(toks, phrase, slop)


@settings(deadline=None)
@given(tokens, phrases, st.integers(0, 4))
def test_phrase_matcher_agrees_with_the_rule(toks: list[str], phrase: tuple[str, ...], slop: int) -> None:
    assert PhraseMatcher(phrase, slop).match_text(" ".join(toks)) == phrase_at(toks, phrase, slop)


@settings(deadline=None)
@given(patterns, st.text(alphabet="ab*?\n", max_size=7))
def test_wildcard_rule_agrees_with_brute_force(pattern: str, text: str) -> None:
    assert wildcard_match(pattern, text) == glob_brute(pattern_tokens(pattern), text)


@settings(deadline=None)
@given(patterns, st.text(alphabet="ab*?\n", max_size=9))
def test_wildcard_matcher_agrees_with_the_rule(pattern: str, text: str) -> None:
    assert WildcardMatcher(pattern, False, False).match_text(text) == wildcard_match(pattern, text)


@settings(deadline=None)
@given(st.text(alphabet="ab*?-\\", max_size=5).map(lambda p: p + "a" if p.endswith("\\") else p),
       st.text(alphabet="abAB -_*?\u0130\u0301", max_size=8))
def test_word_wildcards_agree_with_matching_each_word(pattern: str, text: str) -> None:
    expected = any(wildcard_match(pattern, w) for w in words(text))
    assert WildcardMatcher(pattern, True, True).match_text(text) == expected


@settings(deadline=None)
@given(st.text(alphabet="abc", max_size=7), st.text(alphabet="abc", max_size=7), st.integers(0, 3))
def test_bounded_edits_agree_with_the_full_distance(a: str, b: str, limit: int) -> None:
    assert edits_within(a, b, limit) == (edit_distance(a, b) <= limit)


@settings(deadline=None)
@given(st.text(alphabet="abc", max_size=7), st.text(alphabet="abc", max_size=7), st.integers(0, 3))
def test_fuzzy_matcher_agrees_with_the_rule(term: str, text: str, distance: int) -> None:
    assert FuzzyMatcher(term, distance, False, False).match_text(text) == edits_within(term, text, distance)


@settings(deadline=None)
@given(st.text(alphabet=UNICODE, max_size=10))
def test_words_agree_with_brute_force(text: str) -> None:
    assert words(text) == words_brute(text)


@settings(deadline=None)
@given(st.text(alphabet=UNICODE, max_size=10))
def test_one_normal_form(text: str) -> None:
    nfd, nfc = unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)
    assert words(nfd) == words(nfc)
    assert text_candidates(nfd, False, False) == [normal(nfc, False)]


def test_words() -> None:
    # lower-casing, as filtersets ignore case: "ß" stays "ß" (no Unicode case folding)
    assert words("Straße, a_b 2.5") == ["straße", "a", "b", "2", "5"]
    assert words("हिन्दी") == ["हिन्दी"]  # its vowel signs and virama are marks
    assert words("İSTANBUL") == ["i\u0307stanbul"]  # lower-cased İ is i + a combining dot
    assert words("cafe\u0301 CAFÉ") == ["café", "café"]
    assert words("\u0301a \u0301") == ["a"]  # a mark after no word joins none
    assert words("ab\u200dcd") == ["ab\u200dcd"]


def test_phrase_rules() -> None:
    assert phrase_at(["a", "a"], ("a", "a"), 0)
    assert not phrase_at(["a"], ("a", "a"), 5)  # one position cannot hold two words
    assert phrase_at(["b", "a"], ("a", "b"), 2)  # a swap costs two
    assert not PhraseMatcher((), 0).match("anything")
    assert PhraseMatcher(("x",), 0).match(["y", "X"])
    assert PhraseMatcher(("7",), 0).match(7)
    assert not PhraseMatcher(("a b", "c"), 0).match("a b c")  # no word holds a space
    assert PhraseMatcher(("café",), 0).match("CAFE\u0301")


def test_wildcards_on_segments() -> None:
    glob = WildcardMatcher("a?c*d?*?f", False, False)
    assert glob.match_text("abcxxdyzf") and glob.match_text("abcdyzf") and not glob.match_text("abcdzf")
    assert WildcardMatcher("\\?*", False, False).match_text("?x")
    assert not WildcardMatcher("\\?*", False, False).match_text("x?")
    assert WildcardMatcher("hi*", True, True).match_text("Hindi: हिन्दी") is True
    assert WildcardMatcher("हि*", True, True).match_text("हिन्दी")
    assert WildcardMatcher("caf?", True, True).match_text("CAFE\u0301")
