"""The reference evaluator: small, literal, obviously correct. The oracle for tests.

It applies the rules of :mod:`filterengine.runtime` to every value, one pair at a
time, with no precomputation, so the compiled backend can be checked against it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, assert_never

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
from ..runtime.dates import evaluate
from ..runtime.text import edits_within, phrase_at, text_candidates, value_texts, wildcard_match, words
from ..runtime.values import (
    equality_key,
    get_value,
    has_substring,
    is_empty,
    reader,
    values_of,
    wanted_keys,
    within,
)

__all__ = ["evaluate_node"]


def evaluate_node(node: Node, record: Any, now: datetime) -> bool:
    """Whether ``record`` matches ``node`` when the clock reads ``now``."""
    match node:
        case MatchAll():
            return True
        case And(children):
            return all(evaluate_node(c, record, now) for c in children)
        case Or(children):
            return any(evaluate_node(c, record, now) for c in children)
        case Not(child):
            return not evaluate_node(child, record, now)
        case Boost(child):
            return evaluate_node(child, record, now)
        case IsEmpty(field):
            return is_empty(get_value(record, field))
        case Equals(field, wanted):
            # scalar_equals(v, w) for some pair, by keys: linear in the values and the wanted ones.
            ci = field.case_insensitive
            present = {equality_key(v, ci) for v in values_of(get_value(record, field))}
            return any(k in present for w in wanted for k in wanted_keys(w, ci))
        case ContainsAll(field, wanted):
            ci = field.case_insensitive
            present = {equality_key(v, ci) for v in values_of(get_value(record, field))}
            return all(any(k in present for k in wanted_keys(w, ci)) for w in wanted)
        case Substring(field, needles):
            ci = field.case_insensitive
            return any(has_substring(v, n, ci) for v in values_of(get_value(record, field)) for n in needles)
        case Range(field, kind, lower, upper):
            read = reader(kind)
            low, high = _bound(lower, now), _bound(upper, now)
            low_inclusive = lower is None or lower.inclusive
            high_inclusive = upper is None or upper.inclusive
            for value in values_of(get_value(record, field)):
                x = read(value)
                if x is not None and within(x, low, low_inclusive, high, high_inclusive):
                    return True
            return False
        case Phrase(field, phrase, slop):
            return any(phrase_at(words(t), phrase, slop) for t in value_texts(get_value(record, field)))
        case Wildcard(field, pattern, tokenized, folded):
            # Each distinct candidate once: a long text repeats its words.
            candidates = set(text_candidates(get_value(record, field), tokenized, folded))
            return any(wildcard_match(pattern, c) for c in candidates)
        case Fuzzy(field, term, distance, tokenized, folded):
            candidates = set(text_candidates(get_value(record, field), tokenized, folded))
            return any(edits_within(term, c, distance) for c in candidates)
        case _:
            assert_never(node)


def _bound(bound: Bound | None, now: datetime) -> Any:
    if bound is None:
        return None
    return evaluate(bound.value, now) if isinstance(bound.value, DateMath) else bound.value
