"""Pure IR -> IR rewrites, listed once in :data:`PIPELINE` and run by :func:`optimize`.

Every pass keeps the meaning exactly (the reference evaluator answers the same
for every record and clock), and returns its input object when it changes
nothing. Both front ends (filtersets and ``q``) are optimized here, at compile
time only: ``parse_query`` keeps what tools need (boosts, the clauses as written).

>>> from filterengine.ir import Boost, Equals, Field, MatchAll, Not, Or
>>> cat = Field("cat", ("cat",))
>>> optimize(Or((Boost(Equals(cat, ("news",)), 2.0), Not(Not(Equals(cat, ("sport", "news")))))))  # doctest: +ELLIPSIS
Equals(field=Field(name='cat', ...), values=('news', 'sport'))
>>> optimize(Not(Or((Equals(cat, ()), MatchAll()))))
Or(children=())
"""

from __future__ import annotations

from collections.abc import Callable

from ..ir import Node
from .boosts import strip_boosts
from .constants import fold_constants
from .dedupe import dedupe
from .merge import merge_sets
from .ranges import collapse_ranges
from .shifts import fold_shifts
from .simplify import simplify

__all__ = ["PIPELINE", "optimize", "strip_boosts", "fold_shifts", "fold_constants", "simplify", "merge_sets",
           "collapse_ranges", "dedupe"]

#: The passes, in the order :func:`optimize` runs them.
PIPELINE: tuple[Callable[[Node], Node], ...] = (
    strip_boosts, fold_shifts, fold_constants, simplify, merge_sets, collapse_ranges, dedupe
)

# A pass can open work for an earlier one: dedupe, dropping a repeat, can leave an
# Or's one remaining child in its place, which simplify must then splice into a
# parent And, or merge_sets join with a sibling Equals. So passes run in PIPELINE order, round after round, but a
# pass runs again only when another one changed the tree since it last ran (each
# pass settles in one application; tests/passes checks it): the usual second round
# is a few passes that find nothing. Every change removes nodes, values or date-math
# steps, or turns ``And(())`` into ``MatchAll()``, so this ends; the bound is a guard only.
_MAX_ROUNDS = 16


def optimize(node: Node) -> Node:
    """``node`` through the passes of :data:`PIPELINE`, in order, until none changes it."""
    stale = [True] * len(PIPELINE)
    for _ in range(_MAX_ROUNDS):
        if not any(stale):
            break
        for i, rule in enumerate(PIPELINE):
            if stale[i]:
                stale[i] = False
                changed = rule(node)
                if changed is not node:
                    node = changed
                    stale = [j != i for j in range(len(PIPELINE))]
    return node
