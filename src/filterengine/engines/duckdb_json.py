"""A JSON catalog as a DuckDB view in the table layout, its columns computed by DuckDB where the rules agree.

DuckDB reads each record with ``read_json_objects`` (JSON lines, an array, an
envelope's ``items``; gzip too) and keeps the JSON value itself, so a value's own
JSON type decides as in :mod:`filterengine.runtime`. A typed column is computed in
SQL only where DuckDB's result is the runtime's for every value it accepts; every
other value makes the record *refused* (its ``?ok:`` column is false), and the
preview raises :class:`~filterengine.errors.EngineRecordError` rather than answer
differently. What is read here:

- text and keyword fields: strings; integers of at most 15 digits and booleans (their
  string forms); an object or an empty list reads as nothing. Refused: other numbers (the
  runtime writes ``7.0`` as ``7``), a non-empty list in a field of one value (the loader
  makes it NULL, the sort reads its first value; in every typed field of one value), and,
  where the test folds case or looks at words, strings that are not ASCII (Unicode case
  folding and word breaks are the runtime's own);
- multivalued fields: a list of such values or nulls, a string, an integer or a boolean.
  Refused: ``""`` (the loader's empty list, the sort's string) and lists holding objects or
  lists (the loader's NULL elements, which the sort does not skip);
- numbers: JSON numbers, and strings of the strict form ``[+-]digits[.digits][e[+-]digits]``;
  strings with no digit at all read as nothing; other strings are refused;
- dates: strict ISO 8601 strings, ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]``,
  and RFC 2822 strings as the platform writes them, ``Sat, 25 Jul 2026 15:36:05 +0100``
  (with the right weekday; years 0002-9998); strings with no digit read as nothing; other
  strings (other RFC 2822 spellings, zone names, ...) and epoch numbers are refused;
- booleans: JSON booleans, and printable ASCII strings (``" TRUE "`` is true, ``"yes"`` nothing);
  other strings are refused;
- fields of no kind and keys outside the schema: the JSON value itself (``_extra`` is the
  whole record); their dates (``__dates``, ``_dates``) are not computed: a date test on them
  is :class:`~filterengine.errors.UnsupportedError`. Fields with a dotted path are not read.
- a record holding an index alias's key (``published_date``, ``catSort``) is refused where
  that field is read: the runtime reads the key a query names first, a column holds one.

Entries that are not objects are skipped, as ``fe.preview`` skips them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.columns import EXTRA, ROW, Column, Layout
from .json_rules import INTEGER, ISO, NUMBER, PRINTABLE, RFC2822, typed_column, typed_reason

__all__ = ["JsonView", "json_view", "RECORD_TEXT", "POSITION", "ok_column"]

#: The view's column holding the record's JSON text, and its place (from 1) among the file's values.
RECORD_TEXT = "?record"
POSITION = "?n"

#: Why a field's value is refused, by kind.
_LIST = "a non-empty list in a field of one value"
REASONS = {
    "text": f"its value is a number that is not an integer of at most 15 digits, {_LIST}, or \"\" or a list holding "
            "objects in a list field",
    "keyword": f"its value is a number that is not an integer of at most 15 digits, {_LIST}, or \"\" or a list "
               "holding objects in a list field",
    "number": f"its value is a string with digits that is not a plain number ([+-]digits[.digits][e[+-]digits]), or {_LIST}",
    "date": f"its value is not a strict ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM]) nor an "
            f"RFC 2822 date of the form 'Sat, 25 Jul 2026 15:36:05 +0100', or {_LIST}",
    "boolean": f"its value is a string that is not printable ASCII, or {_LIST}",
}


def ok_column(field: str, ascii: bool = False) -> str:
    """The view's Boolean column saying a record's value of ``field`` is read by the rules (``ascii``: folded too)."""
    return f"?{'ascii' if ascii else 'ok'}:{field}"


@dataclass(frozen=True)
class JsonView:
    """The SQL of the view, the layout columns it computes, and the checks each one needs.

    ``checks`` maps a layout column to the ``?ok:`` columns that must be true for it to
    hold the runtime's value; ``reasons`` says, per check column, what a refused value is.
    """

    sql: str
    columns: frozenset[str]
    checks: dict[str, tuple[str, ...]]
    reasons: dict[str, tuple[str, str]]  # check column -> (field, reason)
    typed: dict[str, str]  # layout column -> its field's ?typed: check, required where the column is tested


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pointer(key: str) -> str:
    return _lit("/" + key.replace("~", "~0").replace("/", "~1"))


def _source(path: str, fmt: str, gzipped: bool) -> str:
    compression = _lit("gzip" if gzipped else "none")
    if fmt == "jsonl":
        return f"read_json_objects({_lit(path)}, format='newline_delimited', compression={compression})"
    if fmt == "json":
        # An array's elements; an object with "items" (an envelope) gives its items.
        objects = f"read_json_objects({_lit(path)}, format='auto', compression={compression})"
        return (f"(SELECT unnest(CASE WHEN json_type(json, '$.items') = 'ARRAY' AND json_type(json) = 'OBJECT' "
                f"THEN CAST(json_extract(json, '$.items') AS JSON[]) WHEN json_type(json) = 'ARRAY' "
                f"THEN CAST(json AS JSON[]) ELSE [json] END) AS json FROM {objects})")
    raise ValueError(fmt)


def json_view(path: str, fmt: str, gzipped: bool, layout: Layout, wanted: frozenset[str] | None = None) -> JsonView:
    """The view over a JSON catalog: ``?record``, ``?n``, ``_row``, ``_extra`` and the typed columns it can compute.

    ``columns`` and ``checks`` name every column it can compute; its SQL computes only
    those ``wanted`` (and their checks), so DuckDB binds a small view.
    """
    aliases: dict[str, list[str]] = {}
    for alias, target in layout.schema.aliases.items():
        aliases.setdefault(target, []).append(alias)
    select = [f"r AS {_ident(RECORD_TEXT)}", f"n AS {_ident(POSITION)}", f"n - 1 AS {_ident(ROW)}",
              f"r AS {_ident(EXTRA)}"]
    computed = {RECORD_TEXT, POSITION, ROW, EXTRA}
    checks: dict[str, tuple[str, ...]] = {}
    reasons: dict[str, tuple[str, str]] = {}
    typed_checks: dict[str, str] = {}
    paths: list[str] = []  # the keys read, extracted from the record in one parse
    values: list[str] = []  # each field's value (the first of its keys holding one), once per record
    typed: list[str] = []  # each value's JSON type and string, once per record
    derived: list[str] = []  # what is costly to compute from a value (instants), once per record

    def slot(key: str) -> str:
        paths.append(_pointer(key))
        return f"_j[{len(paths)}]"

    for column in layout.columns:
        if column.role != "value" or "." in column.field:
            continue
        keys = [column.field, *aliases.get(column.field, ())]
        value = _ident(f"?v:{column.field}")
        parts = _field(column, value, layout)
        ok, ascii = ok_column(column.field), ok_column(column.field, ascii=True)
        own = typed_column(column.field)
        if column.kind in ("text", "keyword", "number", "date", "boolean"):
            parts[own] = _own_type(column, value)
            reasons[own] = (column.field, typed_reason(column))
        needed: set[str] = set()
        for name in parts:
            computed.add(name)
            if name == own:
                if wanted is None or name in wanted:
                    needed.add(name)
                continue
            typed_checks[name] = own
            if name not in (ok, ascii):
                checks[name] = (ok, ascii) if (ascii in parts and name != column.name) else (
                    (ok,) if ok in parts else ())
                if wanted is None or name in wanted:
                    needed.update((name, *checks[name]))
        if ok in parts:
            reasons[ok] = (column.field, REASONS[column.kind])
        if ascii in parts:
            reasons[ascii] = (column.field, "its text is not ASCII, and only ASCII text is folded or split into words here")
        if not needed:
            continue
        found = [slot(k) for k in keys]
        values.append("COALESCE(" + ", ".join(f"CASE WHEN CAST({x} AS VARCHAR) <> 'null' THEN {x} END" for x in found)
                      + f") AS {value}")
        if ok in parts and len(keys) > 1:
            # The runtime reads the key a query names first (an alias, or the field's own name); the
            # layout has one column per field: a record holding an alias key is refused.
            absent = " AND ".join(f"COALESCE(CAST({x} AS VARCHAR) = 'null', TRUE)" for x in found[1:])
            values.append(f"{absent} AS {_ident(f'?alias:{column.field}')}")
            parts[ok] = f"({parts[ok]}) AND {_ident(f'?alias:{column.field}')}"
        t, s = _ident(f"?t:{column.field}"), _ident(f"?s:{column.field}")
        typed.append(f"{json_type(value)} AS {t}, json_extract_string({value}, '$') AS {s}")
        if column.kind == "date":
            derived.append(f"{date_instant(t, s)} AS {_ident(f'?d:{column.field}')}")
        if column.kind in ("text", "keyword") and column.multivalued:
            derived.append(f"{_plain(value, t)} AS {_ident(f'?p:{column.field}')}")
        select.extend(f"{expr} AS {_ident(name)}" for name, expr in parts.items() if name in needed)
    body = ", ".join(select)
    inner = f"SELECT json AS r, row_number() OVER () AS n FROM {_source(path, fmt, gzipped)}"
    extracted = f"json_extract(r, [{', '.join(paths)}]) AS _j" if paths else "NULL AS _j"
    # r is valid JSON (DuckDB parsed it): an object if it starts with "{" (else, say after white space, asked).
    objects = (f"SELECT r, n, {extracted} FROM ({inner}) "
               f"WHERE CASE WHEN left(CAST(r AS VARCHAR), 1) = '{{' THEN TRUE ELSE json_type(r) = 'OBJECT' END")
    middle = f"SELECT r, n{''.join(', ' + v for v in values)} FROM ({objects})"
    if typed:
        middle = f"SELECT *, {', '.join(typed)} FROM ({middle})"
    if derived:
        middle = f"SELECT *, {', '.join(derived)} FROM ({middle})"
    sql = f"SELECT {body} FROM ({middle})"
    return JsonView(sql, frozenset(computed), checks, reasons, {k: v for k, v in typed_checks.items() if v in computed})


def _field(column: Column, raw: str, layout: Layout) -> dict[str, str]:
    """The layout columns of one field, and its ``?ok:`` check, as SQL over the field's value ``raw``
    and its JSON type and string (``?t:``, ``?s:``, computed once per record)."""
    kind = column.kind
    v = raw
    t = _ident(f"?t:{column.field}")
    s = _ident(f"?s:{column.field}")
    name, ok = column.name, ok_column(column.field)
    if kind == "dynamic":
        return {name: v}
    if kind in ("text", "keyword"):
        return _strings(column, v, t, layout)
    if kind == "number":
        number = f"CAST({v} AS DOUBLE)"
        text_number = f"TRY_CAST({s} AS DOUBLE)"
        return {
            name: (f"CASE WHEN {t} IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CASE WHEN isfinite({number}) THEN {number} END "
                   f"WHEN {t} = 'VARCHAR' AND regexp_full_match({s}, {_lit(NUMBER)}) "
                   f"THEN CASE WHEN isfinite({text_number}) THEN {text_number} END END"),
            ok: f"COALESCE(CASE WHEN {t} <> 'VARCHAR' OR regexp_full_match({s}, {_lit(NUMBER)}) THEN TRUE "
                f"ELSE NOT regexp_matches({s}, '\\pN') END, TRUE) AND {_no_list(v, t)}",
        }
    if kind == "date":
        d = _ident(f"?d:{column.field}")  # the instant, computed once per record by date_instant
        return {
            name: d,
            ok: f"COALESCE(CASE WHEN {t} IN ('BOOLEAN', 'ARRAY', 'OBJECT', 'NULL') OR {d} IS NOT NULL THEN TRUE "
                f"WHEN {t} = 'VARCHAR' THEN NOT regexp_matches({s}, '\\pN') WHEN {t} IS NOT NULL THEN FALSE END, TRUE) "
                f"AND {_no_list(v, t)}",
        }
    if kind == "boolean":
        return {
            name: (f"CASE WHEN {t} = 'BOOLEAN' THEN CAST({v} AS BOOLEAN) "
                   f"WHEN {t} = 'VARCHAR' AND regexp_full_match({s}, ' *(?i:true|false) *') THEN lower(trim({s})) = 'true' END"),
            ok: f"COALESCE({t} <> 'VARCHAR' OR regexp_full_match({s}, {_lit(PRINTABLE)}), TRUE) AND {_no_list(v, t)}",
        }
    return {}


def _own_type(column: Column, v: str) -> str:
    """The value has its field kind's own JSON type, or is null, missing or ``[]`` (see :func:`typed_reason`)."""
    t = _ident(f"?t:{column.field}")
    own = {"number": "('BIGINT', 'UBIGINT', 'DOUBLE')", "boolean": "('BOOLEAN')"}.get(column.kind, "('VARCHAR')")
    if column.multivalued:
        strings = (f"({t} = 'ARRAY' AND NOT list_has_any(json_type({v}, '$[*]'), "
                   f"['BIGINT', 'UBIGINT', 'DOUBLE', 'OBJECT', 'ARRAY', 'BOOLEAN']))")
        return f"COALESCE({t} = 'VARCHAR' OR {strings}, TRUE)"
    return f"COALESCE({t} IN {own} OR ({t} = 'ARRAY' AND CAST({v} AS VARCHAR) = '[]'), TRUE)"


