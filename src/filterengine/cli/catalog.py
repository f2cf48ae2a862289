"""Reading clip catalogs and playlists from files: format detection, streaming, errors.

A catalog is a JSON array, JSON lines, a ``{"items": [...]}`` response or a
clip-service ``Collection`` envelope, told apart by its content; gzip is detected
by its magic bytes (so ``.gz`` files and compressed stdin both work). JSON lines
and JSON arrays are streamed record by record, never loaded whole; an envelope is
one JSON document and is read whole.

Every problem is a :class:`InputError` naming the file and the line (and, inside
a document, the JSON pointer). With ``skip_bad=True`` a bad record (a line that
is not JSON, or a value that is not an object) is reported to ``on_skip`` and
skipped instead.

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

import gzip
import io
import itertools
import json
import re
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any, cast

from ..errors import InputError

__all__ = ["InputError", "Catalog", "open_catalog", "open_binary", "read_json_document", "json_kind"]

_CHUNK = 1 << 16
_LOOKAHEAD = 1 << 20
_WS = " \t\r\n"
_DECODER = json.JSONDecoder()
_LONG_INTEGER = re.compile(r"\d{4301,}")


def _number_error(text: str, pos: int = 0) -> json.JSONDecodeError:
    """Python's limit on an int's digits (a bare ``ValueError`` from the decoder) as a JSON error at the number."""
    found = _LONG_INTEGER.search(text, pos)
    return json.JSONDecodeError("a number of more than 4,300 digits", text, found.start() if found else pos)


def _depth_error(text: str, pos: int = 0) -> json.JSONDecodeError:
    """The decoder's ``RecursionError`` (arrays or objects nested about a thousand deep) as a JSON error."""
    return json.JSONDecodeError("values nested too deeply", text, pos)


def _loads(text: str) -> Any:
    """``json.loads``, raising only ``JSONDecodeError`` (also for an integer of more digits than Python
    reads, and for values nested deeper than Python's decoder goes)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:
        raise _number_error(text) from None
    except RecursionError:
        raise _depth_error(text) from None


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


def _json_reason(err: json.JSONDecodeError) -> str:
    return f"invalid JSON: {err.msg} (column {err.colno})"


def open_binary(raw: IO[bytes]) -> IO[bytes]:
    """``raw`` as a buffered byte stream, gunzipped when it starts with gzip's magic bytes."""
    buffered: Any = raw if hasattr(raw, "peek") else io.BufferedReader(cast(Any, raw))
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return cast(IO[bytes], gzip.GzipFile(fileobj=buffered, mode="rb"))
    return cast(IO[bytes], buffered)


def _text(binary: IO[bytes]) -> IO[str]:
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline=None)


