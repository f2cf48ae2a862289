"""IR -> a Boolean ``polars.Expr`` over one row of a frame in the table layout, with the rules of :mod:`filterengine.runtime`.

The rules are the reference evaluator's, read against the layout
(:mod:`filterengine.layout`): a typed column holds values the loader already
normalised by the field's kind, companions hold the folded (``__fold``) and
analysed (``__terms``) forms. Every leaf has its nulls filled with ``False``, so
an expression is never null and ``~`` is the exact complement (a missing field
makes positive tests false and their negations true). User values are Polars
literals, never parsed as expressions.

Values of no kind (``_extra``'s keys, dynamic fields) are lists of typed entries
(:mod:`.entries`): a value's own JSON type decides, as in the runtime; of several
keys (an alias, then the canonical name, then a dotted path) the first present one
is read.

What Polars cannot say exactly raises :class:`~filterengine.errors.UnsupportedError`:
fuzzy terms and proximity phrases, and the text of a number column (substrings,
wildcards, and number ranges over a text column need the runtime's number forms).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, assert_never

import polars as pl

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
from ...layout.columns import DATE_WIDTH, EXTRA, Column, Layout
from ...layout.rows import iso_instant
from ...runtime.dates import UTC, evaluate
from ...runtime.text import pattern_tokens
from ...runtime.values import NUMERIC_RE, fold, scalar_text, to_bool, to_number
from .entries import path_key

__all__ = ["Translator", "NAME"]

NAME = "polars"


def _false() -> pl.Expr:
    return pl.lit(False)


def _true() -> pl.Expr:
    return pl.lit(True)


def _unsupported(construct: str, why: str | None = None) -> UnsupportedError:
    return UnsupportedError(construct, NAME, why)


def _regex(tokens: list[tuple[bool, str]]) -> str:
    """A whole-string regex for wildcard tokens (``(is_wildcard, char)``); ``?`` is one character, newlines too."""
    out = ["(?s)^"]
    for wild, ch in tokens:
        out.append((".*" if ch == "*" else ".") if wild else re.escape(ch))
    out.append("$")
    return "".join(out)


class Translator:
    """Translates IR nodes against a layout, with relative dates read from ``now``."""

    def __init__(self, layout: Layout, now: datetime):
        self.layout = layout
        self.now = now

    # --- structure ------------------------------------------------------------------------------

    def node(self, node: Node) -> pl.Expr:
        """The Boolean expression for ``node``: true or false for every row, never null."""
        match node:
            case MatchAll():
                return _true()
            case And(children):
                return pl.all_horizontal([self.node(c) for c in children]) if children else _true()
            case Or(children):
                return pl.any_horizontal([self.node(c) for c in children]) if children else _false()
            case Not(child):
                return ~self.node(child)
            case Boost(child):
                return self.node(child)
            case IsEmpty(field):
                return self.is_empty(field)
            case Equals(field, values):
                return self.equals(field, values)
            case ContainsAll(field, values):
                return pl.all_horizontal([self.equals(field, (v,)) for v in values]) if values else _true()
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
                    raise _unsupported("fuzzy term", "no Polars expression computes the same edit distance")
                return self.wildcard(field, [(False, ch) for ch in term], tokenized, folded, "fuzzy term")
            case _:
                assert_never(node)

    # --- where a field's values are -------------------------------------------------------------

    def column(self, field: Field, construct: str) -> Column:
        """The typed column of ``field``; the JSON columns raise."""
        column = self.layout.column(field.keys[-1])
        if column is None or column.kind == "dynamic":
            raise _unsupported(f"{construct} on a field outside the typed columns",
                               "JSON values compare by their own type, which the frame's JSON text does not keep")
        return column

    def _each(self, column: Column, target: pl.Expr, test: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        """``test`` on the value (or some element of a list column), never null."""
        if column.multivalued:
            return target.list.eval(test(pl.element()).fill_null(False)).list.any().fill_null(False)
        return test(target).fill_null(False)

    def _folded(self, column: Column, ci: bool) -> pl.Expr:
        if not ci:
            return pl.col(column.name)
        twin = self.layout.fold(column.field)
        if twin is None:
            raise _unsupported("case-insensitive test on a field without a __fold column",
                               "Polars' lower-casing is not runtime.values.fold")
        return pl.col(twin.name)

    def sources(self, field: Field) -> list[tuple[str, str, bool]] | None:
        """Where a field of no kind is: ``(column, path key, keeps instants)`` in the order tried; None for a typed column."""
        column = self.layout.column(field.keys[-1])
        if column is not None:
            return [(column.name, path_key(()), True)] if column.kind == "dynamic" else None
        found = [(EXTRA, path_key((key,)), True) for key in field.keys]
        if field.path is not None:  # nested values keep no instants
            head = self.layout.column(field.path[0])
            if head is None:
                found.append((EXTRA, path_key(field.path), False))
            elif head.kind == "dynamic":
                found.append((head.name, path_key(field.path[1:]), False))
        return found

    def _json(self, sources: list[tuple[str, str, bool]], test: Callable[[pl.Expr], pl.Expr],
              when_absent: bool = False) -> pl.Expr:
        """Some entry of the first present source passes ``test`` (an expression over one entry struct)."""
        if not sources:
            return pl.lit(when_absent)

        def at(source: tuple[str, str, bool], check: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
            column, key, _ = source
            e = pl.element()
            return pl.col(column).list.eval(((e.struct.field("k") == key) & check(e)).fill_null(False)).list.any().fill_null(False)

        def present(source: tuple[str, str, bool]) -> pl.Expr:
            return at(source, lambda e: pl.lit(True))

        last = sources[-1]
        expr = at(last, test)
        if when_absent:
            expr = expr | ~present(last)
        for source in reversed(sources[:-1]):
            expr = pl.when(present(source)).then(at(source, test)).otherwise(expr)
        return expr

    # --- leaves ---------------------------------------------------------------------------------

    def is_empty(self, field: Field) -> pl.Expr:
        json = self.sources(field)
        if json is not None:
            return self._json(json, lambda e: (e.struct.field("t") == "e") | (
                (e.struct.field("t") == "s") & (e.struct.field("s") == "") & ~e.struct.field("l")), when_absent=True)
        column = self.column(field, "emptiness test")
        value = pl.col(column.name)
        if column.multivalued:
            return (value.is_null() | (value.list.len() == 0)).fill_null(True)
        if column.kind in ("text", "keyword"):
            return (value.is_null() | (value == "")).fill_null(True)
        return value.is_null()

    def equals(self, field: Field, values: Sequence[Scalar]) -> pl.Expr:
        ci = field.case_insensitive
        json = self.sources(field)
        if json is not None:
            strings = list(dict.fromkeys(fold(t) if ci else t for t in map(scalar_text, values) if t is not None))
            numbers = [float(n) for n in dict.fromkeys(to_number(v) for v in values) if n is not None]
            flags = list(dict.fromkeys(b for b in map(to_bool, values) if b is not None))

            def test(e: pl.Expr) -> pl.Expr:
                t = e.struct.field("t")
                parts = [pl.lit(False)]
                if strings:
                    parts.append((t == "s") & e.struct.field("f" if ci else "s").is_in(strings))
                if numbers:
                    parts.append((t == "n") & e.struct.field("n").is_in(numbers))
                if flags:
                    parts.append((t == "b") & e.struct.field("b").is_in(flags))
                return pl.any_horizontal(parts)

            return self._json(json, test)
        column = self.column(field, "equality test")
        kind = column.kind
        if kind in ("text", "keyword"):
            strings = list(dict.fromkeys(fold(t) if ci else t for t in map(scalar_text, values) if t is not None))
            if not strings:
                return _false()
            target = self._folded(column, ci)
            if column.multivalued:
                return target.list.eval(pl.element().is_in(strings).fill_null(False)).list.any().fill_null(False)
            return _is_in(target, strings).fill_null(False)
        if kind == "number":
            numbers = [float(n) for n in dict.fromkeys(to_number(v) for v in values) if n is not None]
            return self._each(column, pl.col(column.name), lambda v: _is_in(v, numbers)) if numbers else _false()
        if kind == "boolean":
            flags = list(dict.fromkeys(b for b in map(to_bool, values) if b is not None))
            return self._each(column, pl.col(column.name), lambda v: _is_in(v, flags)) if flags else _false()
        raise _unsupported("equality test on a date column", "dates compare as instants (isBefore, isAfter, ranges)")

    def substring(self, field: Field, needles: Sequence[Scalar]) -> pl.Expr:
        ci = field.case_insensitive
        wanted = list(dict.fromkeys(fold(t) if ci else t for t in map(scalar_text, needles) if t is not None))
        if not wanted:
            return _false()

        def has(text: pl.Expr) -> pl.Expr:
            return pl.any_horizontal([text.str.contains(n, literal=True) for n in wanted])

        json = self.sources(field)
        if json is not None:
            return self._json(json, lambda e: has(e.struct.field("fx" if ci else "x")))
        column = self.column(field, "substring test")

        if column.kind in ("text", "keyword"):
            return self._each(column, self._folded(column, ci), has)
        if column.kind == "boolean":
            return self._each(column, pl.col(column.name), lambda v: has(_bool_text(v)))
        raise _unsupported(f"substring test on a {column.kind} column",
                           "the column keeps the value, not the text runtime.values.scalar_text gives it")

    def range(self, field: Field, kind: str, lower: Bound | None, upper: Bound | None) -> pl.Expr:
        json = self.sources(field)
        if json is not None:
            return self._json_range(json, kind, lower, upper)
        column = self.column(field, f"{kind} range")
        column_kind = column.kind
        if kind == "number":
            if column_kind == "number":
                return self._each(column, pl.col(column.name), lambda v: self._between(v, lower, upper))
            if column_kind in ("boolean", "date"):
                return _false()  # neither reads as a number
            if column_kind in ("text", "keyword"):
                return self._each(column, pl.col(column.name), lambda v: self._between(_parse_number(v), lower, upper))
            raise _unsupported(f"number range on a {column_kind} column")
        if kind == "date":
            if column_kind == "date":
                return self._each(column, pl.col(column.name), lambda v: self._between(v, lower, upper))
            if column_kind == "boolean":
                return _false()
            raise _unsupported(f"date range on a {column_kind} column", "dates are read from text only into a date column")
        if kind == "string":
            if column_kind in ("text", "keyword"):
                return self._each(column, pl.col(column.name), lambda v: self._between(v, lower, upper))
            return _false()  # only strings lie in a string range
        raise _unsupported(f"{kind} range on a {column_kind} column")

    def _between(self, x: pl.Expr, lower: Bound | None, upper: Bound | None) -> pl.Expr:
        parts = [x.is_not_null()]
        if lower is not None:
            low = self._literal(lower)
            parts.append(x >= low if lower.inclusive else x > low)
        if upper is not None:
            high = self._literal(upper)
            parts.append(x <= high if upper.inclusive else x < high)
        return pl.all_horizontal(parts)

    def _json_range(self, sources: list[tuple[str, str, bool]], kind: str, lower: Bound | None,
                    upper: Bound | None) -> pl.Expr:
        if kind == "number":
            return self._json(sources, lambda e: e.struct.field("t").is_in(["n", "s"]) & self._between(e.struct.field("n"), lower, upper))
        if kind == "string":
            return self._json(sources, lambda e: (e.struct.field("t") == "s") & self._between(e.struct.field("s"), lower, upper))
        if kind != "date":
            raise _unsupported(f"{kind} range on a field of no kind")
        if not all(keeps for _, _, keeps in sources):
            raise _unsupported("date range on a nested field", "the loader keeps instants of top-level values only")
        texts = [None if b is None else pl.lit(iso_instant(self._instant(b), DATE_WIDTH), dtype=pl.String)
                 for b in (lower, upper)]

        def test(e: pl.Expr) -> pl.Expr:
            d = e.struct.field("d")
            parts = [d.is_not_null()]
            if lower is not None and texts[0] is not None:
                parts.append(d >= texts[0] if lower.inclusive else d > texts[0])
            if upper is not None and texts[1] is not None:
                parts.append(d <= texts[1] if upper.inclusive else d < texts[1])
            return pl.all_horizontal(parts)

        return self._json(sources, test)

    def _instant(self, bound: Bound) -> datetime:
        value = bound.value
        if not isinstance(value, DateMath):
            raise _unsupported("date range with a bound that is not a date")
        return evaluate(value, self.now)

    def _literal(self, bound: Bound) -> pl.Expr:
        value = bound.value
        if isinstance(value, DateMath):
            return pl.lit(evaluate(value, self.now).astimezone(UTC), dtype=pl.Datetime("us", "UTC"))
        if isinstance(value, str):
            return pl.lit(value, dtype=pl.String)
        if isinstance(value, bool):
            return pl.lit(value)
        return pl.lit(float(value), dtype=pl.Float64)

    def phrase(self, field: Field, words: tuple[str, ...], slop: int) -> pl.Expr:
        if not words:
            return _false()
        column = self.layout.column(field.keys[-1])
        terms = None if column is None else self.layout.terms(column.field)
        if column is None or column.kind != "text" or terms is None:
            raise _unsupported("phrase on a field that is not a text column")
        words_col = pl.col(terms.name)
        if len(words) == 1:
            return words_col.list.contains(words[0]).fill_null(False)
        if slop > 0:
            raise _unsupported("proximity phrase", "no Polars expression finds words within a distance")
        # Words never hold a space: the phrase is a run of whole words in the list joined by spaces.
        joined = pl.lit(" ") + words_col.list.join(" ") + pl.lit(" ")
        return joined.str.contains(" " + " ".join(words) + " ", literal=True).fill_null(False)

    def wildcard(self, field: Field, tokens: list[tuple[bool, str]], tokenized: bool, folded: bool,
                 construct: str) -> pl.Expr:
        def match(text: pl.Expr) -> pl.Expr:
            if not any(wild for wild, _ in tokens):
                return text == "".join(ch for _, ch in tokens)
            return text.str.contains(_regex(tokens))

        json = self.sources(field)
        if json is not None:
            if tokenized:
                raise _unsupported(f"{construct} on the words of a field outside the table layout")
            return self._json(json, lambda e: match(e.struct.field("fx" if folded else "nx")))
        column = self.column(field, construct)

        if column.kind in ("text", "keyword"):
            terms = self.layout.terms(column.field)
            if terms is None or tokenized != (column.kind == "text") or folded != column.case_insensitive:
                raise _unsupported(f"{construct} in a text mode the terms column does not keep")
            return pl.col(terms.name).list.eval(match(pl.element()).fill_null(False)).list.any().fill_null(False)
        if tokenized:
            raise _unsupported(f"{construct} on the words of a {column.kind} column")
        if column.kind == "boolean":
            return self._each(column, pl.col(column.name), lambda v: match(_bool_text(v)))
        raise _unsupported(f"{construct} on a {column.kind} column",
                           "the column keeps the value, not the text runtime.values.scalar_text gives it")


_WHITE_SPACE = " \t\n\r\f\v"


def _parse_number(text: pl.Expr) -> pl.Expr:
    """A string read as a number by the numeric-string rule (runtime.values.to_number, in its ASCII form, as
    the SQL dialects read it: ``NUMERIC_RE``), or null; finite only."""
    number = text.str.strip_chars(_WHITE_SPACE).cast(pl.Float64, strict=False)
    return pl.when(text.str.contains(f"^(?:{NUMERIC_RE})$") & number.is_finite()).then(number)


def _bool_text(value: pl.Expr) -> pl.Expr:
    """A Boolean's string form as runtime.values.scalar_text writes it."""
    return pl.when(value).then(pl.lit("true")).when(~value).then(pl.lit("false")).otherwise(pl.lit(None, dtype=pl.String))


def _is_in(target: pl.Expr, values: list[Any]) -> pl.Expr:
    """``target`` is one of ``values`` (null when it is null): ``==`` for one value, which Polars runs
    about twice as fast as ``is_in`` of a one-element list."""
    return target == pl.lit(values[0]) if len(values) == 1 else target.is_in(values)
