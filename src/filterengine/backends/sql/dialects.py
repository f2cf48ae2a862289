"""What each engine calls things: column types, JSON access, lists, text functions, parameters.

A :class:`Dialect` holds one engine's building blocks as small SQL templates in
that engine's own syntax, parsed once by sqlglot and filled with sub-expressions
(:meth:`Dialect.fill`); everything else (quoting, operators, ``LIMIT``,
parameter markers) is sqlglot's printing of the tree. The translator
(:mod:`.translate`) asks a dialect for pieces and never writes engine SQL itself.

A dialect that cannot do something exactly says so by raising
:class:`~filterengine.errors.UnsupportedError` from the method asked.

>>> DIALECTS["postgres"].fill("jsonb_typeof(:v) = 'string'", v=exp.column("x")).sql("postgres")
"JSONB_TYPEOF(x) = 'string'"
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp

from ...errors import UnsupportedError
from ...layout.rows import iso_instant
from ...runtime.dates import UTC, parse_iso  # noqa: F401  (doctest)
from ...runtime.values import NUMERIC_CORE_RE, NUMERIC_RE

__all__ = ["Dialect", "DIALECTS", "JsonRef", "JsonElement", "dialect_named", "fill", "iso_instant"]

#: The largest finite double: numeric strings beyond it read as nothing, as float() gives inf.
MAX_DOUBLE = "1.7976931348623157e308"
#: Half the smallest subnormal double: anything smaller reads as 0.
MIN_DOUBLE = "2.4703282292062328e-324"


@lru_cache(maxsize=2048)
def _parsed(template: str, dialect: str) -> exp.Expr:
    return sqlglot.parse_one(template, read=dialect)


def fill(template: str, dialect: str, **parts: exp.Expr) -> exp.Expr:
    """``template`` (SQL of ``dialect`` with ``:name`` slots) with each slot replaced by a copy of ``parts[name]``."""

    def put(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder) and node.name in parts:
            part = parts[node.name].copy()
            # The tree keeps no precedence of its own: an operator put into a slot gets parentheses.
            if isinstance(part, (exp.Binary, exp.Unary, exp.Predicate)) and not isinstance(part, exp.Dot):
                return exp.Paren(this=part)
            return part
        return node

    return _parsed(template, dialect).copy().transform(put, copy=False)


@dataclass(frozen=True, slots=True)
class JsonRef:
    """A JSON value: ``doc`` (a JSON column), then object keys ``keys`` in turn (none: the column itself)."""

    doc: exp.Expr
    keys: tuple[str, ...] = ()
    #: Whether ``doc`` is the ``_extra`` object (always an object: its first key needs no type check).
    top: bool = False


@dataclass(frozen=True, slots=True)
class JsonElement:
    """How to read one JSON element (a scalar, or a list's member): type tests and typed values."""

    is_string: exp.Expr
    string: exp.Expr
    is_number: exp.Expr
    number: exp.Expr
    is_bool: exp.Expr
    boolean: exp.Expr


Param = Callable[[Any], exp.Expr]


class Dialect:
    """One engine. Subclasses override the templates and methods that differ."""

    name = ""
    sqlglot = ""
    #: ``named`` (a dict, markers as sqlglot prints them), ``pyformat`` (a dict, ``%(name)s``) or ``qmark`` (a list).
    paramstyle = "named"
    #: Whether list fields are native arrays (else JSON text).
    arrays = True
    #: Whether the engine runs here, in the test suite (others are checked as golden SQL).
    executed = True

    types = {"text": "TEXT", "keyword": "TEXT", "number": "DOUBLE", "date": "TIMESTAMPTZ", "boolean": "BOOLEAN",
             "dynamic": "JSON", "row": "BIGINT"}
    list_type = "TEXT[]"

    def fill(self, template: str, **parts: exp.Expr) -> exp.Expr:
        return fill(template, self.sqlglot, **parts)

    def unsupported(self, construct: str, why: str | None = None) -> UnsupportedError:
        return UnsupportedError(construct, self.name, why)

    # --- columns and bound values ---------------------------------------------------------------

    def column_type(self, kind: str, multivalued: bool = False) -> exp.DataType:
        text = self.list_type if multivalued or kind == "terms" else self.types[kind]
        return exp.DataType.build(text, dialect=self.sqlglot)

    def bind(self, value: Any) -> Any:
        """A Python value (a filter value or a loaded one) as the driver binds it."""
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            return float(value)
        return value

    def bind_list(self, values: list[Any]) -> Any:
        return list(values)

    def bind_json(self, text: str) -> Any:
        return text

    def json_insert(self, slot: exp.Expr) -> exp.Expr:
        """How an INSERT turns a bound JSON text into the column's type."""
        return slot

    # --- typed lists ----------------------------------------------------------------------------

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        """Some element of a list column passes ``test`` (never NULL)."""
        element = exp.column("_v", table="_e")
        return self.fill("EXISTS (SELECT 1 FROM UNNEST(:a) AS _e(_v) WHERE :t)", a=array, t=test(element))

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("len(:a) = 0", a=array)

    def has_member(self, array: exp.Expr, members: list[exp.Expr]) -> exp.Expr:
        """Some element of a list column is one of ``members`` (never NULL)."""
        return self.any_element(array, lambda v: exp.In(this=v, expressions=[m.copy() for m in members]))

    def joined_words(self, array: exp.Expr) -> exp.Expr:
        """The words of a terms list joined by single spaces, with a space at each end."""
        return self.fill("' ' || array_to_string(:a, ' ') || ' '", a=array)

    def phrase_needle(self, words: tuple[str, ...]) -> str:
        return " " + " ".join(words) + " "

    def first_element(self, array: exp.Expr) -> exp.Expr:
        """A list column's first non-null element (what a list field sorts by)."""
        return self.fill("(SELECT _v FROM UNNEST(:a) WITH ORDINALITY AS _e(_v, _i) WHERE NOT _v IS NULL ORDER BY _i LIMIT 1)",
                         a=array)

    def strip_leading(self, text: exp.Expr, chars: exp.Expr) -> exp.Expr:
        """``text`` without the leading characters that are in ``chars``."""
        return self.fill("ltrim(:s, :c)", s=text, c=chars)

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        """``text`` is an integer string (``[+-]?digits``), never NULL."""
        return self.fill("COALESCE(regexp_full_match(:s, '[+-]?[0-9]+'), FALSE)", s=text)

    # --- JSON -----------------------------------------------------------------------------------

    def json_value(self, ref: JsonRef, param: Param) -> exp.Expr:
        raise self.unsupported("test on a field outside the table layout", "this dialect keeps no typed JSON here")

    def json_present(self, ref: JsonRef, param: Param) -> exp.Expr:
        raise self.unsupported("test on a field outside the table layout")

    def json_empty(self, ref: JsonRef, param: Param) -> exp.Expr:
        raise self.unsupported("test on a field outside the table layout")

    def json_any(self, ref: JsonRef, param: Param, test: Callable[[JsonElement], exp.Expr]) -> exp.Expr:
        raise self.unsupported("test on a field outside the table layout")

    # --- text -----------------------------------------------------------------------------------

    def contains(self, text: exp.Expr, needle: exp.Expr) -> exp.Expr:
        return exp.GT(this=exp.StrPosition(this=text, substr=needle), expression=exp.Literal.number(0))

    def lower(self, text: exp.Expr) -> exp.Expr:
        return exp.Lower(this=text)

    def nfc(self, text: exp.Expr) -> exp.Expr:
        raise self.unsupported("wildcard on a field outside the table layout", "no Unicode NFC function")

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        """``text`` matches a wildcard pattern whole (``(is_wildcard, char)`` tokens)."""
        return self.fill("regexp_full_match(:s, :r, 's')", s=text, r=param(_regex(pattern, "(?s:.)")))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        """A DOUBLE's string form as runtime.values.scalar_text writes it (integral: no ``.0``)."""
        return self.fill("CASE WHEN :x = trunc(:x) AND abs(:x) < 1e16 THEN CAST(CAST(:x AS BIGINT) AS TEXT) "
                         "ELSE CAST(:x AS TEXT) END", x=number)

    def bool_text(self, flag: exp.Expr) -> exp.Expr:
        return self.fill("CASE WHEN :b THEN 'true' ELSE 'false' END", b=flag)

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        """A string read as a number by the numeric-string rule, or NULL."""
        number = self.fill(f"TRY_CAST(regexp_extract(:s, '{NUMERIC_CORE_RE}') AS DOUBLE)", s=text)
        return self.fill(f"CASE WHEN regexp_full_match(:s, '{NUMERIC_RE}') AND isfinite(:n) THEN :n END", s=text, n=number)

    def finite(self, number: exp.Expr) -> exp.Expr:
        return self.fill("isfinite(:x)", x=number)

    def string_compare(self, text: exp.Expr) -> exp.Expr:
        """``text`` as compared by code point (string ranges)."""
        return text


def _regex(tokens: list[tuple[bool, str]], any_char: str) -> str:
    out = []
    for wild, ch in tokens:
        if wild:
            out.append(any_char + "*" if ch == "*" else any_char)
        elif ch.isascii() and not ch.isalnum():
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


class DuckDB(Dialect):
    name = sqlglot = "duckdb"

    types = {**Dialect.types, "text": "VARCHAR", "keyword": "VARCHAR"}
    list_type = "VARCHAR[]"

    def json_value(self, ref: JsonRef, param: Param) -> exp.Expr:
        value = ref.doc
        for i, key in enumerate(ref.keys):
            pointer = param("/" + key.replace("~", "~0").replace("/", "~1"))
            step = self.fill("json_extract(:v, :p)", v=value, p=pointer)
            value = step if i == 0 and ref.top else self.fill(
                "CASE WHEN json_type(:v) = 'OBJECT' THEN :s END", v=value, s=step)
        return value

    def json_present(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(json_type(:v) <> 'NULL', FALSE)", v=self.json_value(ref, param))

    def json_empty(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(json_type(:v) = 'NULL' OR (json_type(:v) = 'VARCHAR' AND json_extract_string(:v, '$') = '') "
                         "OR (json_type(:v) = 'ARRAY' AND json_array_length(:v) = 0), TRUE)", v=self.json_value(ref, param))

    def json_any(self, ref: JsonRef, param: Param, test: Callable[[JsonElement], exp.Expr]) -> exp.Expr:
        j = exp.column("_j", table="_e")
        element = JsonElement(
            is_string=self.fill("json_type(:j) = 'VARCHAR'", j=j),
            string=self.fill("json_extract_string(:j, '$')", j=j),
            is_number=self.fill("json_type(:j) IN ('BIGINT', 'UBIGINT', 'DOUBLE')", j=j),
            number=self.fill("CASE WHEN isfinite(CAST(:j AS DOUBLE)) THEN CAST(:j AS DOUBLE) END", j=j),
            is_bool=self.fill("json_type(:j) = 'BOOLEAN'", j=j),
            boolean=self.fill("CAST(:j AS BOOLEAN)", j=j),
        )
        return self.fill("EXISTS (SELECT 1 FROM UNNEST(CASE WHEN json_type(:v) = 'ARRAY' THEN json_extract(:v, '$[*]') "
                         "ELSE [:v] END) AS _e(_j) WHERE :t)", v=self.json_value(ref, param), t=test(element))

    def nfc(self, text: exp.Expr) -> exp.Expr:
        return self.fill("nfc_normalize(:s)", s=text)

    def has_member(self, array: exp.Expr, members: list[exp.Expr]) -> exp.Expr:
        return self.fill("COALESCE(list_has_any(:a, :m), FALSE)", a=array, m=exp.Array(expressions=members))

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        # A list function, not a correlated subquery over UNNEST (which DuckDB runs about 5x slower).
        # list_filter keeps the elements whose test is true: a NULL test drops the element, as WHERE does.
        return self.fill("COALESCE(len(list_filter(:a, lambda _v: :t)) > 0, FALSE)", a=array, t=test(exp.column("_v")))

    def bind_json(self, text: str) -> Any:
        return text


class Postgres(Dialect):
    name = sqlglot = "postgres"
    paramstyle = "pyformat"

    types = {**Dialect.types, "number": "DOUBLE PRECISION", "dynamic": "JSONB"}
    list_type = "TEXT[]"

    def json_insert(self, slot: exp.Expr) -> exp.Expr:
        return self.fill("CAST(:s AS JSONB)", s=slot)

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("cardinality(:a) = 0", a=array)

    def has_member(self, array: exp.Expr, members: list[exp.Expr]) -> exp.Expr:
        return self.fill("COALESCE(:a && CAST(:m AS TEXT[]), FALSE)", a=array, m=exp.Array(expressions=members))

    def json_value(self, ref: JsonRef, param: Param) -> exp.Expr:
        value = ref.doc
        for key in ref.keys:  # -> with a text key is NULL on anything but an object
            value = self.fill("(:v -> CAST(:k AS TEXT))", v=value, k=param(key))
        return value

    def json_present(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(jsonb_typeof(:v) <> 'null', FALSE)", v=self.json_value(ref, param))

    def json_empty(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(jsonb_typeof(:v) = 'null' OR :v = CAST('\"\"' AS JSONB) OR :v = CAST('[]' AS JSONB), TRUE)",
                         v=self.json_value(ref, param))

    def json_any(self, ref: JsonRef, param: Param, test: Callable[[JsonElement], exp.Expr]) -> exp.Expr:
        j = exp.column("_j", table="_e")
        number = self.fill("CAST(:j AS NUMERIC)", j=j)
        element = JsonElement(
            is_string=self.fill("jsonb_typeof(:j) = 'string'", j=j),
            string=self.fill("(:j #>> '{}')", j=j),
            is_number=self.fill("jsonb_typeof(:j) = 'number'", j=j),
            # numbers beyond a double read as nothing (as float() gives inf); the rest as doubles
            number=self.numeric_double(number),
            is_bool=self.fill("jsonb_typeof(:j) = 'boolean'", j=j),
            boolean=self.fill("CAST(:j AS BOOLEAN)", j=j),
        )
        return self.fill("EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(:v) = 'array' THEN :v "
                         "ELSE jsonb_build_array(:v) END) AS _e(_j) WHERE :t)", v=self.json_value(ref, param), t=test(element))

    def nfc(self, text: exp.Expr) -> exp.Expr:
        return self.fill("normalize(:s, NFC)", s=text)

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        return self.fill(":s ~ :r", s=text, r=param("^(?:" + _regex(pattern, ".") + ")$"))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        return self.fill("CASE WHEN :x = trunc(:x) AND abs(:x) < 1e16 THEN CAST(CAST(:x AS BIGINT) AS TEXT) "
                         "ELSE CAST(:x AS TEXT) END", x=number)

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        # Through NUMERIC (exact; exponents of four digits and more are refused before the cast,
        # which would fail), then to a double. CASE keeps the order of the tests.
        core = self.fill(f"substring(:s from '{NUMERIC_CORE_RE}')", s=text)
        exact = self.fill("CAST(:c AS NUMERIC)", c=core)
        return self.fill(f"CASE WHEN :s ~ '^{NUMERIC_RE}$' AND :c !~ '[eE][+-]?0*[0-9]{{4}}' THEN :d END",
                         s=text, c=core, d=self.numeric_double(exact))

    def numeric_double(self, number: exp.Expr) -> exp.Expr:
        """A NUMERIC as the double float() would give: NULL beyond the range, 0 below the smallest."""
        return self.fill(f"CASE WHEN abs(:n) > {MAX_DOUBLE} THEN NULL WHEN abs(:n) < {MIN_DOUBLE} THEN 0 "
                         "ELSE CAST(:n AS DOUBLE PRECISION) END", n=number)

    def finite(self, number: exp.Expr) -> exp.Expr:
        return self.fill("(:x NOT IN ('Infinity'::float8, '-Infinity'::float8, 'NaN'::float8))", x=number)

    def string_compare(self, text: exp.Expr) -> exp.Expr:
        return self.fill(':s COLLATE "C"', s=text)

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        return self.fill("COALESCE(:s ~ '^[+-]?[0-9]+$', FALSE)", s=text)


class SQLite(Dialect):
    name = sqlglot = "sqlite"
    arrays = False

    types = {"text": "TEXT", "keyword": "TEXT", "number": "REAL", "date": "TEXT", "boolean": "INTEGER",
             "dynamic": "TEXT", "row": "INTEGER"}
    list_type = "TEXT"

    def bind(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return iso_instant(value)
        if isinstance(value, bool):
            return int(value)
        return super().bind(value)

    def bind_list(self, values: list[Any]) -> Any:
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"))

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        return self.fill("EXISTS (SELECT 1 FROM json_each(:a) AS _e WHERE :t)", a=array,
                         t=test(exp.column("value", table="_e")))

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("json_array_length(:a) = 0", a=array)

    def first_element(self, array: exp.Expr) -> exp.Expr:
        return self.fill("(SELECT value FROM json_each(:a) WHERE type <> 'null' ORDER BY key LIMIT 1)", a=array)

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        rest = self.fill("CASE WHEN substr(:s, 1, 1) IN ('+', '-') THEN substr(:s, 2) ELSE :s END", s=text)
        return self.fill("COALESCE(:r <> '' AND NOT :r GLOB '*[^0-9]*', FALSE)", r=rest)

    def joined_words(self, array: exp.Expr) -> exp.Expr:
        return array  # the JSON text itself: words never hold a quote, a comma or a backslash

    def phrase_needle(self, words: tuple[str, ...]) -> str:
        return json.dumps(list(words), ensure_ascii=False, separators=(",", ":"))[1:-1]

    def _path(self, ref: JsonRef, param: Param) -> exp.Expr:
        if any('"' in key for key in ref.keys):
            raise self.unsupported("field name holding a double quote", "SQLite JSON paths cannot quote it")
        return param("$" + "".join(f'."{key}"' for key in ref.keys))

    def json_present(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(json_type(:d, :p) <> 'null', FALSE)", d=ref.doc, p=self._path(ref, param))

    def json_empty(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(json_type(:d, :p) = 'null' OR (json_type(:d, :p) = 'text' AND json_extract(:d, :p) = '') "
                         "OR (json_type(:d, :p) = 'array' AND json_array_length(:d, :p) = 0), TRUE)",
                         d=ref.doc, p=self._path(ref, param))

    def json_any(self, ref: JsonRef, param: Param, test: Callable[[JsonElement], exp.Expr]) -> exp.Expr:
        kind, value = exp.column("type", table="_e"), exp.column("value", table="_e")
        element = JsonElement(
            is_string=self.fill(":k = 'text'", k=kind),
            string=value,
            is_number=self.fill(":k IN ('integer', 'real')", k=kind),
            number=self.fill(f"CASE WHEN abs(CAST(:v AS REAL)) <= {MAX_DOUBLE} THEN CAST(:v AS REAL) END", v=value),
            is_bool=self.fill(":k IN ('true', 'false')", k=kind),
            boolean=self.fill(":k = 'true'", k=kind),
        )
        # json_each walks an array's members, or a scalar itself; an object's members are not values.
        return self.fill("EXISTS (SELECT 1 FROM json_each(:d, :p) AS _e WHERE json_type(:d, :p) <> 'object' AND :t)",
                         d=ref.doc, p=self._path(ref, param), t=test(element))

    def lower(self, text: exp.Expr) -> exp.Expr:
        raise self.unsupported("case-insensitive test on a field outside the table layout", "SQLite's lower() folds ASCII only")

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        out = []
        for wild, ch in pattern:
            out.append(ch if wild else ("[" + ch + "]" if ch in "*?[" else ch))
        return self.fill(":s GLOB :g", s=text, g=param("".join(out)))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        # SQLite's printf stops at 15 significant digits: a number needing more has no string form here.
        return self.fill("CASE WHEN :x = CAST(:x AS INTEGER) AND abs(:x) < 1e16 THEN CAST(CAST(:x AS INTEGER) AS TEXT) "
                         "WHEN CAST(printf('%.15g', :x) AS REAL) = :x THEN printf('%.15g', :x) END", x=number)

    def bool_text(self, flag: exp.Expr) -> exp.Expr:
        return self.fill("CASE WHEN :b THEN 'true' ELSE 'false' END", b=flag)

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        # No regular expressions in SQLite: the numeric-string rule checked piece by piece.
        trimmed = self.fill("trim(:s, ' ' || char(9, 10, 11, 12, 13))", s=text)
        unsigned = self.fill("CASE WHEN substr(:t, 1, 1) IN ('+', '-') THEN substr(:t, 2) ELSE :t END", t=trimmed)
        at = self.fill("instr(lower(:u), 'e')", u=unsigned)
        mantissa = self.fill("CASE WHEN :e > 0 THEN substr(:u, 1, :e - 1) ELSE :u END", e=at, u=unsigned)
        exponent = self.fill("CASE WHEN :e > 0 THEN substr(:u, :e + 1) ELSE '0' END", e=at, u=unsigned)
        digits = self.fill("CASE WHEN substr(:x, 1, 1) IN ('+', '-') THEN substr(:x, 2) ELSE :x END", x=exponent)
        valid = self.fill("(:m <> '' AND :m <> '.' AND :m NOT GLOB '*[^0-9.]*' AND length(:m) - length(replace(:m, '.', '')) <= 1 "
                          "AND :d <> '' AND :d NOT GLOB '*[^0-9]*')", m=mantissa, d=digits)
        number = self.fill("CAST(:t AS REAL)", t=trimmed)
        return self.fill(f"CASE WHEN :v AND abs(:n) <= {MAX_DOUBLE} THEN :n END", v=valid, n=number)

    def finite(self, number: exp.Expr) -> exp.Expr:
        return self.fill(f"abs(:x) <= {MAX_DOUBLE}", x=number)


class Spark(Dialect):
    """Spark SQL (4.x): arrays and higher-order functions; JSON text read through VARIANT."""

    name = sqlglot = "spark"
    types = {"text": "STRING", "keyword": "STRING", "number": "DOUBLE", "date": "TIMESTAMP", "boolean": "BOOLEAN",
             "dynamic": "STRING", "row": "BIGINT"}
    list_type = "ARRAY<STRING>"
    _NUMBER_TYPES = "('BIGINT', 'INT', 'SMALLINT', 'TINYINT', 'DOUBLE', 'FLOAT')"

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        return self.fill("COALESCE(exists(:a, _v -> :t), FALSE)", a=array, t=test(exp.column("_v")))

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("size(:a) = 0", a=array)

    def joined_words(self, array: exp.Expr) -> exp.Expr:
        return self.fill("concat(' ', array_join(:a, ' '), ' ')", a=array)

    def first_element(self, array: exp.Expr) -> exp.Expr:
        return self.fill("try_element_at(filter(:a, _v -> NOT _v IS NULL), 1)", a=array)

    def strip_leading(self, text: exp.Expr, chars: exp.Expr) -> exp.Expr:
        return self.fill("TRIM(LEADING :c FROM :s)", s=text, c=chars)  # Spark's ltrim takes its arguments the other way

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        # Java's $ also matches before a final line break: the last character must be a digit too.
        return self.fill("COALESCE(:s RLIKE '^[+-]?[0-9]+$' AND substr(:s, -1, 1) BETWEEN '0' AND '9', FALSE)", s=text)

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        return self.fill(":s RLIKE :r", s=text, r=param("^(?s:" + _regex(pattern, ".") + ")\\z"))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        # Java writes doubles as Python does only between 1e-3 and 1e7; elsewhere there is no string form here.
        return self.fill("CASE WHEN abs(:x) < 1e16 AND :x = round(:x) THEN CAST(CAST(:x AS BIGINT) AS STRING) "
                         "WHEN abs(:x) >= 0.001 AND abs(:x) < 1e7 THEN CAST(:x AS STRING) END", x=number)

    def bind(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None)  # the session's time zone is UTC
        return super().bind(value)

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        number = self.fill(f"try_cast(regexp_extract(:s, '{NUMERIC_CORE_RE}', 0) AS DOUBLE)", s=text)
        return self.fill(f"CASE WHEN :s RLIKE '^{NUMERIC_RE}$' AND abs(:n) <= {MAX_DOUBLE} THEN :n END", s=text, n=number)

    def _path(self, keys: tuple[str, ...], param: Param) -> exp.Expr:
        parts = []
        for key in keys:
            if "'" not in key:
                parts.append(f"['{key}']")
            elif '"' not in key:
                parts.append(f'["{key}"]')
            else:
                raise self.unsupported("field name holding both quotes", "Spark's variant paths cannot quote it")
        return param("$" + "".join(parts))

    def json_value(self, ref: JsonRef, param: Param) -> exp.Expr:
        value = self.fill("try_parse_json(:d)", d=ref.doc)
        if ref.keys:
            value = self.fill("variant_get(:v, :p)", v=value, p=self._path(ref.keys, param))
        return value

    def json_present(self, ref: JsonRef, param: Param) -> exp.Expr:
        # is_variant_null is false for a SQL NULL (a missing key): both are tested.
        return self.fill("COALESCE(NOT :v IS NULL AND NOT is_variant_null(:v), FALSE)", v=self.json_value(ref, param))

    def json_empty(self, ref: JsonRef, param: Param) -> exp.Expr:
        return self.fill("COALESCE(:v IS NULL OR is_variant_null(:v) OR (schema_of_variant(:v) = 'STRING' AND try_variant_get(:v, '$', 'string') = '') "
                         "OR (schema_of_variant(:v) LIKE 'ARRAY%' AND size(try_variant_get(:v, '$', 'array<variant>')) = 0), TRUE)",
                         v=self.json_value(ref, param))

    def json_any(self, ref: JsonRef, param: Param, test: Callable[[JsonElement], exp.Expr]) -> exp.Expr:
        j = exp.column("_j")
        element = JsonElement(
            is_string=self.fill("schema_of_variant(:j) = 'STRING'", j=j),
            string=self.fill("try_variant_get(:j, '$', 'string')", j=j),
            is_number=self.fill(f"(schema_of_variant(:j) LIKE 'DECIMAL%' OR schema_of_variant(:j) IN {self._NUMBER_TYPES})", j=j),
            number=self.fill("try_variant_get(:j, '$', 'double')", j=j),
            is_bool=self.fill("schema_of_variant(:j) = 'BOOLEAN'", j=j),
            boolean=self.fill("try_variant_get(:j, '$', 'boolean')", j=j),
        )
        return self.fill("COALESCE(exists(CASE WHEN schema_of_variant(:v) LIKE 'ARRAY%' "
                         "THEN try_variant_get(:v, '$', 'array<variant>') ELSE array(:v) END, _j -> :t), FALSE)",
                         v=self.json_value(ref, param), t=test(element))


class _Golden(Dialect):
    """An engine checked by golden SQL only: typed columns; JSON-held fields are refused."""

    executed = False


class Trino(_Golden):
    name = sqlglot = "trino"
    paramstyle = "qmark"
    types = {**Dialect.types, "text": "VARCHAR", "keyword": "VARCHAR", "date": "TIMESTAMP(6) WITH TIME ZONE"}
    list_type = "ARRAY(VARCHAR)"

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        return self.fill("COALESCE(any_match(:a, _v -> :t), FALSE)", a=array, t=test(exp.column("_v")))

    def first_element(self, array: exp.Expr) -> exp.Expr:
        return self.fill("element_at(filter(:a, _v -> NOT _v IS NULL), 1)", a=array)

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        return self.fill("COALESCE(regexp_like(:s, '^[+-]?[0-9]+$'), FALSE)", s=text)

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("cardinality(:a) = 0", a=array)

    def joined_words(self, array: exp.Expr) -> exp.Expr:
        return self.fill("' ' || array_join(:a, ' ') || ' '", a=array)

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        return self.fill("regexp_like(:s, :r)", s=text, r=param("^(?s:" + _regex(pattern, ".") + ")$"))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        raise self.unsupported("string form of a number", "Trino writes doubles in its own notation")

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        return self.fill(f"CASE WHEN regexp_like(:s, '^{NUMERIC_RE}$') "
                         f"THEN TRY_CAST(regexp_extract(:s, '{NUMERIC_CORE_RE}') AS DOUBLE) END", s=text)

    def finite(self, number: exp.Expr) -> exp.Expr:
        return self.fill("is_finite(:x)", x=number)


class BigQuery(_Golden):
    name = sqlglot = "bigquery"
    types = {"text": "STRING", "keyword": "STRING", "number": "FLOAT64", "date": "TIMESTAMP", "boolean": "BOOL",
             "dynamic": "JSON", "row": "INT64"}
    list_type = "ARRAY<STRING>"

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        return self.fill("EXISTS (SELECT 1 FROM UNNEST(:a) AS _v WHERE :t)", a=array, t=test(exp.column("_v")))

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("ARRAY_LENGTH(:a) = 0", a=array)

    def first_element(self, array: exp.Expr) -> exp.Expr:
        return self.fill("(SELECT _v FROM UNNEST(:a) AS _v WITH OFFSET AS _i WHERE NOT _v IS NULL ORDER BY _i LIMIT 1)", a=array)

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        return self.fill("COALESCE(REGEXP_CONTAINS(:s, r'^[+-]?[0-9]+$'), FALSE)", s=text)

    def joined_words(self, array: exp.Expr) -> exp.Expr:
        return self.fill("CONCAT(' ', ARRAY_TO_STRING(:a, ' '), ' ')", a=array)

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        return self.fill("REGEXP_CONTAINS(:s, :r)", s=text, r=param("^(?s:" + _regex(pattern, ".") + ")$"))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        raise self.unsupported("string form of a number", "BigQuery writes doubles in its own notation")

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        return self.fill(f"CASE WHEN REGEXP_CONTAINS(:s, r'^{NUMERIC_RE}$') "
                         f"THEN SAFE_CAST(REGEXP_EXTRACT(:s, r'{NUMERIC_CORE_RE}') AS FLOAT64) END", s=text)

    def finite(self, number: exp.Expr) -> exp.Expr:
        return self.fill("NOT IS_INF(:x)", x=number)


class MySQL(_Golden):
    name = sqlglot = "mysql"
    paramstyle = "pyformat"
    arrays = False
    types = {"text": "TEXT", "keyword": "VARCHAR(255)", "number": "DOUBLE", "date": "DATETIME(6)", "boolean": "BOOLEAN",
             "dynamic": "JSON", "row": "BIGINT"}
    list_type = "JSON"

    def any_element(self, array: exp.Expr, test: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
        return self.fill("EXISTS (SELECT 1 FROM JSON_TABLE(:a, '$[*]' COLUMNS (_v TEXT PATH '$')) AS _e WHERE :t)",
                         a=array, t=test(exp.column("_v", table="_e")))

    def list_is_empty(self, array: exp.Expr) -> exp.Expr:
        return self.fill("JSON_LENGTH(:a) = 0", a=array)

    def first_element(self, array: exp.Expr) -> exp.Expr:
        return self.fill("(SELECT _v FROM JSON_TABLE(:a, '$[*]' COLUMNS (_i FOR ORDINALITY, _v TEXT PATH '$')) AS _e "
                         "WHERE NOT _v IS NULL ORDER BY _i LIMIT 1)", a=array)

    def is_integer_text(self, text: exp.Expr) -> exp.Expr:
        return self.fill("COALESCE(REGEXP_LIKE(:s, '^[+-]?[0-9]+$', 'c'), FALSE)", s=text)

    def joined_words(self, array: exp.Expr) -> exp.Expr:
        return self.fill("CAST(:a AS CHAR)", a=array)

    def phrase_needle(self, words: tuple[str, ...]) -> str:
        return json.dumps(list(words), ensure_ascii=False, separators=(", ", ": "))[1:-1]

    def glob(self, text: exp.Expr, pattern: list[tuple[bool, str]], param: Param) -> exp.Expr:
        return self.fill("REGEXP_LIKE(:s, :r, 'cn')", s=text, r=param("^" + _regex(pattern, ".") + "$"))

    def number_text(self, number: exp.Expr) -> exp.Expr:
        raise self.unsupported("string form of a number", "MySQL writes doubles in its own notation")

    def parse_number(self, text: exp.Expr) -> exp.Expr:
        return self.fill(f"CASE WHEN REGEXP_LIKE(:s, '^{NUMERIC_RE}$', 'c') "
                         f"THEN CAST(REGEXP_SUBSTR(:s, '{NUMERIC_CORE_RE}') AS DOUBLE) END", s=text)

    def finite(self, number: exp.Expr) -> exp.Expr:
        return exp.true()


#: Every dialect by name.
DIALECTS: dict[str, Dialect] = {d.name: d for d in (DuckDB(), Postgres(), SQLite(), Spark(), Trino(), BigQuery(), MySQL())}


def dialect_named(name: str) -> Dialect:
    """The dialect called ``name``; a :class:`~filterengine.errors.FilterEngineError` naming the known ones if none."""
    from ...errors import FilterEngineError

    found = DIALECTS.get(name) if isinstance(name, str) else None
    if found is None:
        raise FilterEngineError(f"unknown SQL dialect {name!r}; expected one of {', '.join(DIALECTS)}")
    return found
