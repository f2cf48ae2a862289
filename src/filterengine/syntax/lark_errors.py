"""Translating Lark's exceptions into ours, once, with positions and human words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

__all__ = ["describe_unexpected"]


def describe_unexpected(
    err: UnexpectedInput,
    text: str,
    names: Mapping[str, str],
) -> tuple[str, int, list[str]]:
    """``(reason, position, expected words)`` for a Lark parse error over ``text``.

    ``names`` maps terminal names to the words users read ("a number", "')'");
    terminals it does not name are left out rather than shown raw.
    """
    expected_terms: Iterable[str] = getattr(err, "expected", None) or getattr(err, "allowed", None) or ()
    expected = sorted({names[t] for t in expected_terms if t in names})
    if isinstance(err, UnexpectedEOF):
        return "unexpected end of input", len(text), expected
    if isinstance(err, UnexpectedToken):
        token = err.token
        if token.type == "$END":
            return "unexpected end of input", len(text), expected
        pos = token.start_pos if token.start_pos is not None else len(text)
        shown = str(token) if len(str(token)) <= 20 else str(token)[:20] + "..."
        return f"unexpected {shown!r}", pos, expected
    if isinstance(err, UnexpectedCharacters):
        pos = err.pos_in_stream if err.pos_in_stream is not None else len(text)
        ch = text[pos] if 0 <= pos < len(text) else ""
        return f"unexpected character {ch!r}", pos, expected
    pos = getattr(err, "pos_in_stream", None) or 0
    return "syntax error", pos, expected
