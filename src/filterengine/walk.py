"""Generic traversal of the IR: one ``match`` per question, exhaustive over :data:`~filterengine.ir.Node`.

Every function here ends in :func:`typing.assert_never`, so ``mypy --strict``
flags a node type added to the union and not handled. Passes and tools use these
instead of walking dataclass fields by reflection.

>>> from filterengine.ir import And, Boost, Field, IsEmpty, MatchAll, Not
>>> f = Field("status", ("status",))
>>> tree = And((Not(IsEmpty(f)), Boost(MatchAll(), 2.0)))
>>> children(tree)  # doctest: +ELLIPSIS
(Not(child=IsEmpty(...)), Boost(child=MatchAll(), factor=2.0))
>>> transform(tree, lambda n: n.child if isinstance(n, Boost) else n)  # doctest: +ELLIPSIS
And(children=(Not(child=IsEmpty(...)), MatchAll()))
>>> transform(tree, lambda n: n) is tree
True
>>> [type(n).__name__ for n in walk(tree)]
['And', 'Not', 'IsEmpty', 'Boost', 'MatchAll']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeGuard, assert_never, get_args

from .ir import (
    And,
    Boost,
    ContainsAll,
    Equals,
    Field,
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

__all__ = ["NODE_TYPES", "is_node", "children", "transform", "walk", "field_of"]

#: The classes of the :data:`~filterengine.ir.Node` union, for ``isinstance``.
NODE_TYPES: tuple[type, ...] = get_args(Node)
_LEAF_TYPES = frozenset((MatchAll, Equals, ContainsAll, Substring, IsEmpty, Range, Phrase, Wildcard, Fuzzy))


def is_node(value: object) -> TypeGuard[Node]:
    """Whether ``value`` is an IR node (for code that also handles other data)."""
    return isinstance(value, NODE_TYPES)


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly under ``node``, in order (``()`` for a leaf)."""
    match node:
        case And(children=kids) | Or(children=kids):
            return kids
        case Not(child=child) | Boost(child=child):
            return (child,)
        case MatchAll() | Equals() | ContainsAll() | Substring() | IsEmpty() | Range() | Phrase() | Wildcard() | Fuzzy():
            return ()
        case _:
            assert_never(node)


def transform(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Rebuild ``node`` bottom-up: children first, then ``fn`` on each rebuilt node.

    Subtrees that ``fn`` leaves alone are kept as the same objects, so
    ``transform(n, fn) is n`` tells that nothing changed.
    """
    # Leaves are dispatched by type before the match: every pass runs this on every
    # node at each compile, and most nodes are leaves.
    if type(node) in _LEAF_TYPES:
        return fn(node)
    match node:
        case And(children=kids) | Or(children=kids):
            new = [transform(kid, fn) for kid in kids]
            for a, b in zip(new, kids):
                if a is not b:
                    node = And(tuple(new)) if isinstance(node, And) else Or(tuple(new))
                    break
        case Not(child=child):
            if (new_child := transform(child, fn)) is not child:
                node = Not(new_child)
        case Boost(child=child, factor=factor):
            if (new_child := transform(child, fn)) is not child:
                node = Boost(new_child, factor)
        case MatchAll() | Equals() | ContainsAll() | Substring() | IsEmpty() | Range() | Phrase() | Wildcard() | Fuzzy():
            pass
        case _:
            assert_never(node)
    return fn(node)


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children, left to right."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def field_of(node: Node) -> Field | None:
    """The field a test reads (``None`` for the boolean structure and :class:`MatchAll`)."""
    match node:
        case Equals(field=f) | ContainsAll(field=f) | Substring(field=f) | IsEmpty(field=f) | Range(field=f):
            return f
        case Phrase(field=f) | Wildcard(field=f) | Fuzzy(field=f):
            return f
        case MatchAll() | And() | Or() | Not() | Boost():
            return None
        case _:
            assert_never(node)
