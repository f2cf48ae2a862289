"""What a value means to the ``q`` text comparisons: words, wildcards, edit distance, phrases.

Like :mod:`filterengine.runtime.values`, two layers: literal rules the reference
backend applies as written (``words``, ``wildcard_match``, ``edits_within``,
``phrase_at``), and precompiled matchers the fast backend builds once at compile
time (:class:`PhraseMatcher`, :class:`WildcardMatcher`, :class:`FuzzyMatcher`).
Nothing here raises on record data, and nothing takes more than polynomial time:
wildcards are linear in the text (no regular expression is ever built from a
pattern), phrases linear (with slop: ``O((n + m) * m * log n)`` for ``n`` words
and a phrase of ``m``), fuzzy terms ``O(k * n)`` for ``k`` edits.

**Normal form.** Text and everything compared with it (phrase words, wildcard
patterns, fuzzy terms) are compared in Unicode NFC, then lower-cased
(:func:`~filterengine.runtime.values.fold`) where the field ignores case:
:func:`normal`. NFD ``"cafe\\u0301"`` and NFC ``"café"`` are the same text.

**Words.** A word is a maximal run of letters and digits (``str.isalnum``:
Unicode categories L, Nd, Nl, No) together with the marks (category M) and
zero-width joiners (U+200C, U+200D) that follow any of its characters. So
combining marks belong to their word: ``"हिन्दी"`` is one word, and so is
``"İSTANBUL"``, whose lower-case form is ``"i̇stanbul"`` (``i`` + U+0307). A mark
after a non-word character (or at the start) belongs to no word. Everything
else, ``_`` included, separates words.

>>> words("Late GOAL: 2-1 win")
['late', 'goal', '2', '1', 'win']
>>> words("हिन्दी İSTANBUL cafe\\u0301") == ["हिन्दी", "i\\u0307stanbul", "café"]
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Any

from .values import fold, scalar_text, values_of

__all__ = [
    "normal",
    "words",
    "split_words",
    "pattern_tokens",
    "wildcard_match",
    "edits_within",
    "phrase_at",
    "value_texts",
    "text_candidates",
    "PhraseMatcher",
    "WildcardMatcher",
    "FuzzyMatcher",
]

#: Runs of letters and digits; marks and joiners are glued on by :func:`words`.
_ALNUM = re.compile(r"[^\W_]+")
_JOINERS = frozenset("\u200c\u200d")


def normal(text: str, folded: bool = True) -> str:
    """The form text is compared in: NFC, then lower-cased when ``folded``.

    >>> normal("CAFE\\u0301") == "café", normal("CAFÉ", folded=False) == "CAFÉ"
    (True, True)
    """
    if folded:
        return fold(text)  # NFC, then lower-cased: the case rule
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _joins(ch: str) -> bool:
    return ch in _JOINERS or unicodedata.category(ch)[0] == "M"


def _split(text: str) -> list[str]:
    """The words of text already in normal form (see the module docstring)."""
    if text.isascii():
        return _ALNUM.findall(text)
    out: list[str] = []
    start = end = -1
    for run in _ALNUM.finditer(text):
        s, e = run.span()
        if start >= 0:
            k = end
            while k < s and _joins(text[k]):
                k += 1
            if k == s:  # only marks between two runs: one word
                end = e
                continue
            out.append(text[start:k])
        start, end = s, e
    if start >= 0:
        k = end
        while k < len(text) and _joins(text[k]):
            k += 1
        out.append(text[start:k])
    return out


def split_words(text: str) -> list[str]:
    """The words of text already in normal form (:func:`normal`): ``words(t) == split_words(normal(t))``.

    >>> split_words("late goal, 2-1")
    ['late', 'goal', '2', '1']
    """
    return _split(text)


def words(text: str) -> list[str]:
    """The words of ``text``, in normal form (NFC, lower-cased)."""
    return _split(normal(text))


def value_texts(value: Any) -> list[str]:
    """The string forms of a field's values (a list's scalar elements, or the scalar)."""
    out = []
    for element in values_of(value):
        text = scalar_text(element)
        if text is not None:
            out.append(text)
    return out


def text_candidates(value: Any, tokenized: bool, folded: bool) -> list[str]:
    """What a wildcard or fuzzy term is compared with: every word, or every whole string form (normal).

    >>> text_candidates(["Late GOAL", 7], True, True), text_candidates("Late GOAL", False, True)
    (['late', 'goal', '7'], ['late goal'])
    """
    texts = value_texts(value)
    if tokenized:
        return [w for t in texts for w in words(t)]
    return [normal(t, folded) for t in texts]


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
    """Whether all of ``text`` matches ``pattern`` (``*`` any run, ``?`` one code point).

    A set of states run over the text (an NFA simulation, never backtracking):
    ``O(len(pattern) * len(text))``.

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


