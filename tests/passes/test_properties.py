"""Contracts of the passes, over random IR trees and random messy records.

Each pass, and the whole pipeline, keeps the meaning exactly (the reference
evaluator is the oracle), settles in one application, and gives back the very
object it was handed when there is nothing to do. Every example is run through
every pass (one generated tree serves them all); a failure names the pass.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings

from filterengine import ir, passes
from filterengine.backends.reference import evaluate_node
from filterengine.predicate import Predicate
from filterengine.walk import walk

from .strategies import NOW, cases, focused, probe_records, trees

RULES: list[Callable[[ir.Node], ir.Node]] = [*passes.PIPELINE, passes.optimize]
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same_answers(node: ir.Node, recs: list[dict]) -> None:
    expected = [evaluate_node(node, record, NOW) for record in recs]
    for rule in RULES:
        after = rule(node)
        for record, want in zip(recs, expected):
            assert evaluate_node(after, record, NOW) is want, (rule.__name__, after, record)


@SETTINGS
@given(case=cases())
def test_every_pass_keeps_the_meaning(case: tuple[ir.Node, list[dict]]) -> None:
    _same_answers(*case)


@SETTINGS
@given(case=cases(focused))
def test_every_pass_keeps_the_meaning_of_near_repeats(case: tuple[ir.Node, list[dict]]) -> None:
    # Small trees where a pass could take a look-alike for a repeat: probe them with a
    # record for every value they look for, so that the one record that tells is there.
    node, recs = case
    _same_answers(node, recs + probe_records(node))


@SETTINGS
@given(node=trees)
def test_every_pass_settles_in_one_application(node: ir.Node) -> None:
    for rule in RULES:
        once = rule(node)
        assert rule(once) is once, (rule.__name__, once, rule(once))


@SETTINGS
@given(node=trees)
def test_optimized_trees_are_in_normal_form(node: ir.Node) -> None:
    out = passes.optimize(node)
    constant = out == ir.MatchAll() or out == ir.Or(())
    for sub in walk(out):
        assert not isinstance(sub, ir.Boost)
        if isinstance(sub, ir.Not):
            assert not isinstance(sub.child, ir.Not)
        if isinstance(sub, (ir.And, ir.Or)):
            assert len(sub.children) >= 2 or (constant and sub is out), out
            assert all(type(c) is not type(sub) for c in sub.children), out
            assert len({repr(c) for c in sub.children}) == len(sub.children), out
        if not constant:
            assert not isinstance(sub, ir.MatchAll), out
        if isinstance(sub, (ir.Equals, ir.ContainsAll)):
            assert len({(type(v), repr(v)) for v in sub.values}) == len(sub.values), out


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_the_python_backend_runs_optimized_trees_as_the_reference_runs_the_originals(
    case: tuple[ir.Node, list[dict]]
) -> None:
    node, recs = case
    fast = Predicate(passes.optimize(node), NOW, "python")
    for record in recs:
        assert fast(record) is evaluate_node(node, record, NOW), (node, record, fast.source)
