"""IR -> canonical ``q`` text: explicit AND/OR/NOT, parentheses, escapes; boosts kept.

The text parses back to the same IR (with the same schema, under either default
operator). Leaves are checked by parsing them back, so a node with no exact ``q``
form (a substring test, a whole-value test on a text field) raises
:class:`~filterengine.errors.FilterEngineError` instead of yielding a query that
means something else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from ..errors import FilterEngineError, QuerySyntaxError
from ..ir import (
    And,
    Boost,
    Bound,
    ContainsAll,
    DateMath,
    Equals,
    Fuzzy,
    IsEmpty,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Round,
    Substring,
    Wildcard,
)
from ..runtime.dates import UTC, unit_plural
from ..runtime.display import MAX_DIGITS, writable
from ..runtime.text import pattern_tokens
from ..runtime.values import scalar_text
from ..span import quoted

__all__ = ["format_node"]

# Precedence of what a piece of text is: an OR chain, an AND chain, NOT x, an atom.
_OR, _AND, _NOT, _ATOM = 0, 1, 2, 3

_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')
_KEYWORDS = {"AND", "OR", "NOT"}

Relower = Callable[[str], Node]


def escape_word(text: str) -> str:
    r"""``text`` as one query word: specials and whitespace escaped, keywords defused.

    >>> escape_word("a:b c*"), escape_word("AND")
    ('a\\:b\\ c\\*', '\\AND')
    """
    out = "".join("\\" + ch if ch in _SPECIAL or ch.isspace() else ch for ch in text)
    return "\\" + out if text in _KEYWORDS else out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _term_or_phrase(text: str) -> str:
    if not text or any(ch.isspace() for ch in text):
        return _quote(text)
    return escape_word(text)


def _number(value: float) -> str:
    if isinstance(value, int) and not writable(value):
        raise FilterEngineError(f"no q query writes a number of more than {MAX_DIGITS:,} digits")
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _instant(dt: datetime) -> str:
    dt = dt.astimezone(UTC)
    frac = f".{dt.microsecond:06d}" if dt.microsecond else ""
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}{frac}Z"


def datemath_text(math: DateMath) -> str:
    """Solr date math for ``math``: ``NOW-7DAYS/DAY``, ``2024-01-01T00:00:00Z+1MONTH``."""
    out = ["NOW" if math.anchor is None else _instant(math.anchor)]
    for step in math.steps:
        if isinstance(step, Round):
            out.append(f"/{step.unit}")
        else:
            out.append(f"{'-' if step.amount < 0 else '+'}{abs(step.amount)}{unit_plural(step.unit)}")
    return "".join(out)


def _bound_text(bound: Bound | None) -> str:
    if bound is None:
        return "*"
    value = bound.value
    if isinstance(value, DateMath):
        return datemath_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value)
    text = str(value)
    plain = text and text not in ("*", "TO") and text[0] != '"'
    if plain and not any(ch.isspace() or ch in ']}"\\' for ch in text):
        return text
    return _quote(text)


def _value_text(node: Node) -> str | None:
    """What follows ``field:`` for a one-field leaf; None if ``node`` is not one."""
    if isinstance(node, Phrase):
        if len(node.words) == 1 and node.slop == 0:
            return escape_word(node.words[0])
        return _quote(" ".join(node.words)) + (f"~{node.slop}" if node.slop else "")
    if isinstance(node, Equals) and len(node.values) == 1:
        text = scalar_text(node.values[0])
        return None if text is None else _term_or_phrase(text)
    if isinstance(node, Range):
        low = "[" if node.lower is None or node.lower.inclusive else "{"
        high = "]" if node.upper is None or node.upper.inclusive else "}"
        return f"{low}{_bound_text(node.lower)} TO {_bound_text(node.upper)}{high}"
    if isinstance(node, Wildcard):
        return "".join(ch if wild else escape_word(ch) for wild, ch in pattern_tokens(node.pattern))
    if isinstance(node, Fuzzy):
        return f"{escape_word(node.term)}~{node.distance}"
    if isinstance(node, Not) and isinstance(node.child, IsEmpty):
        return "*"
    return None


def _field_of(node: Node) -> str:
    inner = node.child if isinstance(node, Not) else node
    return escape_word(inner.field.name)  # type: ignore[union-attr]


def _normal(node: Node) -> Node:
    """Equals values in their string form: the same test (see values.scalar_equals)."""
    if isinstance(node, Equals):
        return Equals(node.field, tuple(scalar_text(v) or "" for v in node.values))
    return node


class _Formatter:
    def __init__(self, relower: Relower, default_fields: int):
        self.relower = relower
        self.most_children = max(default_fields, 2)

    def parses_to(self, text: str, node: Node) -> bool:
        try:
            return self.relower(text) == node
        except QuerySyntaxError:
            return False

    def fmt(self, node: Node) -> tuple[str, int]:
        if isinstance(node, MatchAll) or (isinstance(node, And) and not node.children):
            return "*:*", _ATOM
        if isinstance(node, Or) and not node.children:
            return "NOT *:*", _NOT
        if isinstance(node, Boost):
            text, level = self.fmt(node.child)
            if level < _ATOM or isinstance(node.child, Boost):
                text = f"({text})"
            return f"{text}^{_number(node.factor)}", _ATOM
        if isinstance(node, Or):
            bare = self.default_fields(node)
            if bare is not None:
                return bare, _ATOM
            return " OR ".join(self.operand(c) for c in node.children), _OR
        if isinstance(node, And):
            return " AND ".join(self.operand(c) for c in node.children), _AND
        if isinstance(node, IsEmpty):
            return f"NOT {escape_word(node.field.name)}:*", _NOT
        if isinstance(node, Not) and not isinstance(node.child, IsEmpty):
            text, level = self.fmt(node.child)
            return f"NOT {text if level >= _NOT else f'({text})'}", _NOT
        if isinstance(node, Equals) and len(node.values) > 1:
            return self.fmt(Or(tuple(Equals(node.field, (v,)) for v in node.values)))
        if isinstance(node, ContainsAll):
            return self.fmt(And(tuple(Equals(node.field, (v,)) for v in node.values)))
        return self.leaf(node), _ATOM

    def operand(self, node: Node) -> str:
        text, level = self.fmt(node)
        return text if level >= _NOT else f"({text})"

    def leaf(self, node: Node) -> str:
        value = _value_text(node)
        if value is None or isinstance(node, Substring):
            raise FilterEngineError(f"no q query means exactly {quoted(node, 300)}")
        text = f"{_field_of(node)}:{value}"
        if not self.parses_to(text, _normal(node)):
            raise FilterEngineError(f"no q query means exactly {quoted(node, 300)} (with this schema)")
        return text

    def default_fields(self, node: Or) -> str | None:
        """A bare term when ``node`` is what that term means on the default fields."""
        if len(node.children) > self.most_children:
            return None  # one child per default field at most
        seen: set[str] = set()
        for child in node.children:
            value = _value_text(child)
            if value is not None and value not in seen:
                seen.add(value)
                if self.parses_to(value, node):
                    return value
        return None


def format_node(node: Node, relower: Relower, default_fields: int) -> str:
    """Canonical text for ``node``; ``relower`` parses a query back (with the same schema,
    which has ``default_fields`` default fields)."""
    return _Formatter(relower, default_fields).fmt(node)[0]
