"""Positions in user text, and how messages show it: a caret under a bounded excerpt.

Messages never echo an input whole: a megabyte query gives a message of a few
lines. :func:`render_caret` shows at most :data:`WINDOW` characters around the
position, :func:`shorten` and :func:`quoted` cut what a message quotes. Text meant
to leave the process goes through :func:`encodable`.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["render_caret", "shorten", "quoted", "encodable", "WINDOW", "QUOTED"]

#: The most characters of a line :func:`render_caret` shows.
WINDOW = 80
#: The most characters of a value :func:`quoted` shows.
QUOTED = 60

_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    r"""``text`` with each lone surrogate (which no UTF encoding can write) as a ``\uXXXX`` escape.

    Python strings may hold lone surrogates (JSON's ``"\ud800"`` decodes to one); text meant
    to leave the process (problem details, reports) goes through this first.

    >>> encodable("a\ud800b") == "a\\ud800b", encodable("café")
    (True, 'café')
    """
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_caret(text: str, position: int, width: int = WINDOW) -> str:
    """Render the line of ``text`` holding ``position`` with a caret under it.

    >>> print(render_caret("7DAYZ", 1))
      7DAYZ
       ^
    >>> print(render_caret("a AND", 5))   # end of input gets a caret too
      a AND
           ^

    A long line is cut to ``width`` characters around the position, ``...``
    marking each cut:

    >>> render_caret("x" * 200 + ")" + "y" * 200, 200, width=20).splitlines()
    ['  ...xxxxxxxxxx)yyyyyyyyy...', '               ^']
    """
    position = max(0, min(position, len(text)))
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    if end < 0:
        end = len(text)
    head = tail = ""
    if end - start > width:
        # The window: half the width before the position, the rest after it.
        left = max(start, min(position - width // 2, end - width))
        if left > start:
            start, head = left, "..."
        if start + width < end:
            end, tail = start + width, "..."
    line = text[start:end]
    col = position - start
    # Tabs keep their width so the caret stays aligned.
    pad = "".join("\t" if ch == "\t" else " " for ch in head + line[:col])
    return f"  {head}{line}{tail}\n  {pad}^"


def shorten(text: str, width: int = QUOTED) -> str:
    """``text``, or its start and ``...`` when longer than ``width`` characters.

    >>> shorten("short"), shorten("x" * 100, 10)
    ('short', 'xxxxxxx...')
    """
    return text if len(text) <= width else text[: max(width - 3, 0)] + "..."


def quoted(value: Any, width: int = QUOTED) -> str:
    """``repr(value)`` for a message, at most about ``width`` characters, whatever ``value`` is.

    >>> quoted("7DAYZ"), quoted("a" * 1000, 12), quoted(10**5000)
    ("'7DAYZ'", "'aaaaaaaaaaaa'... (1,000 characters)", 'an integer of 5,001 digits')
    """
    if isinstance(value, str):
        if len(value) <= width:
            return repr(value)
        return f"{value[:width]!r}... ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * width:
        digits = int(abs(value).bit_length() * 0.30102999566398120) + 1
        return f"an integer of {digits:,} digits"
    try:
        text = repr(value)
    except Exception:  # a caller's object with a broken __repr__, or an int Python will not convert
        text = f"<{type(value).__name__}>"
    return shorten(text, width)
