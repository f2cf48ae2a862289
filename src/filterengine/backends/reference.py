"""The reference evaluator: small, literal, obviously correct. The oracle for tests.

It applies the pairwise rules of :mod:`filterengine.runtime.values` to every value, with
no precomputation, so the fast backend can be checked against it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..runtime.dates import evaluate, to_instant
from ..ir import (
    And,
    Boost,
    Bound,
    ContainsAll,
    DateMath,
    Equals,
    Fuzzy,
    IsEmpty,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Substring,
    Wildcard,
)
from ..runtime.text import edit_distance, phrase_at, wildcard_match, words
from ..runtime.values import get_value, is_empty, record_number, scalar_equals, scalar_text, values_of

__all__ = ["evaluate_node"]


def evaluate_node(node: Node, record: Any, now: datetime) -> bool:
    """Whether ``record`` matches ``node`` when the clock reads ``now``."""
    if isinstance(node, MatchAll):
        return True
    if isinstance(node, And):
        return all(evaluate_node(c, record, now) for c in node.children)
    if isinstance(node, Or):
        return any(evaluate_node(c, record, now) for c in node.children)
    if isinstance(node, Not):
        return not evaluate_node(node.child, record, now)
    if isinstance(node, IsEmpty):
        return is_empty(get_value(record, node.field))
    if isinstance(node, Boost):
        return evaluate_node(node.child, record, now)
    values = values_of(get_value(record, node.field))
    ci = node.field.case_insensitive
    if isinstance(node, Equals):
        return any(scalar_equals(v, want, ci) for v in values for want in node.values)
    if isinstance(node, ContainsAll):
        return all(any(scalar_equals(v, want, ci) for v in values) for want in node.values)
    if isinstance(node, Substring):
        return any(_has_substring(v, needle, ci) for v in values for needle in node.needles)
    if isinstance(node, Range):
        return any(_in_range(v, node, now) for v in values)
    texts = [t for t in map(scalar_text, values) if t is not None]
    if isinstance(node, Phrase):
        return any(phrase_at(words(t), node.words, node.slop) for t in texts)
    tokenized = node.field.kind == "text"
    fold = tokenized or ci
    if isinstance(node, Wildcard):
        if tokenized:
            return any(wildcard_match(node.pattern, w) for t in texts for w in words(t))
        return any(wildcard_match(node.pattern, t.lower() if fold else t) for t in texts)
    if isinstance(node, Fuzzy):
        if tokenized:
            return any(edit_distance(node.term, w) <= node.distance for t in texts for w in words(t))
        return any(edit_distance(node.term, t.lower() if fold else t) <= node.distance for t in texts)
    raise AssertionError(f"unknown IR node {node!r}")


def _has_substring(value: Any, needle: Any, case_insensitive: bool) -> bool:
    text, want = scalar_text(value), scalar_text(needle)
    if text is None or want is None:
        return False
    if case_insensitive:
        return want.lower() in text.lower()
    return want in text


def _read(value: Any, kind: str) -> Any:
    if kind == "number":
        return record_number(value)
    if kind == "date":
        return to_instant(value)
    return value if isinstance(value, str) else None


def _bound(bound: Bound, now: datetime) -> Any:
    return evaluate(bound.value, now) if isinstance(bound.value, DateMath) else bound.value


def _in_range(value: Any, node: Range, now: datetime) -> bool:
    read = _read(value, node.kind)
    if read is None:
        return False
    if node.lower is not None:
        low = _bound(node.lower, now)
        if read < low or (read == low and not node.lower.inclusive):
            return False
    if node.upper is not None:
        high = _bound(node.upper, now)
        if read > high or (read == high and not node.upper.inclusive):
            return False
    return True
