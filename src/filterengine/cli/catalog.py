"""Reading clip catalogs and playlists from files: format detection, streaming, errors.

A catalog is one of:

- a stream of JSON values: JSON lines, or values one after another however they are
  laid out (``jq '.items[]'`` prints them pretty-printed);
- a JSON array, on one line or many;
- an object whose ``"items"`` is an array (a search response, a clip-service
  ``Collection``), first in the input, with nothing after it; its other keys are kept
  in :attr:`Catalog.envelope`.

Gzip is detected by its magic bytes (so ``.gz`` files and compressed stdin both work).
Every shape is streamed, record by record, in a window of bounded size (see
:mod:`.source`): the time is linear in the input and the memory does not grow with it,
whether the input is one line or many. A record larger than
:attr:`ReadLimits.max_record` and gzip data that expands too much are errors.

Every problem is an :class:`InputError` naming the file, the line (the column too,
for a syntax error or a byte that is not UTF-8) and, inside an array, the JSON
pointer. With ``skip_bad=True`` a bad record (one that is not JSON, not an object,
not UTF-8 or too large) is reported to ``on_skip`` and skipped instead; reading goes
on with the next array element, or, in a stream, at the next line that begins with a
value in its first column.

>>> import io
>>> source = io.BytesIO(b'{"id": "1"}\\n\\n{"id": "2"}\\n')
>>> catalog = open_catalog(source, "clips.jsonl")
>>> catalog.format, [c["id"] for c in catalog]
('jsonl', ['1', '2'])
>>> list(open_catalog(io.BytesIO(b'{"id": "1"}\\n[2]\\n'), "bad.jsonl"))
Traceback (most recent call last):
...
filterengine.errors.InputError: bad.jsonl: line 2: a clip must be a JSON object, not an array
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..errors import InputError
from .source import ReadError, ReadFailure, ReadLimits, Source, TooLarge, format_size

__all__ = ["InputError", "Catalog", "ReadLimits", "open_catalog", "read_json_document", "json_kind"]

_DECODER = json.JSONDecoder()
_ITEMS = re.compile(r'"items"\s*:\s*\[')
_ENVELOPE = 'the {"items": [...]} object'


def json_kind(value: Any) -> str:
    """How JSON names the type of ``value``, with an article: ``an array``, ``null``, ..."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


class _Reader:
    """Errors that name ``source`` and the line and column of a position in ``src``."""

    def __init__(self, source: str, src: Source, limits: ReadLimits):
        self.source = source
        self.src = src
        self.limits = limits

    def error(self, reason: str, index: int | None, pointer: str | None = None, column: bool = False) -> InputError:
        if index is None:
            return InputError(self.source, reason, None, pointer)
        line, col = self.src.where(index)
        if column:
            reason = f"{reason} (column {col})"
        return InputError(self.source, reason, line, pointer, col)

    def not_utf8(self, index: int, pointer: str | None = None) -> InputError:
        line, col = self.src.where(index)
        reason = f"not UTF-8 text: {self.src.bad_byte(index)} at column {col}"
        return InputError(self.source, reason, line, pointer, col)

    def syntax(self, err: ReadError, start: int, pointer: str | None = None, what: str = "a record") -> InputError:
        """A value at ``start`` that could not be decoded: a byte that is not UTF-8 in it first."""
        end = start if err.index is None else err.index
        bad = self.src.bad_between(start, end)
        if bad is not None:
            return self.not_utf8(bad, pointer)
        if isinstance(err, TooLarge):
            size = format_size(self.limits.max_record)
            return self.error(f"{what} larger than {size} (the limit; see --max-record-size)", start, pointer)
        return self.error(err.reason, err.index, pointer, column=err.index is not None)