def edits_within(a: str, b: str, limit: int) -> bool:
    """Whether at most ``limit`` edits (insert, delete, substitute, swap two neighbours) turn ``a`` into ``b``.

    The edit distance (optimal string alignment, as Lucene's fuzzy terms) computed
    only in the band ``|i - j| <= limit``: a cell outside it is already beyond the
    limit, and values are capped at ``limit + 1``. ``O(limit * len(a))``.

    >>> edits_within("roam", "foam", 1), edits_within("ab", "ba", 1), edits_within("", "abc", 2)
    (True, True, False)
    """
    n, m = len(a), len(b)
    if abs(n - m) > limit:
        return False
    if a == b:
        return True
    far, width = limit + 1, 2 * limit + 1
    # Row i keeps d(i, j) for j in [i - limit, i + limit], at index t = j - i + limit, and
    # one cell of padding on each side (always far). Row i - 1 then holds d(i - 1, j - 1)
    # at t and d(i - 1, j) at t + 1; row i - 2 holds d(i - 2, j - 2) at t.
    pad = [far] * (width + 2)
    before = pad
    prev = [far] + [min(j - limit, far) if 0 <= j - limit <= m else far for j in range(width)] + [far]
    for i in range(1, n + 1):
        cur = list(pad)
        ai = a[i - 1]
        swap = a[i - 2] if i > 1 else None
        best = far
        for t in range(max(0, limit - i), min(width, m - i + limit + 1)):
            j = i + t - limit  # 0 <= j <= m
            if j == 0:
                value = i
            else:
                bj = b[j - 1]
                value = prev[t + 1] + (ai != bj)  # prev and cur are shifted by the padding
                if prev[t + 2] + 1 < value:
                    value = prev[t + 2] + 1
                if cur[t] + 1 < value:
                    value = cur[t] + 1
                if j > 1 and ai == b[j - 2] and swap == bj and before[t + 1] + 1 < value:
                    value = before[t + 1] + 1
            if value > far:
                value = far
            cur[t + 1] = value
            if value < best:
                best = value
        if best > limit:
            return False
        before, prev = prev, cur
    return prev[m - n + limit + 1] <= limit


def phrase_at(tokens: list[str], phrase: tuple[str, ...], slop: int) -> bool:
    """Whether ``phrase`` occurs in ``tokens`` within ``slop``.

    Word ``i`` of the phrase sits at a distinct position ``p_i``; the phrase matches
    when ``max(p_i - i) - min(p_i - i) <= slop`` (0: consecutive, in order). As in
    Lucene, swapping two words costs 2.

    Every base ``b = min(p_i - i)`` is tried: word ``i`` must then sit in the window
    ``[b + i, b + i + slop]``. The windows move right with ``i``, so giving each word
    in turn the leftmost free place in its window finds distinct places whenever any
    exist (points given to intervals by increasing right end), and the places given
    to one word increase, so "free" is "after the last place that word took".

    >>> phrase_at(["a", "x", "b"], ("a", "b"), 1), phrase_at(["b", "a"], ("a", "b"), 1)
    (True, False)
    """
    if not phrase:
        return False
    places = {w: [p for p, t in enumerate(tokens) if t == w] for w in phrase}
    return any(_fits_at(base, phrase, places, slop) for base in range(1 - len(phrase), len(tokens)))


def _fits_at(base: int, phrase: tuple[str, ...], places: dict[str, list[int]], slop: int) -> bool:
    """Each word ``i`` takes the leftmost free place in ``[base + i, base + i + slop]`` (see :func:`phrase_at`)."""
    taken: dict[str, int] = {}
    for i, w in enumerate(phrase):
        found = places[w]
        k = bisect_left(found, max(base + i, taken.get(w, -1) + 1))
        if k == len(found) or found[k] > base + i + slop:
            return False
        taken[w] = found[k]
    return True


class PhraseMatcher:
    """A precompiled :class:`~filterengine.ir.Phrase` test over any field value."""

    __slots__ = ("phrase", "slop", "_joined")

    _joined: str | None

    def __init__(self, phrase: tuple[str, ...], slop: int):
        self.phrase = phrase
        self.slop = slop
        # Words never hold a space and are never empty; a phrase of such words matches nothing.
        self._joined = " " + " ".join(phrase) + " " if all(w and " " not in w for w in phrase) else None

    def match_text(self, text: str) -> bool:
        phrase = self.phrase
        if not phrase:
            return False
        tokens = words(text)
        if len(phrase) == 1:
            return phrase[0] in tokens
        if self.slop == 0 and self._joined is not None:
            # Words hold no spaces: consecutive words are a substring of the words
            # joined by spaces (str's search is linear for long needles too).
            return self._joined in " " + " ".join(tokens) + " "
        return _phrase_windows(tokens, phrase, self.slop)

    def match(self, value: Any) -> bool:
        if value.__class__ is str:
            return self.match_text(value)
        return any(self.match_text(t) for t in value_texts(value))


