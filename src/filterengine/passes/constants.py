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
    if isinstance(node, (Equals, ContainsAll)) and not node.values:
        return TRUE if isinstance(node, ContainsAll) else FALSE
    if (isinstance(node, Substring) and not node.needles) or (isinstance(node, Phrase) and not node.words):
        return FALSE
    if isinstance(node, Not):
        if is_true(node.child):
            return FALSE
        if is_false(node.child):
            return TRUE
        return node
    if isinstance(node, (And, Or)):
        if not node.children:
            return TRUE if isinstance(node, And) else node
        neutral, absorbing = (is_true, is_false) if isinstance(node, And) else (is_false, is_true)
        if any(absorbing(c) for c in node.children):
            return FALSE if isinstance(node, And) else TRUE
        kept = tuple(c for c in node.children if not neutral(c))
        if len(kept) == len(node.children):
            return node
        if not kept:
            return TRUE if isinstance(node, And) else FALSE
        return And(kept) if isinstance(node, And) else Or(kept)
    return node
