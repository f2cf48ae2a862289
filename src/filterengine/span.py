"""Positions in user text, the caret rendering used by error messages, and text that always encodes."""

from __future__ import annotations

import re

__all__ = ["render_caret", "encodable"]

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


def render_caret(text: str, position: int) -> str:
    """Render the line of ``text`` holding ``position`` with a caret under it.

    >>> print(render_caret("7DAYZ", 1))
      7DAYZ
       ^
    >>> print(render_caret("a AND", 5))   # end of input gets a caret too
      a AND
           ^
    """
    position = max(0, min(position, len(text)))
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    if end < 0:
        end = len(text)
    line = text[start:end]
    col = position - start
    # Tabs keep their width so the caret stays aligned.
    pad = "".join("\t" if ch == "\t" else " " for ch in line[:col])
    return f"  {line}\n  {pad}^"
