"""Smart playlists as Polars expressions: ``to_polars``, and ``to_frame`` for the frame to run them on.

Needs the ``polars`` extra (``pip install 'filterengine[polars]'``). The frame has
the columns of the table layout (docs/backends.md), the same as the SQL clips table.

>>> import filterengine as fe
>>> frame = fe.to_frame([{"id": 1, "title": "Late GOAL", "status": "published"},
...                      {"id": 2, "title": "Early miss", "status": "draft"}])
>>> expr = fe.to_polars([{"filters": [{"field": "status", "operator": "is", "value": "published"}]}], q="title:goal")
>>> frame.filter(expr)["id"].to_list()
['1']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from .backends.polars.frame import build_frame
from .backends.polars.translate import NAME, Translator
from .compiler import playlist_node, resolve_schema
from .errors import UnsupportedError
from .filterset.model import Cliplist, is_filters_document
from .layout.columns import Layout
from .limits import DEFAULT_LIMITS, Limits
from .passes import optimize
from .playlist.preview import as_cliplist
from .runtime.clock import resolve_now, utcnow
from .schema import Schema

__all__ = ["to_polars", "to_frame"]


def to_polars(
    filters: Any = None,
    *,
    q: str | None = None,
    schema: Schema | Mapping[str, Any] | None = None,
    now: Any = None,
    default_operator: str = "OR",
    limits: Limits = DEFAULT_LIMITS,
) -> pl.Expr:
    """A smart playlist as one Boolean ``polars.Expr`` over a frame of :func:`to_frame` (see docs/backends.md).

    ``filters`` is anything :func:`~filterengine.compile_filters` takes (a whole
    dynamic cliplist too: its filters; sort and limit are the caller's); ``q`` is ANDed
    as there. Relative dates are computed from ``now`` (default: the current UTC time,
    read once). The expression is never null: use it with ``frame.filter(expr)``.

    Raises :class:`~filterengine.FiltersetError` / :class:`~filterengine.QuerySyntaxError`
    for bad input, :class:`~filterengine.LimitExceededError` for input larger than
    ``limits`` allow, and :class:`~filterengine.UnsupportedError` for a construct Polars
    cannot express exactly (fuzzy terms, proximity phrases, fields outside the typed
    columns, ...).
    """
    resolved = resolve_schema(schema)
    cliplist = filters if isinstance(filters, Cliplist) else (
        as_cliplist(filters, limits) if isinstance(filters, Mapping) and not is_filters_document(filters) else None)
    if cliplist is not None and cliplist.is_static:
        raise UnsupportedError("static list", NAME, "its clips are the items stored in the list, not a query")
    node, _ = playlist_node(filters if cliplist is None else cliplist, q, resolved, default_operator, limits)
    instant = resolve_now(now) or utcnow()
    return Translator(Layout.of(resolved), instant).node(optimize(node)).alias("match")


def to_frame(records: Iterable[Any], schema: Schema | Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Clip records as a ``polars.DataFrame`` in the table layout of ``schema`` (default: the platform's).

    Each value is normalised by its field's kind as :func:`filterengine.sql.load` does;
    a value its column cannot hold becomes null. Nothing about the records raises.
    """
    frame, _ = build_frame(records, Layout.of(resolve_schema(schema)))
    return frame
