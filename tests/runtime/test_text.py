"""The text rules: the fast matchers agree with the literal ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from filterengine.runtime.text import (
    FuzzyMatcher,
    PhraseMatcher,
    WildcardMatcher,
    edit_distance,
    phrase_at,
    wildcard_match,
    words,
)

tokens = st.lists(st.sampled_from(["a", "b", "c"]), max_size=7)
phrases = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3).map(tuple)


@settings(max_examples=400, deadline=None)
@given(tokens, phrases, st.integers(0, 4))
def test_phrase_windows_agree_with_brute_force(toks: list[str], phrase: tuple[str, ...], slop: int) -> None:
    assert PhraseMatcher(phrase, slop).match_text(" ".join(toks)) == phrase_at(toks, phrase, slop)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab*?\\", max_size=6), st.text(alphabet="ab*?\n", max_size=6))
def test_wildcard_regex_agrees_with_the_literal_matcher(pattern: str, text: str) -> None:
    if pattern.endswith("\\") and not pattern.endswith("\\\\"):
        pattern += "a"
    assert (WildcardMatcher(pattern, False, False).match_text(text)) == wildcard_match(pattern, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abc", max_size=7), st.text(alphabet="abc", max_size=7), st.integers(0, 3))
def test_fuzzy_agrees_with_edit_distance(term: str, text: str, distance: int) -> None:
    assert FuzzyMatcher(term, distance, False, False).match_text(text) == (edit_distance(term, text) <= distance)


def test_words_lower_case_then_split() -> None:
    # lower-casing, as filtersets ignore case: "ß" stays "ß" (no Unicode case folding)
    assert words("Straße, İstanbul; a_b 2.5") == ["straße", "i", "stanbul", "a", "b", "2", "5"]


def test_phrase_rules() -> None:
    assert phrase_at(["a", "a"], ("a", "a"), 0)
    assert not phrase_at(["a"], ("a", "a"), 5)  # one position cannot hold two words
    assert phrase_at(["b", "a"], ("a", "b"), 2)  # a swap costs two
    assert not PhraseMatcher((), 0).match("anything")
    assert PhraseMatcher(("x",), 0).match(["y", "X"])
    assert PhraseMatcher(("7",), 0).match(7)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab*?-\\", max_size=5), st.text(alphabet="abAB -_*?\u0130", max_size=8))
def test_word_wildcards_agree_with_matching_each_word(pattern: str, text: str) -> None:
    if pattern.endswith("\\") and not pattern.endswith("\\\\"):
        pattern += "a"
    expected = any(wildcard_match(pattern, w) for w in words(text))
    assert WildcardMatcher(pattern, True, False).match_text(text) == expected