class Catalog:
    """An iterable of clip records read from one source; iterate it once.

    ``format`` is ``"jsonl"`` (JSON lines, or any stream of JSON values), ``"array"`` or
    ``"envelope"``; ``envelope`` holds the envelope's other keys (such as a Collection's
    ``@id``; those after ``"items"`` once the records have been read); ``skipped`` counts
    bad records skipped.
    """

    def __init__(
        self,
        source: str,
        raw: IO[bytes],
        skip_bad: bool = False,
        on_skip: Callable[[InputError], None] | None = None,
        limits: ReadLimits | None = None,
    ):
        self.source = source
        self.skip_bad = skip_bad
        self.on_skip = on_skip
        self.skipped = 0
        self.envelope: dict[str, Any] = {}
        self.limits = limits or ReadLimits()
        try:
            self._src = Source(raw, self.limits)
        except ReadFailure as err:
            raise InputError(source, err.reason) from None
        self._r = _Reader(source, self._src, self.limits)
        self._first: tuple[Any, InputError | None] | None = None  # a first value read while detecting
        self._started = False
        try:
            self.format = self._detect()
        except ReadFailure as err:
            raise InputError(source, err.reason) from None

    # -- detection ---------------------------------------------------------

    def _detect(self) -> str:
        src = self._src
        ch = src.skip_ws()
        if ch == "[":
            src.pos += 1
            return "array"
        if ch != "{":
            return "jsonl"
        start = src.pos
        if _ITEMS.search(src.text, start - src.offset):  # maybe an envelope: never read it whole
            return self._open_object(start)
        try:
            value, end = src.decode(start, self.limits.max_record)
        except ReadFailure:
            raise
        except ReadError as err:
            if isinstance(err, TooLarge):  # maybe an envelope whose "items" comes late
                return self._open_object(start)
            return "jsonl"  # a broken first record: reading reports it
        if isinstance(value, dict) and "items" in value:
            return self._open_object(start)
        self._first = (value, self._check(value, start, end))
        src.pos = end
        return "jsonl"

    def _open_object(self, start: int) -> str:
        """Read the object at ``start`` member by member: an envelope up to its ``"items"`` array
        (``"envelope"``, the reader at the array's first element), or the first record of a
        stream (``"jsonl"``, the record or its error pending). The members before ``"items"``
        count as one record for the size limit."""
        src, limit = self._src, self.limits.max_record
        src.pos = start + 1
        src.hold(start, limit)
        members: dict[str, Any] = {}
        try:
            ch = src.skip_ws()
            if ch == "}":
                src.pos += 1
            while ch != "}":
                key = self._member_key()
                if key == "items" and src.char(src.pos) == "[":
                    src.release()
                    src.pos += 1
                    self.envelope = members
                    return "envelope"
                members[key], src.pos = src.decode(src.pos, limit - (src.pos - start))
                ch = self._after_member()
        except ReadFailure:
            raise
        except ReadError as err:
            src.release()
            self._first = (None, self._stream_error(err, start, False))
            src.skip_to_line(max(err.index or start, start + 1))
            return "jsonl"
        self._first = (members, self._check(members, start, src.pos))
        src.release()
        if "items" in members:  # not an array; alone, this object was meant as an envelope
            error = self._r.error(f"must be an array of clips, not {json_kind(members['items'])}", start, "/items")
            if not src.skip_ws():
                raise error
        return "jsonl"

    def _member_key(self) -> str:
        """``"key":`` at the cursor; the cursor ends on the value after it."""
        src = self._src
        if src.skip_ws() != '"':
            raise ReadError("invalid JSON: Expecting property name enclosed in double quotes", src.pos)
        key, src.pos = src.decode(src.pos, self.limits.max_record)
        if src.skip_ws() != ":":
            raise ReadError("invalid JSON: Expecting ':' delimiter", src.pos)
        src.pos += 1
        src.skip_ws()
        return str(key)

    def _after_member(self) -> str:
        """Past the ``,`` or ``}`` after a member; which one it was."""
        src = self._src
        ch = src.skip_ws()
        if ch not in (",", "}") or not ch:
            raise ReadError("invalid JSON: Expecting ',' delimiter", src.pos)
        src.pos += 1
        return ch

    # -- iteration ---------------------------------------------------------

    def __iter__(self) -> Iterator[Any]:
        if self._started:
            return iter(())
        self._started = True
        return self._guarded()

    def _guarded(self) -> Iterator[Any]:
        try:
            if self.format == "envelope":
                yield from self._iter_envelope()
            elif self.format == "array":
                yield from self._iter_elements("")
                if self._src.skip_ws():
                    raise self._r.error("unexpected content after the JSON array", self._src.pos)
            else:
                yield from self._iter_stream()
        except ReadFailure as err:
            raise InputError(self.source, err.reason) from None

    def _bad(self, error: InputError) -> None:
        if not self.skip_bad:
            raise error
        self.skipped += 1
        if self.on_skip is not None:
            self.on_skip(error)

    def _check(self, value: Any, start: int, end: int, pointer: str | None = None) -> InputError | None:
        """Why a decoded value is not a clip record, or None."""
        bad = self._src.bad_between(start, end)
        if bad is not None:
            return self._r.not_utf8(bad, pointer)
        if value.__class__ is dict:
            return None
        return self._r.error(f"a clip must be a JSON object, not {json_kind(value)}", start, pointer)

    def _iter_envelope(self) -> Iterator[Any]:
        src = self._src
        yield from self._iter_elements("/items")
        try:
            ch = self._after_member()
            while ch != "}":
                key = self._member_key()
                value, src.pos = src.decode(src.pos, self.limits.max_record)
                self.envelope[key] = value
                ch = self._after_member()
        except ReadFailure:
            raise
        except ReadError as err:
            raise self._r.syntax(err, src.pos) from None
        if src.skip_ws():
            raise self._r.error(f"unexpected content after {_ENVELOPE}", src.pos)

    def _iter_elements(self, prefix: str) -> Iterator[Any]:
        """The elements of the array whose '[' the cursor is just past."""
        src, limit = self._src, self.limits.max_record
        index = 0
        expect_value = True
        take = src.take
        while True:
            record = take(limit, "" if expect_value else ",")
            if record is not None:
                index += 1
                expect_value = False
                yield record
                continue
            ch = src.skip_ws()
            if ch == "":
                raise self._r.error("the JSON array is not closed (missing ']')", src.pos)
            if ch == "]" and (index == 0 or not expect_value):
                src.pos += 1
                return
            pointer = f"{prefix}/{index}"
            start = src.pos
            if not expect_value:
                if ch == ",":
                    src.pos += 1
                    expect_value = True
                    continue
                reason = f"invalid JSON: expected ',' or ']' after element {index - 1}, found {ch!r}"
                self._bad(self._r.error(reason, start, pointer))
                src.skip_element(start)
                index += 1
                continue
            try:
                value, end = src.decode(start, limit)
            except ReadFailure:
                raise
            except ReadError as err:
                self._bad(self._r.syntax(err, start, pointer))
                src.skip_element(start)
                index += 1
                expect_value = False
                continue
            problem = self._check(value, start, end, pointer)
            src.pos = end
            index += 1
            expect_value = False
            if problem is None:
                yield value
            else:
                self._bad(problem)

    def _iter_stream(self) -> Iterator[Any]:
        src, limit = self._src, self.limits.max_record
        first = True
        if self._first is not None:
            value, problem = self._first
            self._first, first = None, False
            if problem is None:
                yield value
            else:
                self._bad(problem)
        take = src.take
        while True:
            record = take(limit)
            if record is not None:
                first = False
                yield record
                continue
            ch = src.skip_ws()
            if not ch:
                return
            start = src.pos
            try:
                value, end = src.decode(start, limit)
            except ReadFailure:
                raise
            except ReadError as err:
                self._bad(self._stream_error(err, start, first and ch not in "{["))
                src.skip_to_line(max(err.index or start, start + 1))
                first = False
                continue
            first = False
            problem = self._check(value, start, end)
            src.pos = end
            if problem is None:
                yield value
            else:
                self._bad(problem)

    def _stream_error(self, err: ReadError, start: int, not_json: bool) -> InputError:
        """The error for the value at ``start``; for JSON lines, the line's own error.

        When the value's line ends early and the error is where the next line starts a new
        value (``{"id": 1,`` then ``{"id": 2}``), the line is the broken record.
        """
        src = self._src
        if not_json and not isinstance(err, TooLarge) and src.bad_between(start, err.index or start) is None:
            return self._r.error('expected a JSON array, JSON lines, or an object with "items"', start)
        if err.index is not None and not isinstance(err, TooLarge) and src.bad_between(start, err.index) is None:
            rel = start - src.offset
            newline = src.text.find("\n", rel, err.index - src.offset)
            if newline >= 0 and src.text[newline : err.index - src.offset].isspace():
                try:
                    _DECODER.raw_decode(src.text[rel:newline].rstrip("\r"))
                except json.JSONDecodeError as line_err:
                    return self._r.error(f"invalid JSON: {line_err.msg}", start + line_err.pos, column=True)
        return self._r.syntax(err, start)


def open_catalog(
    raw: IO[bytes],
    source: str,
    skip_bad: bool = False,
    on_skip: Callable[[InputError], None] | None = None,
    limits: ReadLimits | None = None,
) -> Catalog:
    """Detect the format of ``raw`` (bytes, maybe gzipped) and return its records."""
    return Catalog(source, raw, skip_bad, on_skip, limits)


def read_json_document(raw: IO[bytes], source: str, limits: ReadLimits | None = None) -> Any:
    """One JSON document (a playlist), with a line-numbered error when it is not JSON."""
    limits = limits or ReadLimits()
    try:
        src = Source(raw, limits)
        reader = _Reader(source, src, limits)
        if not src.skip_ws():
            raise InputError(source, "empty file; expected a JSON object")
        start = src.pos
        try:
            value, end = src.decode(start, limits.max_record)
        except ReadFailure:
            raise
        except ReadError as err:
            raise reader.syntax(err, start, what="a JSON document") from None
        bad = src.bad_between(start, end)
        if bad is not None:
            raise reader.not_utf8(bad)
        src.pos = end
        if src.skip_ws():
            raise reader.error("invalid JSON: Extra data", src.pos, column=True)
        return value
    except ReadFailure as err:
        raise InputError(source, err.reason) from None
