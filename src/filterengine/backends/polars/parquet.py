"""Clip records as a Parquet file of the table layout, written in row groups so memory stays flat.

Each batch of records becomes a frame with :func:`.frame.build_frame` (the same
columns and types as ``fe.to_frame``; ``_row`` counts on across batches) and one
row group of the file, through pyarrow's ``ParquetWriter``. Beside the layout's
columns, ``_record`` keeps each record's own JSON text (``keep_records``), so that a
preview of the file returns the records as they are. Entries that are not JSON
objects are not clips: they are counted (``"(record)"``) and left out, as previews
skip them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ...layout.columns import RECORD, Layout
from ...layout.record import record_json
from ...layout.report import LoadReport
from .frame import build_frame

__all__ = ["write_batches", "record_json"]


def write_batches(records: Iterable[Any], layout: Layout, sink: Any, batch: int = 20_000,
                  on_batch: Callable[[LoadReport], None] | None = None, keep_records: bool = True) -> LoadReport:
    """Write ``records`` to ``sink`` (a path or a binary file) as Parquet, ``batch`` records a row group.

    ``on_batch`` is called with the report so far after each row group.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    report = LoadReport()
    empty = _with_records(build_frame((), layout)[0], [], keep_records)
    with pq.ParquetWriter(sink, empty.to_arrow().schema, compression="zstd") as writer:
        records = iter(records)
        while True:
            chunk = list(itertools.islice(records, batch))
            if not chunk:
                break
            clips = [r for r in chunk if isinstance(r, Mapping)]
            if len(clips) < len(chunk):
                report.count({"(record)": len(chunk) - len(clips)})
            del chunk
            if not clips:
                continue
            texts = [record_json(r) for r in clips] if keep_records else []
            frame, found = build_frame(clips, layout, start=report.rows)
            del clips
            writer.write_table(_with_records(frame, texts, keep_records).to_arrow(), row_group_size=batch)
            report.rows += found.rows
            report.count(found.by_field)
            if on_batch is not None:
                on_batch(report)
        if report.rows == 0:
            writer.write_table(empty.to_arrow())
    return report


def _with_records(frame: pl.DataFrame, texts: list[str], keep: bool) -> pl.DataFrame:
    return frame.with_columns(pl.Series(RECORD, texts, dtype=pl.String)) if keep else frame
