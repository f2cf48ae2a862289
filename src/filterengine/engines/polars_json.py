"""A JSON-lines catalog read by Polars, batch by batch, its columns computed in Polars where the rules agree.

Polars' NDJSON reader gives a value's text without its JSON type when asked for a string
(``1.50`` reads as ``"1.5"``, ``7`` and ``"7"`` alike, ``["a"]`` as its JSON text), and only
the values of the type it is asked for otherwise (the others read as null). So each batch
of lines is read with every field the playlist reads as a string (``?s:``; a list field as
a list of strings), and read a second time only where a text could be a non-string's that
reads otherwise (:func:`_probes`): as binary (``?b:``), which only JSON strings fill. A
value's JSON type then follows: a string where the second read holds one; else its text's
first character says (``[`` a list, ``{`` an object, ``t``/``f`` a boolean, anything else
a number). A field the playlist *tests* reads only values of its own JSON type
(:func:`~.json_rules.typed_column`): a tested list, number or boolean field is read as that
type (a list of binary, a Float64, a Boolean) and read again as text only where a value is
not of it (:func:`_native`). Two reads of one file by
``scan_ndjson`` cannot be joined row by row without holding both in memory (a lazy
horizontal concat held 733 MB for 1,000,000 clips), so the file is cut into batches of
about 8 MiB of lines, each read by ``read_ndjson`` twice: memory is bounded by the
batch and the page, and the share of the file read is the progress.

A typed column is computed only where Polars' reading is the runtime's for every value it
accepts (the rules of :mod:`.duckdb_json`, the forms of :mod:`.json_rules`); every other
value makes the record *refused* (:class:`~filterengine.errors.EngineRecordError`):

- text and keyword fields: strings (not holding NUL, which Polars also gives for a lone
  surrogate escape), integers of at most 15 digits and booleans (their string forms); an
  object or an empty list reads as nothing; other numbers and non-empty lists are refused;
- multivalued fields: a list of strings and nulls; a single string, integer or boolean
  (the list of it). Refused: lists holding numbers, booleans, lists or objects (the
  loader reads some of them, Polars' list reading does not tell which), ``""`` (the
  loader's empty list, the sort's string), and single values whose text starts with ``{``
  or is a number but not an integer of at most 15 digits (Polars gives the same text for
  the string and for the object or number);
- numbers, dates and booleans: as :mod:`.duckdb_json` (plain numbers and their strings;
  strict ISO 8601 and the platform's RFC 2822 dates, weekday checked; JSON booleans and
  printable ASCII strings); text with no digit reads as nothing;
- fields of no kind, keys outside the schema (``_extra``) and dotted paths are not read:
  a test on them is :class:`~filterengine.errors.UnsupportedError`;
- a record holding an index alias's key (``published_date``) is refused where that field is read.

Lines that are not objects are skipped (counted in records' numbering, as DuckDB counts
them); a line that is not JSON is :class:`~filterengine.errors.InputError` naming it.
Where a record repeats a key, Polars reads the first, Python's ``json`` the last.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from ..errors import InputError, UnsupportedError
from ..layout.columns import ROW, Column, Layout
from .json_rules import INTEGER, ISO, NUMBER, PRINTABLE, RFC2822, typed_column, typed_reason

__all__ = ["Batch", "JsonLines", "ok_column", "typed_column", "POSITION", "INDEX", "BATCH_BYTES", "batches", "suspect"]

#: About how much text one batch holds.
BATCH_BYTES = 8 << 20
#: A batch frame's columns: the record's place among the file's values (from 1), and its row in the batch.
POSITION = "?n"
INDEX = "?i"

_LIST = "a non-empty list in a field of one value"
#: Why a field's value is refused, by kind (multivalued text and keyword: ``"list"``).
REASONS = {
    "text": f"its value is a number that is not an integer of at most 15 digits, or {_LIST}",
    "keyword": f"its value is a number that is not an integer of at most 15 digits, or {_LIST}",
    "list": "its value is a list holding something other than strings and nulls, \"\", or a single value that "
            "is an object or a number (other than an integer of at most 15 digits), or a string read alike",
    "number": f"its value is a string with digits that is not a plain number ([+-]digits[.digits][e[+-]digits]), or {_LIST}",
    "date": f"its value is not a strict ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM]) nor an "
            f"RFC 2822 date of the form 'Sat, 25 Jul 2026 15:36:05 +0100', or {_LIST}",
    "boolean": f"its value is a string that is not printable ASCII, or {_LIST}",
}
_ASCII_REASON = "its text is not ASCII, and only ASCII text is folded or split into words here"
_KINDS = ("text", "keyword", "number", "date", "boolean")


def _full(pattern: str) -> str:
    return f"^(?:{pattern})$"


def ok_column(field: str, ascii: bool = False) -> str:
    """The batch's Boolean column saying a record's value of ``field`` is read by the rules (``ascii``: folded too)."""
    return f"?{'ascii' if ascii else 'ok'}:{field}"


@dataclass(frozen=True)
class Batch:
    """Some records of the file: their text (object lines only), their places among the file's values, the share
    of the file read so far; and their lines, split from the text when first asked for."""

    data: bytes
    positions: Sequence[int]
    done: float

    @cached_property
    def lines(self) -> list[bytes]:
        lines = self.data.split(b"\n")
        if lines and not lines[-1]:
            lines.pop()
        return lines


def batches(path: str, gzipped: bool) -> Iterator[Batch]:
    """The file's object lines, about :data:`BATCH_BYTES` at a time, in file order."""
    try:
        raw = open(path, "rb")
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    with raw:
        size = max(os.fstat(raw.fileno()).st_size, 1)
        stream = gzip.GzipFile(fileobj=raw) if gzipped else raw
        counted = 0
        rest = b""
        first = True
        while True:
            try:
                block = stream.read(BATCH_BYTES)
            except (OSError, EOFError, gzip.BadGzipFile) as err:
                raise InputError(path, f"cannot read: {err}") from None
            if first:
                block = block.removeprefix(b"\xef\xbb\xbf")
                first = False
            end = not block
            block = rest + block
            if end and block and not block.endswith(b"\n"):
                block += b"\n"  # the last line, with no newline after it
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                batch, counted = _split(path, block[:cut], counted, 1.0 if end else min(raw.tell() / size, 1.0))
                if batch.positions:
                    yield batch
            if end:
                return


