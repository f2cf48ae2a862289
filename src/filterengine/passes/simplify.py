"""Flatten nested And/Or, drop single-child wrappers, cancel double negation.

Meaning is preserved exactly: ``And(())`` matches everything, ``Or(())`` nothing.

>>> from filterengine.ir import And, Or, Not, MatchAll
>>> simplify(And((And((MatchAll(),)), Not(Not(MatchAll())))))
And(children=())
>>> simplify(Or((Or(()), And(()))))
MatchAll()
"""

from __future__ import annotations

from ..ir import And, MatchAll, Node, Not, Or

__all__ = ["simplify"]


def simplify(node: Node) -> Node:
    if isinstance(node, Not):
        child = simplify(node.child)
        if isinstance(child, Not):
            return child.child
        return Not(child)
    if isinstance(node, (And, Or)):
        kind = type(node)
        flat: list[Node] = []
        for child in map(simplify, node.children):
            if isinstance(child, kind):
                flat.extend(child.children)
            elif isinstance(child, MatchAll) and kind is And:
                continue
            elif isinstance(child, And) and not child.children and kind is And:
                continue
            else:
                flat.append(child)
        if kind is Or and any(isinstance(c, MatchAll) or (isinstance(c, And) and not c.children) for c in flat):
            return MatchAll()
        if len(flat) == 1:
            return flat[0]
        return kind(tuple(flat))
    return node
