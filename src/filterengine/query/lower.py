"""A ``q`` syntax tree -> IR, with a schema: what each clause means on each kind of field.

Boolean structure (see docs/query.md): ``a OR b``, ``a AND b`` and ``NOT a`` are
:class:`~filterengine.ir.Or`, :class:`~filterengine.ir.And` and
:class:`~filterengine.ir.Not`; a group of juxtaposed clauses (``a b -c +d``)
becomes ``And(required..., Or(optional...), Not(prohibited)...)``, where optional
clauses are dropped when a required one exists (they only score in Solr) and
count as required under ``default_operator="AND"``.

>>> from filterengine.schema import PLATFORM_SCHEMA
>>> from filterengine.syntax.query import parse_query_syntax
>>> lower_query(parse_query_syntax("status:published -cat:ads"), "...", PLATFORM_SCHEMA)  # doctest: +ELLIPSIS
And(children=(Equals(field=Field(name='status', ...), values=('published',)), Not(child=Equals(field=Field(name='cat', ...
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

from ..errors import LimitExceededError, QuerySyntaxError, TimeExpressionError
from ..ir import And, Boost, Bound, DateMath, Equals, Field, Fuzzy, IsEmpty, MatchAll, Node, Not, Or, Phrase, Range, Wildcard
from ..limits import DEFAULT_LIMITS, Limits, number_digits
from ..runtime.text import normal, words
from ..runtime.values import to_number
from ..schema import Schema
from ..span import quoted
from ..syntax import parse_date_value as _parse_date_value
from ..syntax.query_ast import AndQ, Clause, Fielded, Group, NotQ, OrQ, Prefixed, Quoted, RangeQ, Term

__all__ = ["lower_query", "MAX_SLOP", "MAX_EDITS"]

#: Phrase slop beyond this changes nothing in practice; larger values are capped.
MAX_SLOP = 1_000_000
#: Lucene's largest fuzzy edit distance; larger requests are capped, as in Lucene.
MAX_EDITS = 2

# Date values recur (NOW, NOW-7DAYS/DAY) and parsing one runs a Lark parser:
# results are immutable, so a small cache (keyed by text and limits) is safe to
# share (errors are not cached).
parse_date_value = lru_cache(maxsize=512)(_parse_date_value)



@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    return tuple(words(text))


_ESCAPE = re.compile(r"\\([\s\S])")


def unescape(raw: str) -> str:
    r"""Drop the backslash of every escape: ``a\:b`` -> ``a:b``."""
    return _ESCAPE.sub(r"\1", raw) if "\\" in raw else raw


def _escape_literal(text: str) -> str:
    return "".join("\\" + ch if ch in "*?\\" else ch for ch in text)


@lru_cache(maxsize=1024)
def _pattern(raw: str, fold: bool) -> tuple[str, bool]:
    """The wildcard pattern of a raw term (escapes kept for ``* ? \\``), and whether it has wildcards.

    Each run of literal characters is put in the text rules' normal form (NFC,
    lower-cased when ``fold``), as the text it is compared with.
    """
    if "*" not in raw and "?" not in raw:
        return raw, False  # the common case: a plain word (the pattern is then unused)
    out: list[str] = []
    run: list[str] = []
    wild = False
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            run.append(raw[i + 1])
            i += 2
        elif ch in "*?":
            out.append(_escape_literal(normal("".join(run), fold)))
            run = []
            out.append(ch)
            wild = True
            i += 1
        else:
            run.append(ch)
            i += 1
    out.append(_escape_literal(normal("".join(run), fold)))
    return "".join(out), wild


def _has_wildcard(raw: str) -> bool:
    return ("*" in raw or "?" in raw) and _pattern(raw, False)[1]


class _Lowering:
    def __init__(self, text: str, schema: Schema, require_all: bool, limits: Limits):
        self.text = text
        self.schema = schema
        self.require_all = require_all
        self.limits = limits
        self._fields: dict[str, Field] = {}

    def field(self, name: str) -> Field:
        fld = self._fields.get(name)
        if fld is None:
            fld = self._fields[name] = self.schema.field(name)
        return fld

    def error(self, message: str, pos: int, expected: list[str] | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.text, pos, expected or [])

    # -- boolean structure -------------------------------------------------

    def node(self, clause: Clause, fld: Field | None) -> Node:
        # The node classes are disjoint; the commonest are tested first.
        if isinstance(clause, Fielded):
            return self.fielded(clause)
        if isinstance(clause, (Term, Quoted, RangeQ)):
            return self.default_fields(clause) if fld is None else self.leaf(clause, fld)
        if isinstance(clause, Prefixed):
            inner = self.node(clause.child, fld)
            return inner if clause.op == "+" else Not(inner)
        if isinstance(clause, Group):
            return self.boosted(self.group(clause, fld), clause.boost, clause.pos)
        if isinstance(clause, OrQ):
            return Or(tuple(self.node(c, fld) for c in clause.children))
        if isinstance(clause, AndQ):
            return And(tuple(self.node(c, fld) for c in clause.children))
        if isinstance(clause, NotQ):
            return Not(self.node(clause.child, fld))
        if fld is None:
            return self.default_fields(clause)
        return self.leaf(clause, fld)

    def group(self, group: Group, fld: Field | None) -> Node:
        required: list[Node] = []
        optional: list[Node] = []
        prohibited: list[Node] = []
        for clause in group.clauses:
            if isinstance(clause, Prefixed):
                (required if clause.op == "+" else prohibited).append(self.node(clause.child, fld))
            elif isinstance(clause, NotQ):
                prohibited.append(self.node(clause.child, fld))
            else:
                (required if self.require_all else optional).append(self.node(clause, fld))
        parts = required
        if not required and optional:
            parts = [optional[0] if len(optional) == 1 else Or(tuple(optional))]
        parts = parts + [Not(p) for p in prohibited]
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def fielded(self, clause: Fielded) -> Node:
        if clause.name == "*":
            child = clause.child
            if isinstance(child, Term) and child.raw == "*" and child.fuzzy is None:
                return self.boosted(MatchAll(), child.boost, child.pos)
            pos = child.pos if isinstance(child, (Term, Quoted, RangeQ, Group)) else clause.pos
            raise self.error("'*' is a field only in '*:*'", pos, ["'*' after '*:'"])
        if _has_wildcard(clause.name):
            raise self.error("wildcards in field names are not supported", clause.pos)
        name = unescape(clause.name)
        if name in self.schema.unsupported:
            raise self.error(f"field {quoted(name)} cannot be evaluated here: {self.schema.unsupported[name]}", clause.pos)
        members = self.schema.groups.get(name)
        if members is not None:  # any of the group's fields (the platform's "fulltext")
            nodes = tuple(self.node(clause.child, self.field(member)) for member in members)
            return nodes[0] if len(nodes) == 1 else Or(nodes)
        return self.node(clause.child, self.field(name))

    def default_fields(self, clause: Term | Quoted | RangeQ) -> Node:
        names = self.schema.default_fields
        if not names:
            raise self.error("a term without a field needs default fields in the schema", clause.pos, ["field:value"])
        if isinstance(clause, Term) and clause.raw == "*" and clause.fuzzy is None:
            # The platform's default listing query: every record, as ``*:*``.
            return self.boosted(MatchAll(), clause.boost, clause.pos)
        nodes: list[Node] = []
        raw = clause.raw if isinstance(clause, Term) and clause.fuzzy is None and clause.boost is None else "*"
        if "*" not in raw and "?" not in raw and "\\" not in raw:
            # The commonest query of all, a plain word: its words are split once.
            for name in names:
                fld = self.field(name)
                if fld.kind == "text":
                    nodes.append(Phrase(fld, _words(raw), 0))
                elif fld.kind in ("keyword", "dynamic"):
                    nodes.append(Equals(fld, (raw,)))
                else:
                    nodes = []
                    break
            else:
                return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))
        first_error: QuerySyntaxError | LimitExceededError | None = None
        for name in names:
            try:
                nodes.append(self.leaf(clause, self.field(name), boost=False))
            except (QuerySyntaxError, LimitExceededError) as err:  # e.g. a word on a number field: skip that field
                first_error = first_error or err
        if not nodes:
            assert first_error is not None
            raise first_error
        return self.boosted(nodes[0] if len(nodes) == 1 else Or(tuple(nodes)), clause.boost, clause.pos)

    def boosted(self, node: Node, boost: str | None, pos: int) -> Node:
        if boost is None:
            return node
        factor = float(boost)
        if not math.isfinite(factor):
            raise self.error("boost too large", pos)
        return Boost(node, factor)

    # -- leaves --------------------------------------------------------------

    def leaf(self, clause: Clause, fld: Field, boost: bool = True) -> Node:
        node: Node
        if isinstance(clause, Term):
            node = self.term(clause, fld)
        elif isinstance(clause, Quoted):
            text = unescape(clause.raw)
            slop = _small_int(clause.slop or "", MAX_SLOP)
            if fld.kind == "text":
                found = _words(text)
                node = Phrase(fld, found, slop if len(found) > 1 else 0)
            else:
                node = self.value(fld, text, clause.pos)
        else:
            assert isinstance(clause, RangeQ), clause
            node = self.range(clause, fld)
        return self.boosted(node, clause.boost, clause.pos) if boost else node

    def term(self, term: Term, fld: Field) -> Node:
        if term.raw == "*":
            if term.fuzzy is not None:
                raise self.error("'*' cannot be fuzzy", term.pos)
            return Not(IsEmpty(fld))
        # The text mode, decided once here: text fields compare words; folded
        # fields (text, or case-insensitive) compare lower-cased text.
        tokenized = fld.kind == "text"
        folded = tokenized or fld.case_insensitive
        pattern, wild = _pattern(term.raw, folded)
        if wild:
            if term.fuzzy is not None:
                raise self.error("a wildcard term cannot be fuzzy", term.pos)
            return Wildcard(fld, pattern, tokenized, folded)
        text = unescape(term.raw)
        if term.fuzzy is not None:
            term_text = normal(text, folded)
            return Fuzzy(fld, term_text, _edits(term.fuzzy, term_text), tokenized, folded)
        return self.value(fld, text, term.pos)

    def value(self, fld: Field, text: str, pos: int) -> Node:
        """A term or phrase compared by the field's kind."""
        if fld.kind == "text":
            return Phrase(fld, _words(text), 0)
        if fld.kind == "number":
            number = self.number(text, pos, fld)
            return Range(fld, "number", Bound(number), Bound(number))
        if fld.kind == "date":
            instant = self.date(text, pos, fld)
            return Range(fld, "date", Bound(instant), Bound(instant))
        return Equals(fld, (text,))

    def number(self, text: str, pos: int, fld: Field) -> int | float:
        digits = number_digits(text) if len(text) > self.limits.digits else 0
        if digits > self.limits.digits:
            raise LimitExceededError("digits", self.limits.digits, digits, "number too long", "digits",
                                     text=self.text, position=pos)
        number = to_number(text)
        if number is None:
            raise self.error(f"{quoted(text)} is not a number ({quoted(fld.name)} is a number field)", pos, ["a number"])
        return number

    def date(self, text: str, pos: int, fld: Field) -> DateMath:
        try:
            return parse_date_value(text, self.limits)
        except TimeExpressionError as err:
            raise self.error(
                f"{quoted(text)} is not a date ({quoted(fld.name)} is a date field): {err.reason}",
                pos,
                ["an ISO 8601 date or date math such as NOW-7DAYS"],
            ) from None
        except LimitExceededError as err:  # placed in the query: the value starts at pos
            raise err.located(text=self.text, position=pos + (err.position or 0)) from None

    def range(self, clause: RangeQ, fld: Field) -> Node:
        low, high = clause.lower, clause.upper
        low_open = not low.quoted and low.raw == "*"
        high_open = not high.quoted and high.raw == "*"
        if low_open and high_open:
            return Not(IsEmpty(fld))
        given = [b for b, is_open in ((low, low_open), (high, high_open)) if not is_open]
        kind = fld.kind
        read: Callable[[str, int, Field], float | str | DateMath]
        if kind == "number":
            read, kind_name = self.number, "number"
        elif kind == "date":
            read, kind_name = self.date, "date"
        elif kind == "dynamic":
            kind_name = _infer_kind([unescape(b.raw) for b in given], self.limits)
            read = {"number": self.number, "date": self.date}.get(kind_name, _as_string)
        else:
            read, kind_name = _as_string, "string"
        lower = None if low_open else Bound(read(unescape(low.raw), low.pos, fld), clause.lower_inclusive)
        upper = None if high_open else Bound(read(unescape(high.raw), high.pos, fld), clause.upper_inclusive)
        return Range(fld, kind_name, lower, upper)