def _split(path: str, text: bytes, counted: int, done: float) -> tuple[Batch, int]:
    """``text`` (whole lines, the last ending with a newline) as a batch of its object lines."""
    count = text.count(b"\n")
    if text[:1] == b"{" and text.count(b"\n{") == count - 1:  # the usual file: one object per line
        return Batch(text, range(counted + 1, counted + 1 + count), done), counted + count
    lines = text.split(b"\n")
    lines.pop()
    kept: list[bytes] = []
    positions: list[int] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        counted += 1
        if stripped[:1] == b"{":
            kept.append(line)
            positions.append(counted)
            continue
        try:
            json.loads(stripped)
        except ValueError as err:
            raise InputError(path, f"record {counted} is not JSON: {err}") from None
    return Batch(b"\n".join(kept) + b"\n" if kept else b"", positions, done), counted


class JsonLines:
    """A JSON-lines file, read in batches as frames of the layout's columns ``wanted`` (those it can compute).

    ``columns`` names every column it can compute; ``checks`` maps one to the ``?ok:``
    columns that must be true for it to hold the runtime's value, and ``reasons`` says,
    per check, what a refused value is.
    """

    def __init__(self, path: str, gzipped: bool, layout: Layout):
        self.path, self.gzipped, self.layout = path, gzipped, layout
        aliases: dict[str, list[str]] = {}
        for alias, target in layout.schema.aliases.items():
            aliases.setdefault(target, []).append(alias)
        self.aliases = aliases
        self.fields: dict[str, Column] = {}
        self.columns: set[str] = {ROW}
        self.checks: dict[str, tuple[str, ...]] = {}
        self.reasons: dict[str, tuple[str, str]] = {}
        for column in layout.columns:
            if column.role != "value" or column.kind not in _KINDS or "." in column.field:
                continue
            field = column.field
            self.fields[field] = column
            ok, ascii = ok_column(field), ok_column(field, ascii=True)
            self.reasons[ok] = (field, REASONS["list" if column.multivalued else column.kind])
            self.reasons[typed_column(field)] = (field, typed_reason(column))
            self.columns.add(column.name)
            self.checks[column.name] = (ok,)
            for companion in (layout.fold(field), layout.terms(field)):
                if companion is not None:
                    self.columns.add(companion.name)
                    self.checks[companion.name] = (ok, ascii)
                    self.reasons[ascii] = (field, _ASCII_REASON)

    def unreadable(self, used: set[str]) -> list[str]:
        """The columns of ``used`` this reading does not compute."""
        return sorted(used - self.columns)

    def typed_checks(self, tested: set[str]) -> list[str]:
        """The ``?typed:`` checks of the fields whose columns a playlist tests (see :func:`typed_column`)."""
        return sorted({typed_column(f) for f in (self._field_of(name) for name in tested) if f})

    def frames(self, used: set[str], tested: set[str] | None = None,
               progress: Callable[[float], None] | None = None) -> Iterator[tuple[pl.DataFrame, Batch]]:
        """Each batch as a frame of ``_row``, ``?n``, ``?i``, the columns ``used`` and their checks, and the
        ``?typed:`` checks of the fields whose columns are ``tested``."""
        fields = sorted({self._field_of(name) for name in used} - {""})
        wanted = {ok for name in used for ok in self.checks.get(name, ())}
        typed = {self._field_of(name) for name in tested or ()} - {""}
        # A tested list, number or boolean field is read as its own type (see _native): values of another
        # type are refused there, and a clean batch is read once.
        native = {f for f in typed if self.fields[f].multivalued or self.fields[f].kind in ("number", "boolean")}
        texts: dict[str, pl.DataType] = {}
        for f in fields:
            texts[f] = _NATIVE[_native_kind(self.fields[f])] if f in native else (
                pl.List(pl.String()) if self.fields[f].multivalued else pl.String())
            texts.update({a: pl.String() for a in self.aliases.get(f, ())})
        built: dict[tuple[str, frozenset[str]], tuple[list[pl.Expr], list[pl.Expr]]] = {}
        for batch in batches(self.path, self.gzipped):
            frame = self._read(batch, texts, {k: f"?s:{k}" for k in texts})
            probes = self._probes(batch, frame, fields, typed, native)
            # Every probe of a batch in as few readings as its keys allow (a key is read once per reading).
            readings: list[tuple[dict[str, pl.DataType], dict[str, str]]] = []
            for f, letters in sorted(probes.items()):
                for letter in sorted(letters - {"d"}):
                    dtype, prefix = _PROBES[letter]
                    reading = next((r for r in readings if f not in r[0]), None)
                    if reading is None:
                        reading = ({}, {})
                        readings.append(reading)
                    reading[0][f], reading[1][f] = dtype, prefix + f
            for schema, names in readings:
                frame = frame.hstack(self._read(batch, schema, names))
            values: list[pl.Expr] = []
            companions: list[pl.Expr] = []
            for f in fields:
                key = (f, probes.get(f, frozenset()) | ({"typed"} if f in typed else set())
                       | ({"native"} if f in native else set()))
                if key not in built:
                    built[key] = self._expressions(self.fields[f], key[1], used, wanted)
                values += built[key][0]
                companions += built[key][1]
            frame = frame.with_columns(
                pl.Series(ROW, batch.positions, dtype=pl.Int64) - 1,
                pl.Series(POSITION, batch.positions, dtype=pl.Int64),
                pl.int_range(pl.len(), dtype=pl.Int64).alias(INDEX),
                *values,
            ).with_columns(*companions)
            yield frame, batch
            if progress is not None:
                progress(batch.done)

    def _field_of(self, name: str) -> str:
        if name == ROW:
            return ""
        for field, column in self.fields.items():
            if name == column.name or name in (ok_column(field), ok_column(field, True), typed_column(field)):
                return field
            for companion in (self.layout.fold(field), self.layout.terms(field)):
                if companion is not None and companion.name == name:
                    return field
        raise UnsupportedError(f"test or sort on {name}", "polars", "not computed from a JSON-lines catalog")

    def _read(self, batch: Batch, schema: dict[str, pl.DataType], names: dict[str, str]) -> pl.DataFrame:
        try:
            frame = pl.read_ndjson(io.BytesIO(batch.data), schema=schema, ignore_errors=True)
        except (pl.exceptions.PolarsError, pl.exceptions.PanicException) as err:  # a panic is no Exception
            raise self._unreadable(batch, err) from None
        if frame.height != len(batch.positions):
            raise InputError(self.path, f"Polars read {frame.height} records of {len(batch.positions)} lines "
                                        f"from record {batch.positions[0]}")
        return frame.rename(names)

    def _unreadable(self, batch: Batch, err: Exception) -> InputError:
        for line, position in zip(batch.lines, batch.positions):
            try:
                json.loads(line)
            except ValueError as bad:
                return InputError(self.path, f"record {position} is not JSON: {bad}")
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return InputError(self.path, f"Polars cannot read records {batch.positions[0]} to {batch.positions[-1]}: {reason}")

    def _probes(self, batch: Batch, frame: pl.DataFrame, fields: list[str], typed: set[str],
                native: set[str]) -> dict[str, frozenset[str]]:
        """The second readings a batch needs, by field: ``b`` (binary: which values of a field of one value are
        strings), ``s`` (a list field's values that are not lists, as text), ``e`` (a list field's lists as binary:
        which elements are strings), and ``d`` (a date field holding dates of other forms than
        ``YYYY-MM-DDTHH:MM:SSZ``). None where every text read can only be the string's (the usual batch).
        A field ``typed`` (tested) is probed wherever a text read may be a non-string's at all; one read as its
        own type (``native``) where a value is not of it (``s``: its text), and for a list holding nulls,
        which are JSON nulls or values of another type (``l``: the elements' text)."""
        tests: list[pl.Expr] = []
        for f in fields:
            column, s = self.fields[f], pl.col(f"?s:{f}")
            if f in native:
                tests.append(s.is_null().any().alias(f"s:{f}"))
                if column.multivalued:
                    tests.append((s.list.len() != s.list.drop_nulls().list.len()).any().alias(f"l:{f}"))
            elif column.multivalued:
                tests += [s.is_null().any().alias(f"s:{f}"), suspect(s.explode(), True).any().alias(f"e:{f}")]
            elif f in typed:  # a tested text, keyword or date field: any text a non-string may give
                tests.append(s.str.contains(_TYPED_SUSPECT).any().alias(f"b:{f}"))
            else:
                tests.append(suspect(s, column.kind in ("text", "keyword")).any().alias(f"b:{f}"))
            if column.kind == "date":  # any date not of the one common form, YYYY-MM-DDTHH:MM:SSZ
                tests.append((s.str.len_bytes() != 20).any().alias(f"d:{f}"))
        if not tests:
            return {}
        found = frame.select(tests).row(0, named=True)
        probes: dict[str, set[str]] = {}
        for name, flag in found.items():
            if not flag:
                continue
            probe, f = name.split(":", 1)
            if probe == "s":  # no list (no value of its own type): missing, unless its key is in the line
                needle = json.dumps(f).encode()
                rows = frame.select(pl.col(f"?s:{f}").is_null().arg_true()).to_series().to_list()
                if not any(needle in batch.lines[i] for i in rows):
                    continue
            probes.setdefault(f, set()).add(probe)
        return {f: frozenset(p) for f, p in probes.items()}

    def _expressions(self, column: Column, probes: frozenset[str], used: set[str],
                     wanted: set[str]) -> tuple[list[pl.Expr], list[pl.Expr]]:
        """A field's value column and the checks ``wanted`` (computed first), and its fold and terms columns
        ``used`` (from the value)."""
        field = column.field
        absent = [pl.col(f"?s:{a}").is_null() for a in self.aliases.get(field, ())]
        own: pl.Expr | None = None
        if "native" in probes:
            value, ok, ascii, own = _native(column, probes)
        elif column.multivalued:
            value, ok, ascii = _list(column, probes)
        else:
            value, ok, ascii = _single(column, "b" in probes, "d" in probes)
        values = [value.alias(column.name)]
        if "typed" in probes:
            own = _typed(column, probes) if own is None else own
            values.append(own.fill_null(True).alias(typed_column(field)))
        if ok_column(field) in wanted:
            values.append(pl.all_horizontal([ok.fill_null(True), *absent]).alias(ok_column(field)))
        if ascii is not None and ok_column(field, ascii=True) in wanted:
            values.append(ascii.fill_null(True).alias(ok_column(field, ascii=True)))
        companions: list[pl.Expr] = []
        folded, terms = self.layout.fold(field), self.layout.terms(field)
        v = pl.col(column.name)
        if folded is not None and folded.name in used:
            companions.append((v.list.eval(pl.element().str.to_lowercase()) if column.multivalued
                               else v.str.to_lowercase()).alias(folded.name))
        if terms is not None and terms.name in used:
            companions.append(_terms(column, v).alias(terms.name))
        return values, companions


