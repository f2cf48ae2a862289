"""Positions in user text, and the caret rendering used by error messages."""

from __future__ import annotations

__all__ = ["render_caret"]


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
