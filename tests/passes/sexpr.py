"""A readable, exact text form of the IR for the golden files: ``(or (= cat "news") (empty title:text))``.

Fields are ``name`` (dynamic), ``name:kind`` or ``name:kind:ci`` (case-insensitive);
a dotted name reads that path (``meta.x``). Values are JSON (``1`` is an int,
``1.0`` a float, ``true`` a bool). Nodes::

    (all)  (and ...)  (or ...)  (not x)  (boost x 2.0)
    (= f v...)  (all-of f v...)  (contains f v...)  (empty f)
    (range f number (ge 1) (lt 5))      bounds: (ge v) (gt v) (le v) (lt v) or *
    (range f date (ge @NOW-7DAYS/DAY) *) a bound of date math: @ and its Solr text
    (phrase f slop "w"...)  (wildcard f "pat")  (fuzzy f "term" distance)

``render(parse(text))`` gives ``text`` back for text written in the canonical spacing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from filterengine import ir
from filterengine.query.format import datemath_text
from filterengine.syntax import parse_datemath

_TOKEN = re.compile(r'\s*(\(|\)|"(?:\\.|[^"\\])*"|[^\s()]+)')
_BOUNDS = {"ge": (True, True), "gt": (True, False), "le": (False, True), "lt": (False, False)}


def _tokens(text: str) -> list[str]:
    out, at = [], 0
    text = text.strip()
    while at < len(text):
        m = _TOKEN.match(text, at)
        if not m:
            raise ValueError(f"bad IR text at {at}: {text[at:]!r}")
        out.append(m.group(1))
        at = m.end()
    return out


def _read(tokens: list[str]) -> Any:
    token = tokens.pop(0)
    if token == "(":
        items = []
        while tokens[0] != ")":
            items.append(_read(tokens))
        tokens.pop(0)
        return items
    if token == ")":
        raise ValueError("unbalanced ')'")
    return token


def field(spec: str) -> ir.Field:
    name, *rest = spec.split(":")
    kind = rest[0] if rest else "dynamic"
    ci = rest[1:] == ["ci"]
    path = tuple(name.split(".")) if "." in name else None
    return ir.Field(name, (name,), path, kind, ci)


def _field_text(f: ir.Field) -> str:
    text = f.name
    if f.kind != "dynamic" or f.case_insensitive:
        text += ":" + f.kind
    return text + (":ci" if f.case_insensitive else "")


def _scalar(token: str) -> Any:
    return json.loads(token)


def _bound(item: Any) -> tuple[bool, ir.Bound] | None:
    if item == "*":
        return None
    op, value = item
    is_lower, inclusive = _BOUNDS[op]
    if value.startswith("@"):
        return is_lower, ir.Bound(parse_datemath(value[1:]), inclusive)
    return is_lower, ir.Bound(_scalar(value), inclusive)


def _node(item: Any) -> ir.Node:
    head, *args = item
    if head == "all":
        return ir.MatchAll()
    if head in ("and", "or"):
        kids = tuple(map(_node, args))
        return ir.And(kids) if head == "and" else ir.Or(kids)
    if head == "not":
        return ir.Not(_node(args[0]))
    if head == "boost":
        return ir.Boost(_node(args[0]), float(args[1]))
    f = field(args[0])
    rest = args[1:]
    if head == "=":
        return ir.Equals(f, tuple(map(_scalar, rest)))
    if head == "all-of":
        return ir.ContainsAll(f, tuple(map(_scalar, rest)))
    if head == "contains":
        return ir.Substring(f, tuple(map(_scalar, rest)))
    if head == "empty":
        return ir.IsEmpty(f)
    if head == "range":
        low, high = _bound(rest[1]), _bound(rest[2])
        return ir.Range(f, rest[0], low[1] if low else None, high[1] if high else None)
    if head == "phrase":
        return ir.Phrase(f, tuple(map(_scalar, rest[1:])), int(rest[0]))
    if head == "wildcard":
        return ir.Wildcard(f, _scalar(rest[0]))
    if head == "fuzzy":
        return ir.Fuzzy(f, _scalar(rest[0]), int(rest[1]))
    raise ValueError(f"unknown IR head {head!r}")


def parse(text: str) -> ir.Node:
    tokens = _tokens(text)
    node = _node(_read(tokens))
    if tokens:
        raise ValueError(f"trailing text: {tokens}")
    return node


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _bound_text(bound: ir.Bound | None, lower: bool) -> str:
    if bound is None:
        return "*"
    op = ("ge" if bound.inclusive else "gt") if lower else ("le" if bound.inclusive else "lt")
    if isinstance(bound.value, ir.DateMath):
        return f"({op} @{datemath_text(bound.value)})"
    return f"({op} {_value(bound.value)})"


def render(node: ir.Node) -> str:
    def join(head: str, *parts: str) -> str:
        return "(" + " ".join((head,) + parts) + ")"

    if isinstance(node, ir.MatchAll):
        return "(all)"
    if isinstance(node, (ir.And, ir.Or)):
        return join("and" if isinstance(node, ir.And) else "or", *map(render, node.children))
    if isinstance(node, ir.Not):
        return join("not", render(node.child))
    if isinstance(node, ir.Boost):
        return join("boost", render(node.child), repr(node.factor))
    f = _field_text(node.field)
    if isinstance(node, ir.Equals):
        return join("=", f, *map(_value, node.values))
    if isinstance(node, ir.ContainsAll):
        return join("all-of", f, *map(_value, node.values))
    if isinstance(node, ir.Substring):
        return join("contains", f, *map(_value, node.needles))
    if isinstance(node, ir.IsEmpty):
        return join("empty", f)
    if isinstance(node, ir.Range):
        return join("range", f, node.kind, _bound_text(node.lower, True), _bound_text(node.upper, False))
    if isinstance(node, ir.Phrase):
        return join("phrase", f, str(node.slop), *map(_value, node.words))
    if isinstance(node, ir.Wildcard):
        return join("wildcard", f, _value(node.pattern))
    if isinstance(node, ir.Fuzzy):
        return join("fuzzy", f, _value(node.term), str(node.distance))
    raise AssertionError(node)
