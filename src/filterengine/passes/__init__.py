"""Pure IR -> IR functions, run in order by :func:`optimize`."""

from __future__ import annotations

from ..ir import Node
from .simplify import simplify

__all__ = ["PIPELINE", "optimize"]

PIPELINE = (simplify,)


def optimize(node: Node) -> Node:
    for rule in PIPELINE:
        node = rule(node)
    return node
