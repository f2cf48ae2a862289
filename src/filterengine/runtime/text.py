"""What a value means to the ``q`` text comparisons: words, wildcards, edit distance, phrases.

Like :mod:`filterengine.runtime.values`, two layers: literal pairwise rules the reference
backend applies as written (``words``, ``wildcard_match``, ``edit_distance``,
``phrase_at``), and precompiled matchers the fast backend builds once at compile
time (:class:`PhraseMatcher`, :class:`WildcardMatcher`, :class:`FuzzyMatcher`).
Nothing here raises on record data.

Words: the value's string form (:func:`~filterengine.runtime.values.scalar_text`),
lower-cased, split on every character that is not a letter or digit.

>>> words("Late GOAL: 2-1 win")
['late', 'goal', '2', '1', 'win']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import product
from typing import Any

from .values import fold, scalar_text, values_of

__all__ = [
    "words",
    "pattern_tokens",
    "wildcard_match",
    "edit_distance",
    "phrase_at",
    "value_texts",
    "text_candidates",
    "PhraseMatcher",
    "WildcardMatcher",
    "FuzzyMatcher",
]

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text``: lower-cased first, then split on non-letters/digits."""
    return _WORD.findall(fold(text))


def value_texts(value: Any) -> list[str]:
    """The string forms of a field's values (a list's scalar elements, or the scalar)."""
    out = []
    for element in values_of(value):
        text = scalar_text(element)
        if text is not None:
            out.append(text)
    return out


def text_candidates(value: Any, tokenized: bool, folded: bool) -> list[str]:
    """What a wildcard or fuzzy term is compared with: every word, or every whole string form.

    >>> text_candidates(["Late GOAL", 7], True, True), text_candidates("Late GOAL", False, True)
    (['late', 'goal', '7'], ['late goal'])
    """
    texts = value_texts(value)
    if tokenized:
        return [w for t in texts for w in words(t)]
    return [fold(t) for t in texts] if folded else texts


def pattern_tokens(pattern: str) -> list[tuple[bool, str]]:
    """``(is_wildcard, char)`` pairs of a wildcard pattern; ``\\`` escapes the next character.

    >>> pattern_tokens(r"a*\\?")
    [(False, 'a'), (True, '*'), (False, '?')]
    """
    out: list[tuple[bool, str]] = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "\\":
            out.append((False, next(chars, "\\")))
        else:
            out.append((ch in "*?", ch))
    return out


