"""IR -> a sqlglot condition over one row of a clips table, with the rules of :mod:`filterengine.runtime`.

The rules are the reference evaluator's (:mod:`filterengine.backends.reference`),
read against the table layout (:mod:`.layout`): a typed column holds values the
loader already normalised by the field's kind, companions hold the folded and
analysed forms, and every other key is JSON in ``_extra``, tested with the
dynamic rules (a value's own JSON type decides). Every user value becomes a
bound parameter; a condition is never NULL, so ``NOT`` is the exact complement
(a missing field makes positive tests false and their negations true).

What a dialect cannot say exactly raises :class:`~filterengine.errors.UnsupportedError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, assert_never

from sqlglot import exp

from ...errors import UnsupportedError
from ...ir import (
    And,
    Boost,
    Bound,
    ContainsAll,
    DateMath,
    Equals,
    Field,
    Fuzzy,
    IsEmpty,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Scalar,
    Substring,
    Wildcard,
)
from ...runtime.dates import evaluate
from ...runtime.text import pattern_tokens
from ...runtime.values import fold, scalar_text, to_bool, to_number
from .dialects import Dialect, JsonElement, JsonRef, iso_instant
from .layout import DATE_WIDTH, EXTRA, EXTRA_DATES, Column, Layout

__all__ = ["Params", "Translator"]

_FALSE = exp.false
_TRUE = exp.true


class Params:
    """The bound values of one statement, named ``p1``, ``p2``, ... in order of creation."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self.values: dict[str, Any] = {}

    def __call__(self, value: Any) -> exp.Expr:
        name = f"p{len(self.values) + 1}"
        self.values[name] = self.dialect.bind(value)
        return exp.Placeholder(this=name)


@dataclass(frozen=True, slots=True)
class _Typed:
    column: Column
    value: exp.Expr
    fold: exp.Expr | None
    terms: exp.Expr | None


@dataclass(frozen=True, slots=True)
class _Json:
    refs: tuple[JsonRef, ...]
    #: Where each value's instants are (its ``__dates`` twin), None where nothing keeps them.
    dates: tuple[JsonRef | None, ...]


class _Nothing:
    """A field no record can hold (a path into a typed column): every value missing."""


_Access = _Typed | _Json | _Nothing


@dataclass(frozen=True, slots=True)
class _Wanted:
    """The equality rule's keys of some filter values, by record value type."""

    strings: tuple[str, ...]
    numbers: tuple[int | float, ...]
    booleans: tuple[bool, ...]

    @classmethod
    def of(cls, values: Sequence[Scalar], ci: bool) -> _Wanted:
        strings: dict[str, None] = {}
        numbers: dict[int | float, None] = {}
        booleans: dict[bool, None] = {}
        for value in values:
            text = scalar_text(value)
            if text is not None:
                strings[fold(text) if ci else text] = None
            number = to_number(value)
            if number is not None:
                numbers[number] = None
            flag = to_bool(value)
            if flag is not None:
                booleans[flag] = None
        return cls(tuple(strings), tuple(numbers), tuple(booleans))