#: Text a non-string may read as whose reading differs from the string's: a list or an object, or a
#: number other than an integer of at most 15 digits (the runtime writes a short integer, and a
#: boolean, as the string it reads as), in Polars' writing (``7.0`` reads as ``7``).
_SUSPECT_TEXT = (r"^(?:[\[{]|-?(?:0[0-9]+|[1-9][0-9]{15,}|[0-9]+\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)$"
                 r"|-0$)")
#: The same outside text fields, where only lists (but ``[]``) and objects read differently.
_SUSPECT_NESTED = r"^(?:\{|\[[^\]])"
_SHORT = _full(INTEGER)
#: Text any non-string may read as: a list, an object, a boolean, a number (in Polars' writing).
_TYPED_SUSPECT = r"^(?:[\[{]|true$|false$|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$)"


#: How a tested field is read as its own type, by :func:`_native_kind`.
_NATIVE: dict[str, pl.DataType] = {"list": pl.List(pl.Binary()), "number": pl.Float64(), "boolean": pl.Boolean()}
#: The second readings, by probe letter: their type and their columns' prefix.
_PROBES: dict[str, tuple[pl.DataType, str]] = {
    "b": (pl.Binary(), "?b:"), "s": (pl.String(), "?t:"), "e": (pl.List(pl.Binary()), "?e:"), "l": (pl.List(pl.String()), "?l:"),
}


