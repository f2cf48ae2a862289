"""Text from a byte stream, read in chunks into a bounded window: what the catalog reader parses.

:class:`Source` reads bytes (gunzipped when they start with gzip's magic bytes), decodes
them as UTF-8 and keeps only a window of the text: what the reader has not consumed yet,
plus the value it is decoding. Positions are absolute character offsets into the whole
text, so the window can move under the reader; :meth:`Source.where` turns one into a
line and column, counting each character once however the window moves.

Two limits (:class:`ReadLimits`) bound what one input can cost: a JSON value (a record, a
playlist) larger than ``max_record`` characters is refused before it is read whole, and
gzip data that expands more than ``max_gzip_ratio`` times is refused once it passes
``gzip_floor`` bytes (a decompression bomb).

A byte that is not UTF-8 does not stop the decoding: it becomes a lone surrogate
(``surrogateescape``), which no JSON value can hold unnoticed. :meth:`Source.bad_between`
finds it, so the reader reports the line and column of the record that holds it, and
can skip that record alone.

>>> import io
>>> src = Source(io.BytesIO(b'  {"id": 1}\\n'), ReadLimits())
>>> src.skip_ws(), src.pos, src.where(src.pos)
('{', 2, (1, 3))
>>> src.decode(src.pos, 100)
({'id': 1}, 11)
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass
from typing import IO, Any, cast

__all__ = ["ReadLimits", "ReadError", "ReadFailure", "TooLarge", "Source", "format_size", "parse_size"]

MiB = 1 << 20
_CHUNK = 1 << 16
#: A decode error this close to the end of the window may only mean the value goes on.
_MARGIN = 32
_NONWS = re.compile(r"[^ \t\n\r]")
_NONWS_AFTER_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*[^ \t\n\r]")
_BAD = re.compile("[\udc80-\udcff]")
_DIGITS = frozenset("0123456789")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class ReadLimits:
    """What one input may cost. ``max_record``: characters in one JSON value (a clip, a playlist);
    ``max_gzip_ratio``: how many times gzip data may expand (0: no limit), checked once more than
    ``gzip_floor`` bytes have come out, so small, very repetitive files always pass."""

    max_record: int = 16 * MiB
    max_gzip_ratio: float = 100.0
    gzip_floor: int = MiB


class ReadError(Exception):
    """Why the text cannot be read, and where: ``index`` is an absolute position, or None."""

    def __init__(self, reason: str, index: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.index = index


class TooLarge(ReadError):
    """A JSON value starting at ``index`` is longer than the limit."""


class ReadFailure(ReadError):
    """The input itself cannot be read on (a read failed, corrupt gzip, a decompression bomb)."""


def format_size(size: float) -> str:
    """``16 MiB``, ``512 KiB``, ``100 bytes``.

    >>> format_size(16 * MiB), format_size(1536), format_size(100), format_size(3 << 30)
    ('16 MiB', '1.5 KiB', '100 bytes', '3 GiB')
    """
    for unit, scale in (("GiB", 1 << 30), ("MiB", MiB), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + " " + unit
    return f"{size:.0f} bytes"


def parse_size(text: str) -> int:
    """A size such as ``16M``, ``16MiB``, ``512k`` or ``1000`` (binary units); ValueError if not one.

    >>> parse_size("16M"), parse_size("512 KiB"), parse_size("1g"), parse_size("100")
    (16777216, 524288, 1073741824, 100)
    """
    match = re.fullmatch(r"\s*(\d{1,15})\s*(?:([kmg])(?:i?b)?|b)?\s*", text, re.I)
    if not match:
        raise ValueError(f"expected a size such as 16M, 512K or 1000, not {text!r}")
    scale = {"k": 1 << 10, "m": MiB, "g": 1 << 30}.get((match.group(2) or "").lower(), 1)
    return int(match.group(1)) * scale


class _Counting:
    """The compressed bytes gzip has taken so far, for the expansion ratio."""

    def __init__(self, raw: Any):
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.raw.read(size)
        self.count += len(data)
        return data


def open_binary(raw: IO[bytes]) -> tuple[Any, _Counting | None]:
    """``raw`` as a buffered byte stream, gunzipped when it starts with gzip's magic bytes."""
    buffered: Any = raw if hasattr(raw, "peek") else io.BufferedReader(cast(Any, raw))
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        counting = _Counting(buffered)
        return gzip.GzipFile(fileobj=cast(Any, counting), mode="rb"), counting
    return buffered, None


