"""Text for a terminal: control characters escaped, widths counted as a terminal shows them.

Record data reaches the screen in tables, reports and messages. A terminal obeys what
it is sent: ESC starts a command (colours, cursor moves, window titles), CR returns to
the start of the line, BEL rings, C1 controls (U+0080-U+009F) are commands too on some
terminals, and bidirectional overrides (U+202E) reorder what follows. :func:`escape`
shows each as a visible escape, ``\\x1b`` or ``\\u202e``, as does a lone surrogate
(which UTF-8 cannot encode at all).

:func:`width` is the number of columns text takes: East Asian wide and fullwidth
characters take two, combining marks and other zero-width characters none.

>>> escape("\\x1b[31mred\\x1b[0m \\u202eevil \\ud800")
'\\\\x1b[31mred\\\\x1b[0m \\\\u202eevil \\\\ud800'
>>> width("abc"), width("日本"), width("e\\u0301")
(3, 4, 1)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["escape", "width", "fit", "pad"]

#: C0 and C1 controls, DEL, lone surrogates, line and paragraph separators and the
#: bidirectional controls (marks, embeddings, overrides and isolates).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, keep: str = "") -> str:
    """``text`` with every character a terminal would act on shown as an escape.

    ``keep`` lists characters to leave as they are (``"\\n"`` for text of several lines).

    >>> escape("a\\tb\\nc", keep="\\n")
    'a\\\\tb\\nc'
    """
    if keep:
        return "".join(_UNSAFE.sub(_escaped, part) if part not in keep else part
                       for part in re.split(f"([{re.escape(keep)}])", text))
    return _UNSAFE.sub(_escaped, text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal (after :func:`escape`)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns``, ending in ``...`` when cut; a combining mark stays with its base.

    >>> fit("harbour at dawn", 10), fit("日本語のテキスト", 9), fit("short", 10)
    ('harbour...', '日本語...', 'short')
    """
    if width(text) <= columns:
        return text
    room = max(columns - 3, 0)
    used = 0
    for i, ch in enumerate(text):
        used += _char_width(ch)
        if used > room:
            return text[:i] + "..."
    return text  # pragma: no cover - the text fits


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns``."""
    return text + " " * max(columns - width(text), 0)