class Translator:
    """Translates IR nodes for one statement: a dialect, a layout, the table, the clock and the parameters."""

    def __init__(self, dialect: Dialect, layout: Layout, table: str, now: datetime, params: Params):
        self.d = dialect
        self.layout = layout
        self.table = table
        self.now = now
        self.param = params

    # --- structure ------------------------------------------------------------------------------

    def node(self, node: Node) -> exp.Expr:
        """The condition for ``node``: TRUE or FALSE for every row, never NULL."""
        match node:
            case MatchAll():
                return _TRUE()
            case And(children):
                return exp.and_(*(self.node(c) for c in children)) if children else _TRUE()
            case Or(children):
                return exp.or_(*(self.node(c) for c in children)) if children else _FALSE()
            case Not(child):
                return exp.not_(self.node(child))
            case Boost(child):
                return self.node(child)
            case IsEmpty(field):
                return self.is_empty(field)
            case Equals(field, values):
                return self.equals(field, values)
            case ContainsAll(field, values):
                return exp.and_(*(self.equals(field, (v,)) for v in values)) if values else _TRUE()
            case Substring(field, needles):
                return self.substring(field, needles)
            case Range(field, kind, lower, upper):
                return self.range(field, kind, lower, upper)
            case Phrase(field, words, slop):
                return self.phrase(field, words, slop)
            case Wildcard(field, pattern, tokenized, folded):
                return self.wildcard(field, pattern_tokens(pattern), tokenized, folded, "wildcard")
            case Fuzzy(field, term, distance, tokenized, folded):
                if distance > 0:
                    raise self.d.unsupported("fuzzy term", "no engine function computes the same edit distance")
                return self.wildcard(field, [(False, ch) for ch in term], tokenized, folded, "fuzzy term")
            case _:
                assert_never(node)

    # --- where a field's values are -------------------------------------------------------------

    def col(self, name: str) -> exp.Expr:
        return exp.column(name, table=self.table, quoted=True)

    def access(self, field: Field) -> _Access:
        canonical = field.keys[-1]
        column = self.layout.column(canonical)
        if column is not None:
            if column.kind == "dynamic":
                twin = self.layout.dates(canonical)
                return _Json((JsonRef(self.col(column.name)),), (None if twin is None else JsonRef(self.col(twin.name)),))
            fold_col, terms_col = self.layout.fold(canonical), self.layout.terms(canonical)
            return _Typed(column, self.col(column.name), None if fold_col is None else self.col(fold_col.name),
                          None if terms_col is None else self.col(terms_col.name))
        extra = self.col(EXTRA)
        refs = [JsonRef(extra, (key,), top=True) for key in field.keys]
        dates: list[JsonRef | None] = [JsonRef(self.col(EXTRA_DATES), (key,), top=True) for key in field.keys]
        if field.path is not None:  # nested values keep no instants
            head = self.layout.column(field.path[0])
            if head is None:
                refs.append(JsonRef(extra, field.path, top=True))
                dates.append(None)
            elif head.kind == "dynamic":
                refs.append(JsonRef(self.col(head.name), field.path[1:]))
                dates.append(None)
        return _Json(tuple(refs), tuple(dates)) if refs else _Nothing()

    def _json(self, refs: tuple[JsonRef, ...], test: Callable[[JsonRef], exp.Expr]) -> exp.Expr:
        """``test`` on the first present value of ``refs`` (a key holding null counts as absent)."""
        return self._first(refs, range(len(refs)), lambda i: test(refs[i]))

    def _first(self, refs: Sequence[JsonRef], items: Sequence[Any], test: Callable[[Any], exp.Expr]) -> exp.Expr:
        if len(refs) == 1:
            return test(items[0])
        case = exp.Case()
        for ref, item in zip(refs[:-1], items[:-1]):
            case = case.when(self.d.json_present(ref, self.param), test(item))
        return case.else_(test(items[-1]))

    def _each(self, typed: _Typed, target: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        """``test`` on the value (or some element of a list column), never NULL."""
        if typed.column.multivalued:
            return self.d.any_element(target, test)
        return exp.func("COALESCE", test(target), _FALSE())

    def _in(self, value: exp.Expr, members: Sequence[Any]) -> exp.Expr:
        if len(members) == 1:
            return exp.EQ(this=value, expression=self.param(members[0]))
        return exp.In(this=value, expressions=[self.param(m) for m in members])

    def _any(self, parts: Sequence[exp.Expr]) -> exp.Expr:
        return exp.or_(*parts) if parts else _FALSE()

    # --- leaves ---------------------------------------------------------------------------------

    def is_empty(self, field: Field) -> exp.Expr:
        found = self.access(field)
        if isinstance(found, _Nothing):
            return _TRUE()
        if isinstance(found, _Json):
            return self._json(found.refs, lambda ref: self.d.json_empty(ref, self.param))
        value = found.value
        missing = exp.Is(this=value, expression=exp.Null())
        if found.column.multivalued:
            return exp.or_(missing, self.d.list_is_empty(value))
        if found.column.kind in ("text", "keyword"):
            return exp.or_(missing, exp.EQ(this=value, expression=exp.Literal.string("")))
        return missing

    def equals(self, field: Field, values: Sequence[Scalar]) -> exp.Expr:
        ci = field.case_insensitive
        wanted = _Wanted.of(values, ci)
        found = self.access(field)
        if isinstance(found, _Nothing):
            return _FALSE()
        if isinstance(found, _Json):
            def test(e: JsonElement) -> exp.Expr:
                parts = []
                if wanted.strings:
                    text = self.d.lower(e.string) if ci else e.string
                    parts.append(exp.and_(e.is_string, self._in(text, wanted.strings)))
                if wanted.numbers:
                    parts.append(exp.and_(e.is_number, self._in(e.number, wanted.numbers)))
                if wanted.booleans:
                    parts.append(exp.and_(e.is_bool, self._in(e.boolean, wanted.booleans)))
                return self._any(parts)

            return self._json(found.refs, lambda ref: self.d.json_any(ref, self.param, test))
        kind = found.column.kind
        if kind in ("text", "keyword"):
            if not wanted.strings:
                return _FALSE()
            target = self._folded(found, ci)
            if found.column.multivalued:
                return self.d.has_member(target, [self.param(w) for w in wanted.strings])
            return self._each(found, target, lambda v: self._in(v, wanted.strings))
        if kind == "number":
            return self._each(found, found.value, lambda v: self._in(v, wanted.numbers)) if wanted.numbers else _FALSE()
        if kind == "boolean":
            return self._each(found, found.value, lambda v: self._in(v, wanted.booleans)) if wanted.booleans else _FALSE()
        raise self.d.unsupported("equality test on a date column", "dates compare as instants (isBefore, isAfter, ranges)")

    def _folded(self, found: _Typed, ci: bool) -> exp.Expr:
        if not ci:
            return found.value
        if found.fold is not None:
            return found.fold
        return self.d.lower(found.value)

    def substring(self, field: Field, needles: Sequence[Scalar]) -> exp.Expr:
        ci = field.case_insensitive
        wanted = [fold(t) if ci else t for t in map(scalar_text, needles) if t is not None]
        if not wanted:
            return _FALSE()
        found = self.access(field)

        def has(text: exp.Expr) -> exp.Expr:
            return self._any([self.d.contains(text, self.param(n)) for n in wanted])

        if isinstance(found, _Nothing):
            return _FALSE()
        if isinstance(found, _Json):
            def test(e: JsonElement) -> exp.Expr:
                text = self.d.lower(e.string) if ci else e.string
                return exp.or_(exp.and_(e.is_string, has(text)),
                               exp.and_(e.is_bool, has(self.d.bool_text(e.boolean))),
                               exp.and_(e.is_number, has(self.d.number_text(e.number))))

            return self._json(found.refs, lambda ref: self.d.json_any(ref, self.param, test))
        kind = found.column.kind
        if kind in ("text", "keyword"):
            return self._each(found, self._folded(found, ci), has)
        if kind == "number":
            return self._each(found, found.value, lambda v: has(self.d.number_text(v)))
        if kind == "boolean":
            return self._each(found, found.value, lambda v: has(self.d.bool_text(v)))
        raise self.d.unsupported("substring test on a date column", "the column keeps the instant, not the text it was read from")

    def range(self, field: Field, kind: str, lower: Bound | None, upper: Bound | None) -> exp.Expr:
        low, high = self._bound(lower), self._bound(upper)

        def between(x: exp.Expr) -> exp.Expr:
            parts: list[exp.Expr] = [exp.Not(this=exp.Is(this=x, expression=exp.Null()))]
            if low is not None:
                assert lower is not None
                parts.append((exp.GTE if lower.inclusive else exp.GT)(this=x, expression=low))
            if high is not None:
                assert upper is not None
                parts.append((exp.LTE if upper.inclusive else exp.LT)(this=x, expression=high))
            return exp.and_(*parts)

        found = self.access(field)
        if isinstance(found, _Nothing):
            return _FALSE()
        if isinstance(found, _Json):
            if kind == "date":
                return self._json_dates(found, lower, upper)

            def test(e: JsonElement) -> exp.Expr:
                if kind == "number":
                    return exp.or_(exp.and_(e.is_number, between(e.number)),
                                   exp.and_(e.is_string, between(self.d.parse_number(e.string))))
                return exp.and_(e.is_string, between(self.d.string_compare(e.string)))

            return self._json(found.refs, lambda ref: self.d.json_any(ref, self.param, test))
        column_kind = found.column.kind
        if kind == "number":
            if column_kind == "number":
                return self._each(found, found.value, between)
            if column_kind in ("text", "keyword"):
                return self._each(found, found.value, lambda v: between(self.d.parse_number(v)))
            if column_kind in ("boolean", "date"):
                return _FALSE()  # neither reads as a number
        elif kind == "date":
            if column_kind == "date":
                return self._each(found, found.value, between)
            if column_kind == "boolean":
                return _FALSE()
            raise self.d.unsupported(f"date range on a {column_kind} column", "dates are read from text only into a date column")
        elif kind == "string":
            if column_kind in ("text", "keyword"):
                return self._each(found, found.value, lambda v: between(self.d.string_compare(v)))
            return _FALSE()  # only strings lie in a string range
        raise self.d.unsupported(f"{kind} range on a {column_kind} column")

    def _json_dates(self, found: _Json, lower: Bound | None, upper: Bound | None) -> exp.Expr:
        """A date range on JSON values: their instants, kept as ISO text by the loader, compared as text."""
        if any(d is None for d in found.dates):
            raise self.d.unsupported("date range on a nested field", "the loader keeps instants of top-level values only")
        texts = [None if b is None else self.d.string_compare(self.param(iso_instant(self._instant(b), DATE_WIDTH))) for b in (lower, upper)]

        def between(x: exp.Expr) -> exp.Expr:
            parts: list[exp.Expr] = []
            if lower is not None and texts[0] is not None:
                parts.append((exp.GTE if lower.inclusive else exp.GT)(this=x, expression=texts[0]))
            if upper is not None and texts[1] is not None:
                parts.append((exp.LTE if upper.inclusive else exp.LT)(this=x, expression=texts[1]))
            return exp.and_(*parts) if parts else _TRUE()

        def test(e: JsonElement) -> exp.Expr:
            return exp.and_(e.is_string, between(self.d.string_compare(e.string)))

        dates = [d for d in found.dates if d is not None]
        return self._first(found.refs, dates, lambda ref: self.d.json_any(ref, self.param, test))

    def _instant(self, bound: Bound) -> datetime:
        value = bound.value
        if not isinstance(value, DateMath):
            raise self.d.unsupported("date range with a bound that is not a date")
        return evaluate(value, self.now)

    def _bound(self, bound: Bound | None) -> exp.Expr | None:
        if bound is None:
            return None
        value = bound.value
        if isinstance(value, DateMath):
            return self.param(evaluate(value, self.now))
        if isinstance(value, str):
            return self.d.string_compare(self.param(value))
        return self.param(value)

    def phrase(self, field: Field, words: tuple[str, ...], slop: int) -> exp.Expr:
        if not words:
            return _FALSE()
        found = self.access(field)
        if not isinstance(found, _Typed) or found.column.kind != "text" or found.terms is None:
            raise self.d.unsupported("phrase on a field that is not a text column")
        if len(words) == 1:
            return self.d.any_element(found.terms, lambda v: exp.EQ(this=v, expression=self.param(words[0])))
        if slop > 0:
            raise self.d.unsupported("proximity phrase", "no engine function finds words within a distance")
        needle = self.param(self.d.phrase_needle(words))
        return exp.func("COALESCE", self.d.contains(self.d.joined_words(found.terms), needle), _FALSE())

    def wildcard(self, field: Field, tokens: list[tuple[bool, str]], tokenized: bool, folded: bool,
                 construct: str) -> exp.Expr:
        found = self.access(field)

        def match(text: exp.Expr) -> exp.Expr:
            if not any(wild for wild, _ in tokens):
                return exp.EQ(this=text, expression=self.param("".join(ch for _, ch in tokens)))
            return self.d.glob(text, tokens, self.param)

        if isinstance(found, _Nothing):
            return _FALSE()
        if isinstance(found, _Json):
            if tokenized:
                raise self.d.unsupported(f"{construct} on the words of a field outside the table layout")

            def test(e: JsonElement) -> exp.Expr:
                text = self.d.nfc(e.string)
                text = self.d.lower(text) if folded else text
                return exp.or_(exp.and_(e.is_string, match(text)),
                               exp.and_(e.is_bool, match(self.d.bool_text(e.boolean))),
                               exp.and_(e.is_number, match(self.d.number_text(e.number))))

            return self._json(found.refs, lambda ref: self.d.json_any(ref, self.param, test))
        column = found.column
        if column.kind in ("text", "keyword"):
            if found.terms is None or tokenized != (column.kind == "text") or folded != column.case_insensitive:
                raise self.d.unsupported(f"{construct} in a text mode the terms column does not keep")
            return self.d.any_element(found.terms, match)
        if tokenized:
            raise self.d.unsupported(f"{construct} on the words of a {column.kind} column")
        if column.kind == "number":
            return self._each(found, found.value, lambda v: match(self.d.number_text(v)))
        if column.kind == "boolean":
            return self._each(found, found.value, lambda v: match(self.d.bool_text(v)))
        raise UnsupportedError(f"{construct} on a date column", self.d.name,
                               "the column keeps the instant, not the text it was read from")
