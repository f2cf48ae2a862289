"""A compact, readable rendering of the IR for golden files: ``(and (= status "x") ...)``."""

from __future__ import annotations

import json

from filterengine import ir
from filterengine.query.format import datemath_text


def _value(value: object) -> str:
    if isinstance(value, ir.DateMath):
        return datemath_text(value)
    return json.dumps(value, ensure_ascii=False)


def _bound(bound: ir.Bound | None, lower: bool) -> str:
    if bound is None:
        return "*"
    mark = ("[" if bound.inclusive else "{") if lower else ("]" if bound.inclusive else "}")
    return mark + _value(bound.value) if lower else _value(bound.value) + mark


def render(node: ir.Node) -> str:
    if isinstance(node, ir.MatchAll):
        return "(all)"
    if isinstance(node, (ir.And, ir.Or)):
        name = "and" if isinstance(node, ir.And) else "or"
        return f"({name} {' '.join(map(render, node.children))})"
    if isinstance(node, ir.Not):
        return f"(not {render(node.child)})"
    if isinstance(node, ir.Boost):
        return f"(boost {render(node.child)} {node.factor:g})"
    if isinstance(node, ir.IsEmpty):
        return f"(empty {node.field.name})"
    if isinstance(node, ir.Equals):
        return f"(= {node.field.name} {' '.join(map(_value, node.values))})"
    if isinstance(node, ir.Range):
        return f"(range {node.field.name} {node.kind} {_bound(node.lower, True)} {_bound(node.upper, False)})"
    if isinstance(node, ir.Phrase):
        return f"(phrase {node.field.name} {_value(' '.join(node.words))} {node.slop})"
    if isinstance(node, ir.Wildcard):
        return f"(wildcard {node.field.name} {_value(node.pattern)})"
    if isinstance(node, ir.Fuzzy):
        return f"(fuzzy {node.field.name} {_value(node.term)} {node.distance})"
    raise AssertionError(node)