def wildcard_match(pattern: str, text: str) -> bool:
    """Whether all of ``text`` matches ``pattern`` (``*`` any run, ``?`` one character).

    >>> wildcard_match("te?t*", "tests"), wildcard_match("te?t", "tet")
    (True, False)
    """
    tokens = pattern_tokens(pattern)
    # reachable[j]: the first i tokens can match text[:j]
    reachable = [True] + [False] * len(text)
    for wild, ch in tokens:
        if wild and ch == "*":
            for j in range(1, len(text) + 1):
                reachable[j] = reachable[j] or reachable[j - 1]
        else:
            nxt = [False] * (len(text) + 1)
            for j in range(1, len(text) + 1):
                nxt[j] = reachable[j - 1] and (wild or text[j - 1] == ch)
            reachable = nxt
    return reachable[len(text)]


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) turning ``a`` into ``b``.

    >>> edit_distance("roam", "foam"), edit_distance("ab", "ba"), edit_distance("", "abc")
    (1, 1, 3)
    """
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def phrase_at(tokens: list[str], phrase: tuple[str, ...], slop: int) -> bool:
    """Whether ``phrase`` occurs in ``tokens`` within ``slop`` (brute force, for the oracle).

    Word ``i`` of the phrase sits at a distinct position ``p_i``; the phrase matches
    when ``max(p_i - i) - min(p_i - i) <= slop`` (0: consecutive, in order). As in
    Lucene, swapping two words costs 2.

    >>> phrase_at(["a", "x", "b"], ("a", "b"), 1), phrase_at(["b", "a"], ("a", "b"), 1)
    (True, False)
    """
    if not phrase:
        return False
    places = [[p for p, t in enumerate(tokens) if t == w] for w in phrase]
    for chosen in product(*places):
        if len(set(chosen)) != len(chosen):
            continue
        offsets = [p - i for i, p in enumerate(chosen)]
        if max(offsets) - min(offsets) <= slop:
            return True
    return False


def _within(a: str, b: str, limit: int) -> bool:
    """``edit_distance(a, b) <= limit``, computing only the band ``|i - j| <= limit``.

    Cells outside the band are already beyond the limit; a row whose band holds
    nothing within the limit ends the search.
    """
    far = limit + 1
    n = len(b)
    before: list[int] = []
    prev = [j if j <= limit else far for j in range(n + 1)]
    for i in range(1, len(a) + 1):
        lo, hi = max(1, i - limit), min(n, i + limit)
        cur = [far] * (n + 1)
        cur[0] = i if i <= limit else far
        ai = a[i - 1]
        for j in range(lo, hi + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            cur[j] = value
        if min(cur[lo - 1 : hi + 1]) > limit:
            return False
        before, prev = prev, cur
    return prev[n] <= limit


class PhraseMatcher:
    """A precompiled :class:`~filterengine.ir.Phrase` test over any field value."""

    __slots__ = ("phrase", "slop")

    def __init__(self, phrase: tuple[str, ...], slop: int):
        self.phrase = phrase
        self.slop = slop

    def match_text(self, text: str) -> bool:
        phrase = self.phrase
        if not phrase:
            return False
        tokens = _WORD.findall(fold(text))
        if len(phrase) == 1:
            return phrase[0] in tokens
        return _phrase_windows(tokens, phrase, self.slop)

    def match(self, value: Any) -> bool:
        if value.__class__ is str:
            return self.match_text(value)
        return any(self.match_text(t) for t in value_texts(value))


def _phrase_windows(tokens: list[str], phrase: tuple[str, ...], slop: int) -> bool:
    """The same rule as :func:`phrase_at`, by windows instead of every combination.

    A match has a base ``b = min(p_i - i)``, which is ``p - j`` for some word ``j``
    at some position ``p``; given ``b``, word ``i`` must sit in
    ``[b + i, b + i + slop]``. These windows move right with ``i``, so taking the
    leftmost free position for each word in order finds distinct places if any exist
    (every place inside the windows keeps the spread within ``slop``).
    """
    positions: dict[str, list[int]] = {}
    wanted = set(phrase)
    for p, t in enumerate(tokens):
        if t in wanted:
            positions.setdefault(t, []).append(p)
    if len(positions) < len(wanted):
        return False
    bases = sorted({p - i for i, w in enumerate(phrase) for p in positions[w]})
    for base in bases:
        used: set[int] = set()
        for i, w in enumerate(phrase):
            lo, hi = base + i, base + i + slop
            pick = next((p for p in positions[w] if lo <= p <= hi and p not in used), None)
            if pick is None:
                break
            used.add(pick)
        else:
            return True
    return False


def _compile_wildcard(pattern: str) -> Callable[[str], Any]:
    parts = []
    for wild, ch in pattern_tokens(pattern):
        parts.append((".*" if ch == "*" else ".") if wild else re.escape(ch))
    return re.compile("".join(parts), re.DOTALL).fullmatch


def _word_search(pattern: str) -> Callable[[str], Any] | None:
    """One search over the whole folded text finding a word that matches ``pattern``.

    A word is a maximal run of letters and digits, so a run bounded by non-word
    characters whose wildcards only cover word characters is exactly such a word.
    None when a literal is not a word character: then no word can match.
    """
    parts = ["(?<![^\\W_])(?=[^\\W_])"]
    for wild, ch in pattern_tokens(pattern):
        if wild:
            parts.append("[^\\W_]*" if ch == "*" else "[^\\W_]")
        elif _WORD.fullmatch(ch):
            parts.append(re.escape(ch))
        else:
            return None
    parts.append("(?![^\\W_])")
    return re.compile("".join(parts)).search


class WildcardMatcher:
    """A precompiled :class:`~filterengine.ir.Wildcard`: per word, or on the whole value."""

    __slots__ = ("fullmatch", "search", "tokenized", "fold")

    def __init__(self, pattern: str, tokenized: bool, folded: bool):
        self.fullmatch = _compile_wildcard(pattern)
        self.search = _word_search(pattern) if tokenized else None
        self.tokenized = tokenized
        self.fold = folded

    def match_text(self, text: str) -> bool:
        if self.tokenized:
            search = self.search
            return search is not None and search(fold(text)) is not None
        return self.fullmatch(fold(text) if self.fold else text) is not None

    def match(self, value: Any) -> bool:
        if value.__class__ is str:
            return self.match_text(value)
        return any(self.match_text(t) for t in value_texts(value))


class FuzzyMatcher:
    """A precompiled :class:`~filterengine.ir.Fuzzy`: per word, or on the whole value.

    Catalogs reuse a small vocabulary, so answers are remembered per candidate (a
    bounded dict; concurrent use at worst computes an answer twice).
    """

    __slots__ = ("term", "distance", "tokenized", "fold", "_seen")

    _MEMORY = 4096

    def __init__(self, term: str, distance: int, tokenized: bool, folded: bool):
        self.term = term
        self.distance = distance
        self.tokenized = tokenized
        self.fold = folded
        self._seen: dict[str, bool] = {}

    def close(self, candidate: str) -> bool:
        term, limit = self.term, self.distance
        if abs(len(candidate) - len(term)) > limit:
            return False
        if candidate == term:
            return True
        if limit == 0:
            return False
        seen = self._seen
        answer = seen.get(candidate)
        if answer is None:
            answer = _within(term, candidate, limit)
            if len(seen) >= self._MEMORY:
                seen.clear()
            seen[candidate] = answer
        return answer

    def match_text(self, text: str) -> bool:
        if self.tokenized:
            return any(self.close(w) for w in _WORD.findall(fold(text)))
        return self.close(fold(text) if self.fold else text)

    def match(self, value: Any) -> bool:
        if value.__class__ is str:
            return self.match_text(value)
        return any(self.match_text(t) for t in value_texts(value))
