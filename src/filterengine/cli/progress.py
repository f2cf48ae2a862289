"""A progress line on stderr (records read, rate) while a long catalog streams by.

Shown only when the stream is a terminal, and only once a read takes longer than
half a second, so short runs and pipes stay quiet.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

__all__ = ["with_progress"]

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