class Catalog:
    """An iterable of clip records read from one source; iterate it once.

    ``format`` is ``"jsonl"``, ``"array"`` or ``"envelope"``; ``envelope`` holds the
    envelope's other keys (such as a Collection's ``@id``); ``skipped`` counts bad
    records skipped.
    """

    def __init__(
        self,
        source: str,
        text: IO[str],
        skip_bad: bool = False,
        on_skip: Callable[[InputError], None] | None = None,
    ):
        self.source = source
        self.skip_bad = skip_bad
        self.on_skip = on_skip
        self.skipped = 0
        self.envelope: dict[str, Any] = {}
        self._text = text
        self._line = 0
        self._items: list[Any] = []
        self._pending: list[tuple[int, Any]] = []
        self._pending_error: InputError | None = None
        self.format, self._first = self._detect()

    # -- detection ---------------------------------------------------------

    def _readline(self) -> str:
        line = self._guard(self._text.readline)
        if line:
            self._line += 1
        return line

    def _guard(self, read: Callable[..., str], *args: Any) -> str:
        try:
            return read(*args)
        except UnicodeDecodeError as err:
            raise InputError(self.source, f"not UTF-8 text ({err.reason})", self._line + 1) from None
        except (OSError, EOFError, zlib.error) as err:
            raise InputError(self.source, _read_reason(err)) from None

    def _detect(self) -> tuple[str, str]:
        line = self._readline()
        while line and not line.strip():
            line = self._readline()
        stripped = line.lstrip(_WS)
        if not stripped:
            return "jsonl", ""
        if stripped[0] == "[":
            return "array", line
        if stripped[0] != "{":
            raise InputError(
                self.source,
                "expected a JSON array, JSON lines, or an object with \"items\"",
                self._line,
            )
        try:
            first = _loads(line)
        except json.JSONDecodeError:
            return self._detect_multiline(line)
        first_line = self._line
        rest = self._readline()
        while rest and not rest.strip():
            rest = self._readline()
        if not rest and isinstance(first, dict) and "items" in first:
            self._items = self._envelope_items(first, self._line)
            return "envelope", ""
        self._pending = [(first_line, first)]
        return "jsonl", rest

    def _detect_multiline(self, first_line: str) -> tuple[str, str]:
        start = self._line
        second = self._readline()
        while second and not second.strip():
            second = self._readline()
        if second.lstrip(_WS).startswith("{"):
            try:
                _loads(second)
            except json.JSONDecodeError:
                pass
            else:  # JSON lines whose first line is broken
                self._pending_error = InputError(
                    self.source, _json_reason(_error_of(first_line)), start
                )
                self._pending = [(self._line, _loads(second))]
                return "jsonl", ""
        document = first_line + second + self._guard(self._text.read)
        try:
            value = _loads(document)
        except json.JSONDecodeError as err:
            raise InputError(self.source, f"invalid JSON: {err.msg} (column {err.colno})", start + err.lineno - 1) from None
        if not isinstance(value, dict) or "items" not in value:
            raise InputError(self.source, "a JSON object here must hold the clips in \"items\"", start)
        self._items = self._envelope_items(value, start)
        return "envelope", ""

    def _envelope_items(self, value: dict[str, Any], line: int) -> list[Any]:
        items = value["items"]
        if not isinstance(items, list):
            raise InputError(self.source, f"must be an array of clips, not {json_kind(items)}", line, "/items")
        self.envelope = {k: v for k, v in value.items() if k != "items"}
        return items

    # -- iteration ---------------------------------------------------------

    def __iter__(self) -> Iterator[Any]:
        if self.format == "envelope":
            return self._iter_envelope()
        if self.format == "array":
            return self._iter_array()
        return self._iter_jsonl()

    def _bad(self, error: InputError) -> None:
        if not self.skip_bad:
            raise error
        self.skipped += 1
        if self.on_skip is not None:
            self.on_skip(error)

    def _iter_envelope(self) -> Iterator[Any]:
        for i, item in enumerate(self._items):
            if isinstance(item, dict):
                yield item
            else:
                self._bad(InputError(self.source, f"a clip must be a JSON object, not {json_kind(item)}", None, f"/items/{i}"))

    def _iter_jsonl(self) -> Iterator[Any]:
        if self._pending_error is not None:
            self._bad(self._pending_error)
        for line, record in self._pending:
            if isinstance(record, dict):
                yield record
            else:
                self._bad(InputError(self.source, f"a clip must be a JSON object, not {json_kind(record)}", line))
        self._pending = []
        number = self._line - (1 if self._first else 0)
        lines = itertools.chain((self._first,) if self._first else (), self._text)
        decode = _DECODER.raw_decode
        try:
            for text in lines:
                number += 1
                try:
                    # raw_decode skips json.loads' two whitespace scans; a line with
                    # leading blanks or an error takes the careful path below.
                    record, end = decode(text)
                    if end != len(text) and not text[end:].isspace():
                        raise json.JSONDecodeError("Extra data", text, end)
                except (ValueError, RecursionError):  # a JSONDecodeError, an int of too many digits, too deep
                    if not text.strip():
                        continue
                    try:
                        record = _loads(text)
                    except json.JSONDecodeError:
                        # Re-parse without the newline, so an error at the end names this line's column.
                        reason = _json_reason(_error_of(text.rstrip("\r\n")))
                        self._line = number
                        self._bad(InputError(self.source, reason, number))
                        continue
                if record.__class__ is dict:
                    yield record
                else:
                    self._line = number
                    self._bad(InputError(self.source, f"a clip must be a JSON object, not {json_kind(record)}", number))
        except UnicodeDecodeError as err:
            raise InputError(self.source, f"not UTF-8 text ({err.reason})", number + 1) from None
        except (OSError, EOFError, zlib.error) as err:
            raise InputError(self.source, _read_reason(err)) from None

    def _iter_array(self) -> Iterator[Any]:
        """Decode the array element by element from a sliding buffer."""
        buf = self._first
        pos = buf.index("[") + 1
        line = self._line  # the line number of buf[0]
        eof = False
        index = 0

        def more() -> bool:
            nonlocal buf, pos, line, eof
            if eof:
                return False
            chunk = self._guard(self._text.read, _CHUNK)
            if not chunk:
                eof = True
                return False
            line += buf.count("\n", 0, pos)
            buf = buf[pos:] + chunk
            pos = 0
            return True

        def skip_ws() -> str:
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in _WS:
                    pos += 1
                if pos < len(buf):
                    return buf[pos]
                if not more():
                    return ""

        def here(at: int | None = None) -> int:
            return line + buf.count("\n", 0, pos if at is None else at)

        expect_value = True
        first = True
        while True:
            ch = skip_ws()
            if ch == "":
                raise InputError(self.source, "the JSON array is not closed (missing ']')", here())
            if ch == "]" and (first or not expect_value):
                pos += 1
                break
            if not expect_value:
                if ch != ",":
                    raise InputError(self.source, f"invalid JSON: expected ',' or ']' after element {index - 1}, found {ch!r}", here(), f"/{index}")
                pos += 1
                expect_value = True
                continue
            while True:
                try:
                    try:
                        value, end = _DECODER.raw_decode(buf, pos)
                    except json.JSONDecodeError:
                        raise
                    except ValueError:
                        raise _number_error(buf, pos) from None
                    except RecursionError:
                        raise _depth_error(buf, pos) from None
                except json.JSONDecodeError as err:
                    # A truncated element needs more text; a broken one fails again
                    # with a megabyte after the error, so a bad file is not read whole.
                    if err.pos + _LOOKAHEAD > len(buf) and more():
                        continue
                    raise InputError(self.source, _json_reason(err), here(err.pos), f"/{index}") from None
                if end == len(buf) and more():
                    continue  # a number may go on in the next chunk
                break
            start_line = here()
            pos = end
            if isinstance(value, dict):
                yield value
            else:
                self._bad(InputError(self.source, f"a clip must be a JSON object, not {json_kind(value)}", start_line, f"/{index}"))
            index += 1
            first = False
            expect_value = False
        if skip_ws():
            raise InputError(self.source, "unexpected content after the JSON array", here())