def _phrase_windows(tokens: list[str], phrase: tuple[str, ...], slop: int) -> bool:
    """The rule of :func:`phrase_at`, trying only bases that some word's position gives."""
    positions: dict[str, list[int]] = {w: [] for w in phrase}
    for p, t in enumerate(tokens):
        found = positions.get(t)
        if found is not None:
            found.append(p)
    if not all(positions.values()):
        return False
    # A match's base is p_j - j for the word j with the smallest offset.
    bases = sorted({p - i for i, w in enumerate(phrase) for p in positions[w]})
    return any(_fits_at(base, phrase, positions, slop) for base in bases)


def _segment_at(segment: str, holes: tuple[int, ...], text: str, at: int) -> bool:
    """Whether ``segment`` (``?`` at the offsets ``holes``) matches ``text`` at ``at``."""
    if not holes:
        return text.startswith(segment, at)
    if at + len(segment) > len(text):
        return False
    return all(ch == text[at + d] for d, ch in enumerate(segment) if d not in holes)


class _Glob:
    """A pattern split at its ``*`` into segments: the first anchored at the start, the last at the end,
    the others found leftmost-first in between. Leftmost is always safe (a later segment only
    gets more room), so nothing is ever retried: one pass over the text per segment.
    """

    __slots__ = ("segments", "star", "least", "literal")

    def __init__(self, tokens: list[tuple[bool, str]]):
        segments: list[tuple[str, tuple[int, ...]]] = []
        chars: list[str] = []
        holes: list[int] = []
        for wild, ch in tokens + [(True, "*")]:
            if wild and ch == "*":
                segments.append(("".join(chars), tuple(holes)))
                chars, holes = [], []
                continue
            if wild:
                holes.append(len(chars))
            chars.append(ch)
        self.star = len(segments) > 1
        self.segments = segments if self.star else segments[:1]
        self.least = sum(len(s) for s, _ in self.segments)
        # The longest run of literals, which any matching text contains.
        runs = [run for s, h in self.segments for _, run in _literal_runs(s, h)]
        self.literal = max(runs, key=len, default="")

    def __call__(self, text: str) -> bool:
        if len(text) < self.least:
            return False
        segments = self.segments
        head, head_holes = segments[0]
        if not self.star:
            return len(text) == len(head) and _segment_at(head, head_holes, text, 0)
        tail, tail_holes = segments[-1]
        end = len(text) - len(tail)
        if not _segment_at(head, head_holes, text, 0) or not _segment_at(tail, tail_holes, text, end):
            return False
        at = len(head)
        for segment, holes in segments[1:-1]:
            found = _find(segment, holes, text, at, end)
            if found < 0:
                return False
            at = found + len(segment)
        return True


def _literal_runs(segment: str, holes: tuple[int, ...]) -> list[tuple[int, str]]:
    """The runs of literal characters between the ``?`` of a segment, with their offsets."""
    runs, start = [], 0
    for h in holes + (len(segment),):
        runs.append((start, segment[start:h]))
        start = h + 1
    return runs


def _find(segment: str, holes: tuple[int, ...], text: str, lo: int, hi: int) -> int:
    """The leftmost ``k`` in ``[lo, hi - len(segment)]`` where ``segment`` matches ``text``, or -1."""
    if not holes:
        return text.find(segment, lo, hi)
    last = hi - len(segment)
    # Jump between occurrences of the segment's longest literal run (at offset d).
    d, run = max(_literal_runs(segment, holes), key=lambda r: len(r[1]))
    while True:
        if run:
            found = text.find(run, lo + d, last + d + len(run))
            if found < 0:
                return -1
            lo = found - d
        if lo > last:
            return -1
        if _segment_at(segment, holes, text, lo):
            return lo
        lo += 1


class WildcardMatcher:
    """A precompiled :class:`~filterengine.ir.Wildcard`: per word, or on the whole value."""

    __slots__ = ("glob", "tokenized", "fold", "literal")

    def __init__(self, pattern: str, tokenized: bool, folded: bool):
        self.glob = _Glob(pattern_tokens(pattern))
        self.tokenized = tokenized
        self.fold = folded
        self.literal = self.glob.literal

    def match_text(self, text: str) -> bool:
        text = normal(text, self.fold or self.tokenized)
        if self.literal not in text:
            return False  # the commonest answer, from one search
        if self.tokenized:
            glob = self.glob
            return any(glob(w) for w in _split(text))
        return self.glob(text)

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
            answer = edits_within(term, candidate, limit)
            if len(seen) >= self._MEMORY:
                seen.clear()
            seen[candidate] = answer
        return answer

    def match_text(self, text: str) -> bool:
        if self.tokenized:
            return any(self.close(w) for w in words(text))
        return self.close(normal(text, self.fold))

    def match(self, value: Any) -> bool:
        if value.__class__ is str:
            return self.match_text(value)
        return any(self.match_text(t) for t in value_texts(value))

