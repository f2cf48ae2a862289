"""A progress line on stderr (records read, rate) while a long catalog streams by.

Shown only when the stream is a terminal, and only once a read takes longer than
half a second, so short runs and pipes stay quiet.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

__all__ = ["with_progress", "scan_progress", "ScanProgress"]

T = TypeVar("T")
_EVERY = 2048  # records between clock readings
_DELAY = 0.5  # seconds before the first display
_INTERVAL = 0.2  # seconds between displays


def with_progress(items: Iterable[T], stream: IO[str], what: str = "clips") -> Iterator[T]:
    """Yield ``items`` unchanged, drawing ``read N clips (R/s)`` on ``stream`` if it is a terminal."""
    if not stream.isatty():
        yield from items
        return
    start = last = time.monotonic()
    shown = False
    count = 0
    try:
        for count, item in enumerate(items, 1):
            if count % _EVERY == 0:
                now = time.monotonic()
                if now - start >= _DELAY and now - last >= _INTERVAL:
                    rate = count / (now - start)
                    shown = _show(stream, f"\r  read {count:,} {what} ({rate:,.0f}/s)\x1b[K")
                    last = now
            yield item
    finally:
        if shown:
            _show(stream, f"\r  read {count:,} {what}\x1b[K\n")


def _show(stream: IO[str], text: str) -> bool:
    """Draw ``text``; False if the terminal is gone (progress is never worth an error)."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        return False
    return True


class ScanProgress:
    """A callback for ``fe.preview(progress=...)``: draws ``scanned N%`` on a terminal, at most five times a second.

    ``finish()`` ends the line if one was drawn. An engine that reports no progress
    (Polars) never calls it, so nothing is drawn.
    """

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.start < _DELAY or now - self.last < _INTERVAL:
            return
        self.last = now
        self.shown = _show(self.stream, f"\r  scanned {fraction:.0%}\x1b[K") or self.shown

    def finish(self) -> None:
        if self.shown:
            _show(self.stream, "\r\x1b[K")
            self.shown = False


def scan_progress(stream: IO[str]) -> ScanProgress | None:
    """A :class:`ScanProgress` on ``stream`` if it is a terminal, else ``None`` (pipes stay quiet)."""
    try:
        return ScanProgress(stream) if stream.isatty() else None
    except ValueError:  # pragma: no cover - a closed stream
        return None