def read_reason(err: BaseException) -> str:
    """The words for a failed read."""
    if isinstance(err, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip data ({err})"
    if isinstance(err, EOFError):
        return "truncated gzip data (the file ends before the compressed stream does)"
    if isinstance(err, OSError) and err.strerror:
        return f"cannot read: {err.strerror}"
    return f"cannot read: {err}"


def _utf8_reason(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return str(err.reason)
    return "invalid byte"  # pragma: no cover - data holds a bad byte


class Source:
    """A moving window over the text of ``raw``; ``pos`` is the reader's cursor (absolute)."""

    def __init__(self, raw: IO[bytes], limits: ReadLimits):
        self.limits = limits
        try:
            self._stream, self._compressed = open_binary(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise ReadFailure(read_reason(err)) from None
        self._read_some = getattr(self._stream, "read1", self._stream.read)
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.text = ""  # the window
        self.offset = 0  # absolute position of text[0]
        self.pos = 0
        self.eof = False
        self._base = (1, 1)  # line and column of text[0]
        self._mark = (0, 1, 1)  # a known (position, line, column), where counting resumes
        self._bad = -1  # first bad-byte character at or after the last rescan, -1 if none seen
        self._inflated = 0
        self._started = False
        self._hold: tuple[int, int] | None = None  # (position, limit): keep the text from there

    def hold(self, start: int, limit: int) -> None:
        """Keep the text from ``start`` in the window (:class:`TooLarge` past ``limit`` characters)."""
        self._hold = (start, limit)

    def release(self) -> None:
        """Stop keeping text for :meth:`hold`."""
        self._hold = None

    # -- reading -------------------------------------------------------------

    def more(self, keep: int, want: int = 0) -> bool:
        """Drop the text before ``keep``; read at least ``want`` more characters (fewer at the end).

        False when the input has ended and nothing was added.
        """
        if self._hold is not None:
            start, limit = self._hold
            if self.offset + len(self.text) - start > limit:
                raise TooLarge(f"larger than {format_size(limit)}", start)
            keep = min(keep, start)
        cut = keep - self.offset
        if cut > 0:
            line, column = self.where(keep)
            self.text = self.text[cut:]
            self.offset, self._base = keep, (line, column)
        added = 0
        parts = []
        want = max(want, _CHUNK)
        while added < want and not self.eof:
            data = self._read(max(want - added, _CHUNK))
            chunk = self._decoder.decode(data, not data)
            if not data:
                self.eof = True
            if not self._started and chunk:
                self._started = True
                chunk = chunk.removeprefix("\ufeff")  # a byte order mark
            if chunk:
                # Most text cannot hold a surrogate at all: ASCII, or nothing above U+DC7F.
                if self._bad < 0 and not chunk.isascii() and max(chunk) >= "\udc80":
                    found = _BAD.search(chunk)
                    if found:
                        self._bad = self.offset + len(self.text) + added + found.start()
                parts.append(chunk)
                added += len(chunk)
        if parts:
            self.text += "".join(parts)
        return added > 0

    def _read(self, size: int) -> bytes:
        try:
            data: bytes = self._read_some(size)
        except (OSError, EOFError, zlib.error) as err:
            raise ReadFailure(read_reason(err)) from None
        if self._compressed is not None and data:
            self._inflated += len(data)
            ratio, floor = self.limits.max_gzip_ratio, self.limits.gzip_floor
            taken = max(self._compressed.count, 1)
            if ratio and self._inflated > floor and self._inflated > ratio * taken:
                raise ReadFailure(
                    f"gzip data expands more than {ratio:g} times ({format_size(taken)} to over "
                    f"{format_size(self._inflated)}): a decompression bomb? (limit: --max-gzip-ratio)"
                )
        return data

    def char(self, index: int) -> str:
        """The character at ``index``, or "" past the end of the window."""
        rel = index - self.offset
        return self.text[rel] if 0 <= rel < len(self.text) else ""

    def skip_ws(self) -> str:
        """Move ``pos`` past whitespace; the next character, or "" at the end of the input."""
        while True:
            found = _NONWS.search(self.text, self.pos - self.offset)
            if found:
                self.pos = self.offset + found.start()
                return found.group()
            self.pos = self.offset + len(self.text)
            if not self.more(self.pos):
                return ""

    def take(self, limit: int, separator: str = "") -> dict[str, Any] | None:
        """The next object, after whitespace and ``separator`` (``","``), when it lies whole in the
        window and holds no bad byte, moving ``pos`` past it; None otherwise, ``pos`` unmoved
        (then :meth:`skip_ws` and :meth:`decode` read it, or say what is wrong). The fast path."""
        text = self.text
        at = self.pos - self.offset
        found = _NONWS_AFTER_COMMA.match(text, at) if separator else _NONWS.search(text, at)
        if found is None:
            return None
        rel = found.end() - 1
        try:
            value, end = _DECODER.raw_decode(text, rel)
        except (ValueError, RecursionError):
            return None
        if value.__class__ is not dict or end >= len(text) or end - rel > limit or 0 <= self._bad < self.offset + end:
            return None
        self.pos = self.offset + end
        return value

    def decode(self, start: int, limit: int) -> tuple[Any, int]:
        """The JSON value at ``start`` and the position after it (``pos`` does not move).

        Reads on while the value is unfinished, doubling each read so a long value is
        decoded a bounded number of times. :class:`TooLarge` past ``limit`` characters.
        """
        want = _CHUNK
        while True:
            rel = start - self.offset
            try:
                value, end = _DECODER.raw_decode(self.text, rel)
            except json.JSONDecodeError as err:
                unfinished = err.msg.startswith("Unterminated string") or len(self.text) - err.pos < _MARGIN
                if unfinished and self._grow(start, limit, want):
                    want *= 2
                    continue
                raise ReadError(f"invalid JSON: {err.msg}", self.offset + err.pos) from None
            except RecursionError:
                raise ReadError("invalid JSON: values nested too deeply", start) from None
            except ValueError:  # Python's limit on the digits of an integer
                raise ReadError("invalid JSON: a number of more than 4,300 digits", start) from None
            if end == len(self.text) and self.text[end - 1] in _DIGITS and self._grow(start, limit, want):
                want *= 2  # a number may go on in the next chunk
                continue
            if end - rel > limit:
                raise TooLarge(f"larger than {format_size(limit)}", start)
            return value, self.offset + end

    def _grow(self, start: int, limit: int, want: int) -> bool:
        if self.eof:
            return False
        if self.offset + len(self.text) - start > limit:
            raise TooLarge(f"larger than {format_size(limit)}", start)
        return self.more(start, want) or True  # at the end: decode once more, now for good

    # -- skipping ------------------------------------------------------------

    def skip_to_line(self, index: int, ends: str = "}],") -> None:
        """Move ``pos`` to the next line, at or after ``index``, whose first character starts
        a value (not whitespace, nor one of ``ends``); to the end of the input if none."""
        pattern = re.compile(r"\n[^ \t\r\n" + re.escape(ends) + "]")
        at = max(index - 1, self.offset)
        while True:
            found = pattern.search(self.text, at - self.offset)
            if found:
                self.pos = self.offset + found.start() + 1
                return
            at = self.offset + max(len(self.text) - 1, 0)
            if not self.more(at):
                self.pos = self.offset + len(self.text)
                return

    def skip_element(self, start: int) -> str:
        """Move ``pos`` from ``start`` (a broken array element) to the ',' or ']' that ends it,
        matching brackets outside strings; returns that character, "" at the end of the input."""
        depth, in_string, at = 0, False, start
        structure, string_end = re.compile(r'[\[\]{}",]'), re.compile(r'["\\]')
        while True:
            found = (string_end if in_string else structure).search(self.text, at - self.offset)
            if found is None or (found.group() == "\\" and found.end() >= len(self.text)):
                at = self.offset + (found.start() if found else len(self.text))
                if not self.more(at):
                    self.pos = self.offset + len(self.text)
                    return ""
                continue
            token, at = found.group(), self.offset + found.end()
            if in_string:
                in_string = token != '"'
                at += 1 if token == "\\" else 0
            elif token == '"':
                in_string = True
            elif token in "[{":
                depth += 1
            elif depth == 0 and token in "],":
                self.pos = at - 1
                return token
            elif token in "]}":
                depth = max(depth - 1, 0)  # a stray closer is part of the broken element

    # -- where ---------------------------------------------------------------

    def where(self, index: int) -> tuple[int, int]:
        """The line and column (both from 1) of the character at ``index``, in the window."""
        at, line, column = self._mark
        if not self.offset <= at <= index:
            at, (line, column) = self.offset, self._base
        lo, hi = at - self.offset, max(index - self.offset, at - self.offset)
        newlines = self.text.count("\n", lo, hi)
        if newlines:
            line += newlines
            column = hi - self.text.rfind("\n", lo, hi)
        else:
            column += hi - lo
        self._mark = (index, line, column)
        return line, column

    def bad_between(self, start: int, end: int) -> int | None:
        """The position of the first byte that was not UTF-8 in ``[start, end]``, if any."""
        if 0 <= self._bad < start:
            found = _BAD.search(self.text, max(start - self.offset, 0))
            self._bad = self.offset + found.start() if found else -1
        return self._bad if 0 <= self._bad <= end else None

    def bad_byte(self, index: int) -> str:
        """What is wrong at ``index``, a byte that is not UTF-8: ``byte 0xff (invalid start byte)``."""
        rel = index - self.offset
        data = self.text[rel : rel + 4].encode("utf-8", "surrogateescape")
        return f"byte 0x{data[0]:02x} ({_utf8_reason(data)})"