def _native_kind(column: Column) -> str:
    return "list" if column.multivalued else column.kind


def _native(column: Column, probes: frozenset[str]) -> tuple[pl.Expr, pl.Expr, pl.Expr | None, pl.Expr]:
    """A tested field read as its own type: ``?s:`` a list of binary (strings; others null), a number, a
    boolean; probed, ``?t:`` the text of values that are not of that type (``s``), ``?l:`` a list's
    elements as text (``l``). Its value, its check, its ASCII check, its own-type check (the same: a
    value of another type is refused here, where the field is tested)."""
    field = column.field
    s = pl.col(f"?s:{field}")
    text = pl.col(f"?t:{field}") if "s" in probes else None
    if column.multivalued:
        value: pl.Expr = s.cast(pl.List(pl.String()))
        own: pl.Expr = pl.lit(True)
        if "l" in probes:  # a null element is a JSON null where the text reading has none there either
            own = s.list.drop_nulls().list.len() == pl.col(f"?l:{field}").list.drop_nulls().list.len()
        if text is not None:  # a value that is not a list: a string, unless its text may be another type's
            alone = s.is_null() & text.is_not_null()
            value = pl.when(s.is_not_null()).then(value).when(alone).then(pl.concat_list([text]))
            own = own & (~alone | ((text != "") & (text.str.starts_with("[") | ~text.str.contains(_TYPED_SUSPECT))))
        joined = value.list.join("", ignore_nulls=True)
        return value, own, joined.str.len_bytes() == joined.str.len_chars(), own
    value = pl.when(s.is_finite()).then(s) if column.kind == "number" else s
    if text is None:
        return value, pl.lit(True), None, pl.lit(True)
    own = s.is_not_null() | text.is_null() | (text == "[]")
    return value, own, None, own