def _as_string(text: str, pos: int, fld: Field) -> str:
    return text


def _infer_kind(texts: list[str], limits: Limits) -> str:
    """A field the schema does not know: numbers if every bound is one, else dates, else strings.

    A bound over the size of a time expression (``limits``) is no date.
    """
    if all(_finite_number(t) for t in texts):
        return "number"
    try:
        for t in texts:
            parse_date_value(t, limits)
    except (TimeExpressionError, LimitExceededError):
        return "string"
    return "date"


def _finite_number(text: str) -> bool:
    number = to_number(text)
    return number is not None


def _small_int(digits: str, cap: int) -> int:
    whole = digits.split(".")[0]
    if not whole:
        return 0
    return cap if len(whole) > len(str(cap)) else min(int(whole), cap)


def _edits(fuzzy: str, term: str) -> int:
    """Lucene's reading of ``~N``: edits if N >= 1, a similarity if below (``~0.8``), 2 if bare."""
    if not fuzzy:
        return MAX_EDITS
    value = float(fuzzy)
    if value >= 1:
        return int(min(value, MAX_EDITS))
    if value == 0:
        return 0
    return min(int((1 - value) * len(term)), MAX_EDITS)


def lower_query(
    tree: Group, text: str, schema: Schema, default_operator: str = "OR", limits: Limits = DEFAULT_LIMITS
) -> Node:
    """The IR of a parsed query; ``text`` is the query, for error positions."""
    return _Lowering(text, schema, default_operator == "AND", limits).node(tree, None)
