"""One pipeline, both front ends, every backend: what the compiler hands the backends."""

from __future__ import annotations

import inspect

import pytest

import filterengine as fe
from filterengine import ir, passes
from filterengine.compiler import lower, parse_query

NOW = "2024-05-10T12:00:00Z"
FILTERS = [
    {"filters": [{"field": "status", "operator": "is", "value": "published"},
                 {"field": "status", "operator": "is", "value": "live"}]},
    {"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news", "sport"]}]},
]
QUERY = "(cat:news OR cat:sport)^2 AND NOT NOT title:goal"


def test_the_pipeline_is_one_tuple_of_passes_one_module_each() -> None:
    names = [rule.__name__ for rule in passes.PIPELINE]
    assert names == ["strip_boosts", "fold_shifts", "fold_constants", "simplify", "merge_sets", "collapse_ranges", "dedupe"]
    modules = [inspect.getmodule(rule) for rule in passes.PIPELINE]
    assert len({m.__name__ for m in modules if m}) == len(modules)


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_every_backend_receives_the_optimized_tree(backend: str) -> None:
    lowered = lower(FILTERS).node
    assert fe.compile_filters(FILTERS, now=NOW, backend=backend).node == passes.optimize(lowered)
    assert fe.compile_query(QUERY, now=NOW, backend=backend).node == passes.optimize(parse_query(QUERY))
    both = fe.compile_filters(FILTERS, now=NOW, q=QUERY, backend=backend).node
    assert both == passes.optimize(ir.And((lowered, parse_query(QUERY))))


def test_both_backends_receive_the_same_tree() -> None:
    nodes = {repr(fe.compile_filters(FILTERS, now=NOW, q=QUERY, backend=b).node) for b in ("python", "reference")}
    assert len(nodes) == 1


def test_filtersets_and_queries_meet_the_same_passes() -> None:
    # A filterset's filters are ORed: two "is" on one field become one set lookup, as in q.
    from_filters = fe.compile_filters([FILTERS[0]], now=NOW).node
    from_query = fe.compile_query("status:published OR status:live", now=NOW).node
    assert isinstance(from_filters, ir.Equals) and from_filters.values == ("published", "live")
    assert isinstance(from_query, ir.Equals) and from_query.values == ("published", "live")


def test_tools_still_see_what_was_written() -> None:
    parsed = fe.parse_query(QUERY)
    assert "Boost" in repr(parsed)
    assert fe.format_query(parsed) == "(cat:news OR cat:sport)^2 AND NOT NOT title:goal"
    compiled = fe.compile_query(QUERY, now=NOW).node
    assert "Boost" not in repr(compiled) and "Not" not in repr(compiled)