def _read_reason(err: BaseException) -> str:
    if isinstance(err, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip data ({err})"
    if isinstance(err, EOFError):
        return "truncated gzip data (the file ends before the compressed stream does)"
    return f"cannot read: {err}"


def _error_of(text: str) -> json.JSONDecodeError:
    try:
        _loads(text)
    except json.JSONDecodeError as err:
        return err
    raise AssertionError("text parses")  # pragma: no cover


def open_catalog(
    raw: IO[bytes],
    source: str,
    skip_bad: bool = False,
    on_skip: Callable[[InputError], None] | None = None,
) -> Catalog:
    """Detect the format of ``raw`` (bytes, maybe gzipped) and return its records."""
    return Catalog(source, _text(open_binary(raw)), skip_bad, on_skip)


def read_json_document(raw: IO[bytes], source: str) -> Any:
    """One JSON document (a playlist), with a line-numbered error when it is not JSON."""
    text = _text(open_binary(raw))
    try:
        content = text.read()
    except UnicodeDecodeError as err:
        raise InputError(source, f"not UTF-8 text ({err.reason})") from None
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(source, _read_reason(err)) from None
    try:
        return _loads(content)
    except json.JSONDecodeError as err:
        if not content.strip():
            raise InputError(source, "empty file; expected a JSON object") from None
        raise InputError(source, _json_reason(err), err.lineno) from None