def _typed(column: Column, probes: frozenset[str]) -> pl.Expr:
    """Whether a tested text, keyword or date field's value is a string, or null, missing or ``[]`` (list,
    number and boolean fields are read as their own type where tested: :func:`_native`). The runtime
    compares a value by its JSON type (``7`` equals ``"07"``, ``"7"`` does not), which a typed column
    does not keep: a value of another type is refused there."""
    if "b" not in probes:  # no text read in the batch may be a non-string's
        return pl.lit(True)
    s = pl.col(f"?s:{column.field}")
    is_str = pl.col(f"?b:{column.field}").is_not_null()
    return s.is_null() | is_str | (s == "[]")


def suspect(s: pl.Expr, text: bool) -> pl.Expr:
    """Whether the text read of a value may be a non-string's that reads otherwise than the string
    (in a text or keyword field: ``text``)."""
    return s.str.contains(_SUSPECT_TEXT if text else _SUSPECT_NESTED)


def _single(column: Column, probed: bool, dates: bool = True) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """A field of one value: its value column, its check, and its ASCII check (text and keyword fields).

    Unprobed, every text read is a string's or reads as the string would (see :func:`_suspect`);
    probed, ``?b:`` holds the strings, and a non-string's type is told by its text's first character.
    Dates are read in every form of :func:`_instant` where ``dates``, else in the common one only."""
    s = pl.col(f"?s:{column.field}")
    is_str = pl.col(f"?b:{column.field}").is_not_null() if probed else s.is_not_null()
    head = s.str.slice(0, 1)
    other = s.is_not_null() & ~is_str
    is_bool = other & s.is_in(["true", "false"])
    no_list = ~(other & (head == "[") & (s != "[]"))
    is_number = other & ~head.is_in(["[", "{", "t", "f"])
    digits = s.str.contains(r"\pN")
    kind = column.kind
    if kind in ("text", "keyword"):
        short = is_number & s.str.contains(_SHORT)
        text_ok = ~s.str.contains("\x00", literal=True)
        if not probed:
            return s, text_ok, s.str.len_bytes() == s.str.len_chars()
        value = pl.when(is_str | is_bool | short).then(s)
        ok = s.is_null() | (is_str & text_ok) | (other & no_list & (~is_number | short))
        return value, ok, ~is_str | (s.str.len_bytes() == s.str.len_chars())
    if kind == "number":
        plain = s.str.contains(_full(NUMBER))
        number = s.cast(pl.Float64, strict=False)
        if not probed:  # a number's text is plain; a boolean's or "[]" has no digit
            return pl.when(plain & number.is_finite()).then(number), plain | ~digits, None
        value = pl.when((is_str & plain) | is_number).then(pl.when(number.is_finite()).then(number))
        return value, s.is_null() | (is_str & (plain | ~digits)) | (other & no_list), None
    if kind == "date":
        instant = _instant(s) if dates else _instant_z(s)
        if not probed:  # a number's text has digits and is no date: refused, as DuckDB refuses epoch numbers
            return instant, instant.is_not_null() | ~digits, None
        typed = pl.when(is_str).then(instant)
        return typed, s.is_null() | (is_str & (typed.is_not_null() | ~digits)) | (other & no_list & ~is_number), None
    flag = s.str.contains(_full(" *(?i:true|false) *"))
    truth = s.str.strip_chars(" ").str.to_lowercase() == "true"
    if not probed:  # a boolean's text reads as the string's; a number's is printable and no flag
        return pl.when(flag).then(truth), s.str.contains(_full(PRINTABLE)), None
    return pl.when(is_bool).then(s == "true").when(is_str & flag).then(truth), s.is_null() | (is_str & s.str.contains(_full(PRINTABLE))) | (other & no_list), None


