"""Flatten nested And/Or, replace a one-child And/Or by its child, cancel double negation.

Constants are :mod:`~filterengine.passes.constants`' business; this pass only
reshapes, so ``And(())`` and ``Or(())`` stay as they are.

>>> from filterengine.ir import And, Field, IsEmpty, Not, Or
>>> a, b, c = (IsEmpty(Field(name, (name,))) for name in "abc")
>>> simplify(And((And((a, b)), Or((Not(Not(c)),))))) == And((a, b, c))
True
>>> simplify(Not(Not(Not(a)))) == Not(a)
True
"""

from __future__ import annotations

from ..ir import And, Node, Not, Or
from ..walk import transform

__all__ = ["simplify"]


def simplify(node: Node) -> Node:
    return transform(node, _simplify)


def _simplify(node: Node) -> Node:
    if isinstance(node, Not):
        return node.child.child if isinstance(node.child, Not) else node
    if isinstance(node, (And, Or)):
        if len(node.children) == 1:
            return node.children[0]
        kind = type(node)
        if not any(type(c) is kind for c in node.children):
            return node
        flat: list[Node] = []
        for child in node.children:
            # Children were simplified first, so one level of flattening is enough.
            flat.extend(child.children if isinstance(child, (And, Or)) and type(child) is kind else (child,))
        if len(flat) == 1:  # an empty And/Or child added nothing
            return flat[0]
        return And(tuple(flat)) if kind is And else Or(tuple(flat))
    return node