def date_instant(t: str, s: str) -> str:
    """The instant a JSON value (of type ``t``, string ``s``) denotes where DuckDB reads it as the runtime does, else NULL."""
    iso = f"regexp_full_match({s}, {_lit(ISO)})"
    year = f"TRY_CAST(substr({s}, 1, 4) AS INTEGER)"
    instant = f"TRY_CAST({s} AS TIMESTAMPTZ)"
    # RFC 2822 as the platform writes it; the runtime ignores the weekday, so one that is wrong is refused.
    rfc_instant = f"try_strptime(substr({s}, 6), '%d %b %Y %H:%M:%S %z')"
    rfc = (f"regexp_full_match({s}, {_lit(RFC2822)}) AND TRY_CAST(substr({s}, 13, 4) AS INTEGER) BETWEEN 2 AND 9998 "
           f"AND strftime(try_strptime(substr({s}, 6, 11), '%d %b %Y'), '%a') = substr({s}, 1, 3)")
    return (f"CASE WHEN {t} = 'VARCHAR' THEN CASE WHEN {iso} THEN CASE WHEN {year} BETWEEN 2 AND 9998 "
            f"THEN {instant} END WHEN {rfc} THEN {rfc_instant} END END")


def _scalar_text(e: str, t: str | None = None, s: str | None = None) -> str:
    """The string form of one JSON scalar ``e`` (a string, a short integer, a boolean), else NULL
    (``t``, ``s``: its JSON type and string, where already computed)."""
    t = t or f"json_type({e})"
    return (f"CASE WHEN {t} = 'VARCHAR' THEN {s or f'json_extract_string({e}, {_lit(chr(36))})'} "
            f"WHEN {t} = 'BOOLEAN' THEN CASE WHEN CAST({e} AS BOOLEAN) THEN 'true' ELSE 'false' END "
            f"WHEN {t} IN ('BIGINT', 'UBIGINT') AND regexp_full_match(CAST({e} AS VARCHAR), {_lit(INTEGER)}) "
            f"THEN CAST({e} AS VARCHAR) END")


