"""Drop repeats: a child an ``And``/``Or`` already has, a member a value set already has.

"Already has" means identical, not ``==``: Python holds ``1 == 1.0 == True`` and
``0.0 == -0.0``, but the value rules tell them apart (``1`` matches a record's
``1``, ``True`` its ``true``), so values compare by type and ``repr`` and nodes by
``repr``. An ``And``/``Or`` left with one child is replaced by it.

>>> from filterengine.ir import Field, IsEmpty
>>> f = Field("n", ("n",))
>>> dedupe(Equals(f, (1, True, 1, 1.0)))  # doctest: +ELLIPSIS
Equals(field=..., values=(1, True, 1.0))
>>> dedupe(Or((IsEmpty(f), IsEmpty(f)))) == IsEmpty(f)
True
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from ..ir import And, Boost, ContainsAll, Equals, Node, Not, Or, Scalar, Substring
from ..walk import transform

__all__ = ["dedupe"]

T = TypeVar("T")


def dedupe(node: Node) -> Node:
    return transform(node, _dedupe)


def _dedupe(node: Node) -> Node:
    if isinstance(node, (And, Or)):
        kids = _unique_nodes(node.children)
        if len(kids) == len(node.children):
            return node
        if len(kids) == 1:
            return kids[0]
        return And(kids) if isinstance(node, And) else Or(kids)
    if isinstance(node, (Equals, ContainsAll)):
        values = _unique(node.values, _value_key)
        if len(values) == len(node.values):
            return node
        return Equals(node.field, values) if isinstance(node, Equals) else ContainsAll(node.field, values)
    if isinstance(node, Substring):
        needles = _unique(node.needles, _value_key)
        return node if len(needles) == len(node.needles) else Substring(node.field, needles)
    return node


def _unique_nodes(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    # repr is dear on big subtrees, so it only settles children that might be repeats:
    # leaves that are == (a flat hash), inner nodes of one type and width.
    if len({_shape(n) for n in nodes}) == len(nodes):
        return nodes
    return _unique(nodes, repr)


def _shape(node: Node) -> Hashable:
    if isinstance(node, (And, Or)):
        return type(node), len(node.children)
    if isinstance(node, (Not, Boost)):
        return type(node), type(node.child)
    return node


def _value_key(value: Scalar) -> tuple[type, str]:
    return type(value), repr(value)


def _unique(items: tuple[T, ...], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    seen: set[Hashable] = set()
    kept: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return tuple(kept)
