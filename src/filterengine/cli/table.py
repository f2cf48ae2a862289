"""An aligned plain-text table of clips, for people reading a terminal.

Cells are escaped (:func:`.terminal.escape`: record data never sends a terminal
commands) and columns are sized by display width, so wide CJK text lines up.

>>> from filterengine.schema import PLATFORM_SCHEMA as S
>>> rows = [{"id": "12", "title": "Harbour at dawn", "cat": ["news", "weather"]}, {"id": "7", "title": None}]
>>> print(render_table(rows, [S.field("id"), S.field("title"), S.field("cat"), S.field("views")]))
id  title            cat
--  ---------------  -------------
12  Harbour at dawn  news, weather
7
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..ir import Field
from ..runtime.display import plain, show
from ..runtime.values import get_value, scalar_text
from .terminal import escape, fit, pad, width

__all__ = ["render_table", "cell"]

_WIDTH = {"title": 48, "id": 40}
_DEFAULT_WIDTH = 32
_MAX_ITEMS = 100  # list members shown in one cell


def _text(value: Any) -> str | None:
    """A scalar as text; anything else as :func:`_scalar` writes it; None for null."""
    return None if value is None else _scalar(value)


def _flat(value: Any) -> list[str]:
    """The texts of a value, lists (nested too) flattened in order, nulls left out."""
    texts: list[str] = []
    stack: list[Any] = [value]
    while stack and len(texts) < _MAX_ITEMS:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        else:
            text = _text(item)
            if text is not None:
                texts.append(text)
    if stack:
        texts.append("...")
    return texts


def cell(value: Any, columns: int = _DEFAULT_WIDTH) -> str:
    """One value as table text: lists joined with commas, null as blank, long text cut.

    >>> cell(["a", None, 3]), cell(None), cell("x" * 40, 10), cell("\\x1b[2J\\r\\tnext")
    ('a, 3', '', 'xxxxxxx...', '\\\\x1b[2J next')
    """
    text = ", ".join(_flat(value))
    text = " ".join(text.split())  # no newlines or tabs inside a cell
    return fit(escape(text), columns)


def _scalar(value: Any) -> str:
    """A scalar's string form; anything else (a nested list, an object, an integer too long to
    write) as :func:`~filterengine.runtime.display.show` writes it, however deep it is."""
    scalar = scalar_text(value) if value.__class__ is not str else value
    if scalar is not None:
        return scalar
    shown = plain(value)
    return shown if isinstance(shown, str) else show(shown)


def render_table(records: Iterable[Any], fields: Sequence[Field]) -> str:
    """One column per field (header: the name as written), one row per record."""
    rows = [[cell(get_value(r, f), _WIDTH.get(f.name, _DEFAULT_WIDTH)) for f in fields] for r in records]
    # A column blank in every row says nothing (a clip service has no titles); the first stays.
    keep = [i for i in range(len(fields)) if i == 0 or any(row[i] for row in rows)]
    header = [escape(fields[i].name) for i in keep]
    rows = [[row[i] for i in keep] for row in rows]
    widths = [max([width(h)] + [width(row[i]) for row in rows]) for i, h in enumerate(header)]
    lines = [header, ["-" * w for w in widths]] + rows
    return "\n".join("  ".join(pad(c, w) for c, w in zip(line, widths)).rstrip() for line in lines)
