"""Brute-force statements of the text and value rules, for small inputs only: the oracles of the tests.

Each is the rule as written in the docs, with no cleverness: exponential or
quadratic, and obviously right. The runtime's literal rules are checked against these,
and its fast matchers against the literal rules.
"""

from __future__ import annotations

import unicodedata
from itertools import product
from typing import Any

from filterengine.runtime.values import fold, scalar_text, to_bool, to_number


def phrase_brute(tokens: list[str], phrase: tuple[str, ...], slop: int) -> bool:
    """Every choice of a position for each phrase word: distinct, and offsets within ``slop``."""
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


def edit_distance(a: str, b: str) -> int:
    """The full optimal-string-alignment distance (insert, delete, substitute, swap neighbours)."""
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


def glob_brute(tokens: list[tuple[bool, str]], text: str) -> bool:
    """Recursive matching of pattern tokens, trying every length for every ``*``."""
    if not tokens:
        return not text
    (wild, ch), rest = tokens[0], tokens[1:]
    if wild and ch == "*":
        return any(glob_brute(rest, text[k:]) for k in range(len(text) + 1))
    return bool(text) and (wild or text[0] == ch) and glob_brute(rest, text[1:])


def words_brute(text: str) -> list[str]:
    """Character by character: NFC, lower case; letters/digits are word characters; a mark or a
    zero-width joiner is one when the character before it was."""
    text = fold(unicodedata.normalize("NFC", text))
    out: list[str] = []
    current = ""
    for ch in text:
        joiner = ch in "\u200c\u200d" or unicodedata.category(ch).startswith("M")
        if (ch.isalnum() and ch != "_") or (joiner and current):
            current += ch
        else:
            if current:
                out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def equals_brute(record_value: Any, filter_value: Any, case_insensitive: bool = False) -> bool:
    """The equality rule pairwise, by the record value's type."""
    if isinstance(record_value, bool):
        wanted = to_bool(filter_value)
        return wanted is not None and record_value == wanted
    if isinstance(record_value, (int, float)):
        number = to_number(filter_value)
        return number is not None and record_value == number
    if isinstance(record_value, str):
        text = scalar_text(filter_value)
        if text is None:
            return False
        if case_insensitive:
            return fold(record_value) == fold(text)
        return record_value == text
    return False