def _list(column: Column, probes: frozenset[str]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """A multivalued text or keyword field: ``?s:`` its lists' elements as text; probed, ``?t:`` the text of
    values that are not lists (``s``), ``?e:`` the lists as binary, which holds their strings (``e``)."""
    field = column.field
    listed = pl.col(f"?s:{field}")
    value, ok = listed, pl.lit(True)
    if "s" in probes:
        single = pl.col(f"?t:{field}")
        alone = listed.is_null() & single.is_not_null()
        ambiguous = single.str.contains(_SUSPECT_TEXT) & ~single.str.starts_with("[")  # "[": a string (no list)
        value = pl.when(listed.is_not_null()).then(listed).when(alone).then(pl.concat_list([single]))
        ok = ~alone | ((single != "") & ~ambiguous)
    if "e" in probes:
        strings = pl.col(f"?e:{field}").cast(pl.List(pl.String()))
        # Every element whose text may be a non-string's is a string (the binary reading holds it).
        ok = ok & (_suspects(listed, _SUSPECT_TEXT) == _suspects(strings, _SUSPECT_TEXT))
    joined = value.list.join("", ignore_nulls=True)
    return value, ok, joined.str.len_bytes() == joined.str.len_chars()


def _suspects(lists: pl.Expr, pattern: str) -> pl.Expr:
    return lists.list.eval(pl.element().str.contains(pattern).fill_null(False)).list.sum()


def _terms(column: Column, value: pl.Expr) -> pl.Expr:
    """``__terms`` of ASCII text: a text field's words (``[a-z0-9]+`` of its lower case), a keyword field's whole values."""
    if column.kind == "text":
        text = value.list.join(" ", ignore_nulls=True) if column.multivalued else value
        return text.str.to_lowercase().str.extract_all("[a-z0-9]+")
    listed = value.list.drop_nulls() if column.multivalued else pl.concat_list([value]).list.drop_nulls()
    if column.case_insensitive:
        listed = listed.list.eval(pl.element().str.to_lowercase())
    return pl.when(value.is_not_null()).then(listed)


def _instant(s: pl.Expr) -> pl.Expr:
    """The instant of a strict ISO 8601 or platform RFC 2822 string (years 0002-9998), else null."""
    year = s.str.slice(0, 4).cast(pl.Int32, strict=False)
    zoned = (pl.when(s.str.len_bytes() == 10).then(s + "T00:00:00+00:00")
             .when(s.str.ends_with("Z")).then(s.str.replace("Z$", "+00:00"))
             .when(s.str.contains("[+-][0-9]{2}:[0-9]{2}$")).then(s)
             .otherwise(s + "+00:00"))
    iso = zoned.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_unit="us", time_zone="UTC")
    rfc_year = s.str.slice(12, 4).cast(pl.Int32, strict=False)
    rfc = s.str.to_datetime("%a, %d %b %Y %H:%M:%S %z", strict=False, time_unit="us", time_zone="UTC")
    return (pl.when(s.str.contains(_full(ISO)) & year.is_between(2, 9998)).then(iso)
            .when(s.str.contains(_full(RFC2822)) & rfc_year.is_between(2, 9998)).then(rfc))


def _instant_z(s: pl.Expr) -> pl.Expr:
    """:func:`_instant` of a batch whose dates are all 20 characters long: only ``YYYY-MM-DDTHH:MM:SSZ`` is a date."""
    year = s.str.slice(0, 4).cast(pl.Int32, strict=False)
    naive = s.str.to_datetime("%Y-%m-%dT%H:%M:%SZ", strict=False, time_unit="us")
    return pl.when(s.str.contains(_full(ISO)) & year.is_between(2, 9998)).then(naive.dt.replace_time_zone("UTC"))