def _scalar_ok(e: str, element: bool = False, t: str | None = None) -> str:
    """``e`` reads as the runtime reads it: in a list, objects and lists are refused (the loader makes them
    NULL, the sort skips only nulls); alone, a non-empty list is (the loader: NULL, the sort: its first value)."""
    t = t or f"json_type({e})"
    others = "'NULL'" if element else "'OBJECT', 'NULL'"
    alone = "" if element else f" OR ({t} = 'ARRAY' AND CAST({e} AS VARCHAR) = '[]')"
    return (f"COALESCE({t} IN ('VARCHAR', 'BOOLEAN', {others}){alone} OR ({t} IN ('BIGINT', 'UBIGINT') "
            f"AND regexp_full_match(CAST({e} AS VARCHAR), {_lit(INTEGER)})), TRUE)")


def _no_list(v: str, t: str) -> str:
    """A non-empty list in a field of one value is refused: the loader makes it NULL, the sort reads its first value.
    (``v`` is minified JSON, as ``json_extract`` writes it: an empty list is ``[]``.)"""
    return f"COALESCE(NOT ({t} = 'ARRAY' AND CAST({v} AS VARCHAR) <> '[]'), TRUE)"


def json_type(v: str) -> str:
    """``json_type(v)`` of minified JSON ``v`` (as ``json_extract`` writes it), read from its first character
    where that decides (strings, booleans, lists, objects; ``null`` by its whole text, since DuckDB also
    reads ``nan``), else asked of DuckDB (numbers), without parsing ``v`` again."""
    return (f"CASE left(CAST({v} AS VARCHAR), 1) WHEN '\"' THEN 'VARCHAR' WHEN 't' THEN 'BOOLEAN' WHEN 'f' THEN 'BOOLEAN' "
            f"WHEN 'n' THEN CASE WHEN CAST({v} AS VARCHAR) = 'null' THEN 'NULL' ELSE json_type({v}) END WHEN '[' THEN 'ARRAY' WHEN '{{' THEN 'OBJECT' ELSE json_type({v}) END")


