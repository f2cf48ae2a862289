"""Drop :class:`~filterengine.ir.Boost` wrappers: a boost only scores, it never changes matching.

The parsed query keeps its boosts (``format_query`` prints them); only the
compiled tree loses them.

>>> from filterengine.ir import Boost, MatchAll, Not
>>> strip_boosts(Boost(Not(Boost(MatchAll(), 2.0)), 0.5))
Not(child=MatchAll())
"""

from __future__ import annotations

from ..ir import Boost, Node
from ..walk import transform

__all__ = ["strip_boosts"]


def strip_boosts(node: Node) -> Node:
    return transform(node, _unwrap)


def _unwrap(node: Node) -> Node:
    return node.child if isinstance(node, Boost) else node
