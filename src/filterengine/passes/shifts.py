"""Fold runs of clock shifts in date math into one: ``1MINUTE 1MINUTE ...`` is one subtraction.

A relative bound (``isInTheLast "7DAYS 1HOUR"``) is evaluated again whenever the
clock is read (every call of a predicate compiled without ``now``), so its
arithmetic should be as short as the expression allows. Consecutive shifts in
units of fixed length (weeks and smaller: UTC has no daylight saving time) that
go the same way are one shift of their sum, in the finest of their units. The
result is exactly the same instant, at the calendar's ends too: shifts that go
one way leave the calendar (and are clamped to its end) together or not at all.
Months and years are calendar arithmetic (``Jan 31 + 1 month``), and steps that go
opposite ways can leave the calendar on the way: those are kept as written.

>>> from filterengine.ir import Bound, DateMath, Field, Range, Round, Shift
>>> f = Field("publisheddate", ("publisheddate",), kind="date")
>>> reach = DateMath(None, (Shift(-7, "DAY"), Shift(-1, "HOUR"), Shift(-1, "MONTH"), Round("DAY")))
>>> fold_shifts(Range(f, "date", Bound(reach), None)).lower.value.steps
(Shift(amount=-169, unit='HOUR'), Shift(amount=-1, unit='MONTH'), Round(unit='DAY'))
"""

from __future__ import annotations

from ..ir import Bound, DateMath, Node, Range, Round, Shift
from ..walk import transform

__all__ = ["fold_shifts", "FIXED_MILLISECONDS"]

#: The units of fixed length, in milliseconds.
FIXED_MILLISECONDS = {"WEEK": 604_800_000, "DAY": 86_400_000, "HOUR": 3_600_000, "MINUTE": 60_000,
                      "SECOND": 1_000, "MILLISECOND": 1}


def fold_shifts(node: Node) -> Node:
    return transform(node, _fold)


def _fold(node: Node) -> Node:
    if not isinstance(node, Range):
        return node
    lower, upper = _bound(node.lower), _bound(node.upper)
    if lower is node.lower and upper is node.upper:
        return node
    return Range(node.field, node.kind, lower, upper)


def _bound(bound: Bound | None) -> Bound | None:
    if bound is None or not isinstance(bound.value, DateMath):
        return bound
    steps = fold_steps(bound.value.steps)
    if steps is bound.value.steps:
        return bound
    return Bound(DateMath(bound.value.anchor, steps), bound.inclusive)


def fold_steps(steps: tuple[Shift | Round, ...]) -> tuple[Shift | Round, ...]:
    """``steps`` with each run of same-way fixed-length shifts made one; the same tuple when none is.

    >>> fold_steps((Shift(-1, "WEEK"), Shift(0, "DAY"), Shift(-90, "SECOND"), Shift(2, "SECOND")))
    (Shift(amount=-604890, unit='SECOND'), Shift(amount=2, unit='SECOND'))
    """
    out: list[Shift | Round] = []
    run: list[Shift] = []
    way = 0  # the direction of the run: -1, +1, or 0 while it holds only zero shifts
    changed = False

    def close() -> None:
        nonlocal changed
        if len(run) > 1:
            unit = min((s.unit for s in run), key=FIXED_MILLISECONDS.__getitem__)
            total = sum(s.amount * FIXED_MILLISECONDS[s.unit] for s in run)
            out.append(Shift(total // FIXED_MILLISECONDS[unit], unit))
            changed = True
        else:
            out.extend(run)
        run.clear()

    for step in steps:
        if isinstance(step, Shift) and step.unit in FIXED_MILLISECONDS:
            sign = (step.amount > 0) - (step.amount < 0)
            if run and sign and way and sign != way:
                close()
            if not run:
                way = 0
            way = way or sign
            run.append(step)
        else:
            close()
            out.append(step)
    close()
    return tuple(out) if changed else steps
