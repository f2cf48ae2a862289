"""Fold what is decided without reading a record into :data:`TRUE` and :data:`FALSE`.

``TRUE`` is :class:`~filterengine.ir.MatchAll` and ``FALSE`` the empty
:class:`~filterengine.ir.Or`. Leaves with nothing to look for decide alone
(``Equals``/``Substring`` with no values and ``Phrase`` with no words match
nothing; ``ContainsAll`` with no values matches everything). Then, bottom-up:
``Not`` of a constant flips it, an ``And`` drops ``TRUE`` children and is
``FALSE`` with a ``FALSE`` child (``TRUE`` when none remain), an ``Or`` the dual.

>>> from filterengine.ir import And, Field, IsEmpty, Not, Or
>>> f = Field("status", ("status",))
>>> fold_constants(And((MatchAll(), Not(Or(())), IsEmpty(f))))  # doctest: +ELLIPSIS
And(children=(IsEmpty(field=Field(name='status', ...)),))
>>> fold_constants(Or((IsEmpty(f), Not(MatchAll()), And(()))))
MatchAll()
"""

from __future__ import annotations

from ..ir import And, ContainsAll, Equals, MatchAll, Node, Not, Or, Phrase, Substring
from ..walk import transform

__all__ = ["fold_constants", "TRUE", "FALSE", "is_true", "is_false"]

TRUE: Node = MatchAll()
FALSE: Node = Or(())


def is_true(node: Node) -> bool:
    """``MatchAll()`` or the empty ``And``."""
    return isinstance(node, MatchAll) or (isinstance(node, And) and not node.children)


def is_false(node: Node) -> bool:
    """The empty ``Or``."""
    return isinstance(node, Or) and not node.children


def fold_constants(node: Node) -> Node:
    return transform(node, _fold)


def _fold(node: Node) -> Node:
    if isinstance(node, (And, Or)):
        return _fold_junction(node)
    if isinstance(node, Not):
        if is_true(node.child):
            return FALSE
        return TRUE if is_false(node.child) else node
    if isinstance(node, (Equals, ContainsAll)):
        if node.values:
            return node
        return TRUE if isinstance(node, ContainsAll) else FALSE
    if (isinstance(node, Substring) and not node.needles) or (isinstance(node, Phrase) and not node.words):
        return FALSE
    return node


def _fold_junction(node: And | Or) -> Node:
    conjunction = isinstance(node, And)
    if not node.children:
        return TRUE if conjunction else node
    kept: list[Node] = []
    for child in node.children:
        true, false = is_true(child), is_false(child)
        if false if conjunction else true:  # absorbing: decides the whole
            return FALSE if conjunction else TRUE
        if not (true if conjunction else false):  # neutral children go
            kept.append(child)
    if len(kept) == len(node.children):
        return node
    if not kept:
        return TRUE if conjunction else FALSE
    return And(tuple(kept)) if conjunction else Or(tuple(kept))
