"""Previews on Polars: a lazy scan of a Parquet catalog in the table layout, filtered by ``fe.to_polars``'s
expression, sorted by :mod:`filterengine.backends.polars.order`, sliced, counted, on the streaming engine.

- Parquet: ``scan_parquet``; every column of the layout, fields of no kind too.
- records in memory: a frame built by ``fe.to_frame``'s loader (the runtime's normalisation).
- JSON catalogs are refused: Polars' JSON readers give a value's text without its JSON
  type (``1.50`` reads as ``"1.5"``, ``7`` and ``"7"`` alike), so no column could be
  computed with the runtime's rules; convert the catalog to Parquet, or use DuckDB.

Polars reports no progress of a scan: ``progress`` is never called.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import polars as pl

from ..backends.polars.frame import build_frame
from ..backends.polars.order import sort_by
from ..backends.polars.translate import Translator
from ..errors import InputError, UnsupportedError
from ..ir import Field, Node
from ..layout.columns import ROW, Layout
from ..schema import Schema
from .files import RECORD, catalog_format, display, fresh_records, is_path, rebuild
from .preview import Progress

__all__ = ["open_scan", "PolarsScan"]

NAME = "polars"


def open_scan(clips: Any, schema: Schema) -> PolarsScan:
    return PolarsScan(clips, Layout.of(schema))


class PolarsScan:
    """One catalog as a Polars ``LazyFrame``."""

    def __init__(self, clips: Any, layout: Layout):
        self.layout = layout
        self.records: list[Mapping[str, Any]] | None = None
        self.record_column: str | None = None
        if is_path(clips):
            path = display(clips)
            fmt, _ = catalog_format(path)
            if fmt != "parquet":
                raise UnsupportedError(f"{'JSON lines' if fmt == 'jsonl' else 'JSON'} catalog", NAME,
                                       "its JSON readers do not keep a value's JSON type, which decides how filterengine "
                                       "reads it: preview it with engine='duckdb' or engine='python', or convert it to "
                                       "Parquet (filterengine convert CATALOG out.parquet)")
            self.frame = pl.scan_parquet(path)
            try:
                self.names = set(self.frame.collect_schema().names())
            except (OSError, pl.exceptions.PolarsError) as err:
                raise InputError(path, f"cannot read as Parquet: {str(err).strip().splitlines()[0]}") from None
            if ROW not in self.names:
                raise InputError(path, f"not a catalog in the table layout: no {ROW!r} column (write it with fe.to_frame "
                                       "or filterengine convert)")
            self.record_column = RECORD if RECORD in self.names else None
        else:
            self.records = [c for c in clips if isinstance(c, Mapping)]
            frame, _ = build_frame(self.records, layout)
            self.frame = frame.lazy()
            self.names = set(frame.columns)

    def page(self, node: Node, keys: list[tuple[Field, bool]], now: datetime, offset: int, limit: int,
             progress: Progress | None) -> tuple[list[Any], int]:
        match = Translator(self.layout, now).node(node)
        by, descending = sort_by(keys, self.layout)
        used = set(match.meta.root_names()).union(*(e.meta.root_names() for e in by))
        missing = sorted(used - self.names)
        if missing:
            raise UnsupportedError(f"test or sort on {', '.join(missing)} of this catalog", NAME,
                                   "the Parquet file has no such column: write it in the table layout of this schema")
        matched = self.frame.filter(match)
        shown = [ROW] + ([self.record_column] if self.record_column else [])
        if self.records is None and self.record_column is None:
            shown = [c.name for c in self.layout.columns if c.name in self.names]
        counted = matched.select(pl.len().alias("n"))
        if limit == 0:
            total = counted.collect(engine="streaming")["n"][0]
            return [], int(total)
        # The sorting scan carries only _row (and its sort keys); the page's rows are read afterwards,
        # so the wide columns (_record) of the whole catalog never pass through the sort.
        paged = matched.sort(by, descending=descending, nulls_last=True, maintain_order=True).slice(offset, limit).select(ROW)
        count_frame, page_frame = pl.collect_all([counted, paged], engine="streaming")
        rows = page_frame[ROW].to_list()
        if self.records is not None:
            return [self.records[int(row)] for row in rows], int(count_frame["n"][0])
        fetched = self.frame.filter(pl.col(ROW).is_in(rows)).select(shown).collect(engine="streaming")
        by_row: dict[Any, dict[str, Any]] = {}
        for found in fetched.iter_rows(named=True):
            by_row.setdefault(found[ROW], found)  # a repeated _row (a hand-written file): its first record
        return [self._item(by_row[row]) for row in rows], int(count_frame["n"][0])

    def _item(self, row: dict[str, Any]) -> Any:
        if self.records is not None:
            return self.records[int(row[ROW])]
        if self.record_column is not None:
            return json.loads(row[self.record_column])
        return rebuild(row, self.layout)

    def lookup(self, ids: list[str]) -> dict[str, Any]:
        if self.records is not None:
            return fresh_records(ids, self.records)
        shown = [ROW] + ([self.record_column] if self.record_column else [])
        if self.record_column is None:
            shown = [c.name for c in self.layout.columns if c.name in self.names]
        found = (self.frame.filter(pl.col("id").is_in(ids)).sort(ROW).select(shown)
                 .collect(engine="streaming"))
        return fresh_records(ids, (self._item(row) for row in found.iter_rows(named=True)))

    def close(self) -> None:
        pass
