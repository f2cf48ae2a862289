"""The 17 filter operators: names, and how each lowers into the IR.

Names are matched case-insensitively; every negated operator is ``Not`` of its
positive twin, so it is the exact complement (missing fields included).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Operator", "OPERATORS", "lookup_operator"]


@dataclass(frozen=True, slots=True)
class Operator:
    """``name`` as documented; ``family`` picks the lowering; ``negated`` wraps it in ``Not``."""

    name: str
    family: str  # equals | contains_all | substring | empty | before | after | smaller | greater | in_the_last
    negated: bool = False
    takes_value: bool = True


OPERATORS: tuple[Operator, ...] = (
    Operator("is", "equals"),
    Operator("isNot", "equals", negated=True),
    Operator("isAnyOf", "equals"),
    Operator("isNotAnyOf", "equals", negated=True),
    Operator("isEmpty", "empty", takes_value=False),
    Operator("isNotEmpty", "empty", negated=True, takes_value=False),
    Operator("contains", "substring"),
    Operator("doesNotContain", "substring", negated=True),
    Operator("containsAnyOf", "equals"),
    Operator("containsAllOf", "contains_all"),
    Operator("doesNotContainAnyOf", "substring", negated=True),
    Operator("isBefore", "before"),
    Operator("isAfter", "after"),
    Operator("isSmallerThan", "smaller"),
    Operator("isGreaterThan", "greater"),
    Operator("isInTheLast", "in_the_last"),
    Operator("isNotInTheLast", "in_the_last", negated=True),
)

_BY_LOWER = {op.name.lower(): op for op in OPERATORS}


def lookup_operator(name: str) -> Operator | None:
    """The operator called ``name`` in any case, or ``None``.

    >>> lookup_operator("CONTAINSANYOF").name
    'containsAnyOf'
    """
    return _BY_LOWER.get(name.lower())