def _plain(v: str, t: str) -> str:
    """A list ``v`` holds only strings, booleans and nulls (computed once per record)."""
    return (f"CASE WHEN {t} = 'ARRAY' THEN NOT list_has_any(json_type({v}, '$[*]'), "
            f"['BIGINT', 'UBIGINT', 'DOUBLE', 'OBJECT', 'ARRAY']) END")


def _ascii(text: str) -> str:
    """``text`` is ASCII: as many bytes as code points."""
    return f"strlen({text}) = length({text})"


def _strings(column: Column, v: str, t: str, layout: Layout) -> dict[str, str]:
    """Text and keyword columns: the value, its fold, its terms, and the check of all three."""
    name, field = column.name, column.field
    s = _ident(f"?s:{field}")
    if column.multivalued:
        elements = f"CAST({v} AS JSON[])"
        # A list of strings, booleans and nulls (the usual list) is read with no lambda (see _plain).
        strings = f"json_extract_string({v}, '$[*]')"
        plain = _ident(f"?p:{field}")
        value = (f"CASE WHEN {t} = 'ARRAY' THEN CASE WHEN {plain} THEN {strings} "
                 f"ELSE list_transform({elements}, lambda _e: {_scalar_text('_e')}) END "
                 f"WHEN {t} = 'VARCHAR' AND {s} = '' THEN []::VARCHAR[] "
                 f"WHEN {t} IN ('VARCHAR', 'BOOLEAN', 'BIGINT', 'UBIGINT') THEN [{_scalar_text(v, t, s)}] END")
        # "" is the empty list to the loader but a string to the sort: refused.
        ok = (f"CASE WHEN {t} = 'ARRAY' THEN CASE WHEN {plain} THEN TRUE ELSE COALESCE(list_bool_and(list_transform({elements}, "
              f"lambda _e: {_scalar_ok('_e', True)})), TRUE) END "
              f"WHEN {t} = 'VARCHAR' THEN {s} <> '' "
              f"ELSE {_scalar_ok(v, t=t)} END")
        texts = f"list_filter({value}, lambda _x: _x IS NOT NULL)"
        joined = f"array_to_string({value}, '')"  # skips NULLs
        ascii_ok = f"COALESCE({_ascii(joined)}, TRUE)"
    else:
        value = f"CASE WHEN {t} IN ('VARCHAR', 'BOOLEAN', 'BIGINT', 'UBIGINT') THEN {_scalar_text(v, t, s)} END"
        ok = _scalar_ok(v, t=t)
        texts = f"list_filter([{value}], lambda _x: _x IS NOT NULL)"
        ascii_ok = f"COALESCE({t} <> 'VARCHAR' OR {_ascii(s)}, TRUE)"
    out = {name: value}
    folded = layout.fold(field)
    terms = layout.terms(field)
    if folded is not None or terms is not None:  # case folding and words are computed for ASCII text only
        out[ok_column(field, ascii=True)] = ascii_ok
    if folded is not None:
        out[folded.name] = (f"list_transform({value}, lambda _x: lower(_x))" if column.multivalued
                            else f"lower({value})")
    if terms is not None:
        if column.kind == "text":
            words = "regexp_extract_all(lower(_x), '[a-z0-9]+')"
            out[terms.name] = f"flatten(list_transform({texts}, lambda _x: {words}))"
        else:
            out[terms.name] = f"list_transform({texts}, lambda _x: {'lower(_x)' if column.case_insensitive else '_x'})"
    out[ok_column(field)] = ok
    return out
