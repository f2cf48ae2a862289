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

import os
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

import polars as pl

from .backends.polars.frame import build_frame
from .backends.polars.translate import NAME, Translator
from .compiler import playlist_node, resolve_schema
from .errors import UnsupportedError
from .filterset.model import Cliplist, is_filters_document
from .layout.columns import Layout
from .layout.report import LoadReport
from .limits import DEFAULT_LIMITS, Limits
from .passes import optimize
from .playlist.preview import as_cliplist
from .runtime.clock import resolve_now, utcnow
from .schema import Schema

__all__ = ["to_polars", "to_frame", "write_parquet", "LoadReport"]


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


def to_frame(records: Iterable[Any], schema: Schema | Mapping[str, Any] | None = None, *,
             report: LoadReport | None = None) -> pl.DataFrame:
    """Clip records as a ``polars.DataFrame`` in the table layout of ``schema`` (default: the platform's).

    Each value is normalised by its field's kind as :func:`filterengine.sql.load` does;
    a value its column cannot hold becomes null. Nothing about the records raises.
    Pass a :class:`LoadReport` as ``report`` to learn what was loaded: its rows, and
    the values made null, counted by field, as ``fe.sql.load`` reports them.

    >>> import filterengine as fe
    >>> report = fe.LoadReport()
    >>> frame = fe.to_frame([{"id": 1, "views": "12"}, {"id": 2, "views": [1, 2], "publisheddate": "soon"}],
    ...                     report=report)
    >>> frame["views"].to_list(), report.rows, report.by_field
    ([12.0, None], 2, {'views': 1, 'publisheddate': 1})
    """
    frame, found = build_frame(records, Layout.of(resolve_schema(schema)))
    if report is not None:
        report.rows += found.rows
        report.count(found.by_field)
    return frame


def write_parquet(records: Iterable[Any], path: str | os.PathLike[str] | IO[bytes],
                  schema: Schema | Mapping[str, Any] | None = None, *, batch: int = 20_000,
                  keep_records: bool = True, on_batch: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Write clip records to a Parquet file in the table layout: the columns and types of :func:`to_frame`.

    Streams: ``batch`` records at a time become one row group, so memory stays flat
    however many records there are; ``_row`` numbers the clips in the order given.
    Values are normalised as :func:`to_frame` does; the returned :class:`LoadReport`
    counts the rows and the values a typed column could not hold (made null).
    With ``keep_records`` (the default) a ``_record`` column keeps each record's own
    JSON text, so ``fe.preview(..., path, engine="duckdb"|"polars")`` returns the
    records as they are. Entries that are not JSON objects are not clips: they are
    left out and counted under ``"(record)"``. ``on_batch`` is called with the report
    so far after each row group (progress).
    Needs the ``polars`` extra (polars and pyarrow, ``pip install 'filterengine[polars]'``).

    >>> import os, tempfile, polars as pl, filterengine as fe
    >>> path = os.path.join(tempfile.mkdtemp(), "clips.parquet")
    >>> report = fe.write_parquet([{"id": 1, "title": "Late GOAL"}, {"id": 2, "publisheddate": "soon"}], path)
    >>> report.rows, report.by_field
    (2, {'publisheddate': 1})
    >>> pl.read_parquet(path).filter(fe.to_polars(q="title:goal"))["_record"].to_list()
    ['{"id":1,"title":"Late GOAL"}']
    """
    from .backends.polars.parquet import write_batches

    sink = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
    return write_batches(records, Layout.of(resolve_schema(schema)), sink, batch, on_batch, keep_records)
