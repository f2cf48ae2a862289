"""A list of one-sided ranges on one field is one range: ``isInTheLast ["1DAYS", ..., "100000DAYS"]`` is ``100000DAYS``.

``Range`` means "some value of the field lies between the bounds", so under an
``Or``, ranges on one field that share one bound are the range of the loosest
other bound (``x <= 3 OR x <= 5`` is ``x <= 5``), and under an ``And`` the
tightest (``x >= 3 AND x >= 5`` is ``x >= 5``: the largest value passes both
whenever each passes one). A filter's list of values lowers to one range per
value; this pass leaves one.

Bounds are compared at compile time only when their order cannot depend on the
clock: numbers, strings, absolute dates, and relative dates of one shape (``NOW``
plus fixed-length shifts that go one way, or ``NOW`` plus one shift of months or
years, then the same roundings), each shape compared by its amount. Other bounds
stay as they are. Bounds of one inclusiveness are compared, so the one kept is
exactly as loose (or tight) as the loosest (tightest) of them.

>>> from filterengine.ir import Bound, Field, Or, Range
>>> views = Field("views", ("views",), kind="number")
>>> collapse_ranges(Or(tuple(Range(views, "number", None, Bound(n)) for n in (3, 10, 5))))  # doctest: +ELLIPSIS
Range(field=Field(name='views', ...), kind='number', lower=None, upper=Bound(value=10, inclusive=True))
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import Any

from ..ir import And, DateMath, Node, Or, Range, Round, Shift
from ..runtime.dates import evaluate
from ..walk import transform
from .shifts import FIXED_MILLISECONDS

__all__ = ["collapse_ranges"]

#: Months in each calendar unit (a year is twelve months to relativedelta too).
_MONTHS = {"MONTH": 1, "YEAR": 12}


def collapse_ranges(node: Node) -> Node:
    return transform(node, _collapse)


def _collapse(node: Node) -> Node:
    if not isinstance(node, (And, Or)) or len(node.children) < 2:
        return node
    loosest = isinstance(node, Or)
    children: list[Node] = []
    # Per group: where its range stands among the children, and that range's amount.
    slot: dict[tuple[Hashable, ...], tuple[int, Any]] = {}
    changed = False
    for child in node.children:
        found = _group(child)
        if found is not None:
            group, amount = found
            kept = slot.get(group)
            if kept is not None:
                at, best = kept
                if _better(amount, best, group[2] == "lower", loosest):
                    children[at] = child
                    slot[group] = (at, amount)
                changed = True
                continue
            slot[group] = (len(children), amount)
        children.append(child)
    if not changed:
        return node
    if len(children) == 1:
        return children[0]
    return Or(tuple(children)) if loosest else And(tuple(children))


def _better(amount: Any, best: Any, lower: bool, loosest: bool) -> bool:
    """Whether a bound of ``amount`` is looser (``loosest``) or tighter than one of ``best``:
    a lower bound is looser when smaller, an upper bound when larger."""
    looser = amount < best if lower else amount > best
    tighter = amount > best if lower else amount < best
    return bool(looser if loosest else tighter)


def _varying(node: Range) -> str:
    """Which bound a range shares with its group's others, and so which one varies."""
    return "upper" if node.lower is None else "lower"


def _group(node: Node) -> tuple[tuple[Hashable, ...], Any] | None:
    """``(group, amount)``: ranges of one group share field, kind, the fixed bound and the shape of the
    other, which they are ordered by the amount of."""
    if not isinstance(node, Range):
        return None
    side = _varying(node)
    bound = node.lower if side == "lower" else node.upper
    fixed = node.upper if side == "lower" else node.lower
    if bound is None:
        return None
    order = _order(bound.value)
    if order is None:
        return None
    return (node.field, node.kind, side, fixed, bound.inclusive, order[0]), order[1]


def _order(value: float | str | DateMath) -> tuple[Hashable, float | str | datetime | int] | None:
    """``(shape, amount)``: bounds of one shape are ordered by their amount, whatever the clock reads; ``None``
    for a bound that is ordered against no other."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "number", value
    if isinstance(value, str):
        return "string", value
    if value.anchor is not None:
        return "instant", evaluate(value, value.anchor)
    shifts = [s for s in value.steps if isinstance(s, Shift)]
    rounds = tuple(s for s in value.steps if isinstance(s, Round))
    if value.steps[: len(shifts)] != tuple(shifts):  # a rounding before a shift
        return None
    if len(shifts) == 1 and shifts[0].unit in _MONTHS:
        return ("months", rounds), shifts[0].amount * _MONTHS[shifts[0].unit]
    if all(s.unit in FIXED_MILLISECONDS for s in shifts):
        if any(s.amount > 0 for s in shifts) and any(s.amount < 0 for s in shifts):
            return None  # might leave the calendar on the way and come back clamped
        return ("fixed", rounds), sum(s.amount * FIXED_MILLISECONDS[s.unit] for s in shifts)
    return None
