"""Clip records as a Parquet file of the table layout, written in row groups so memory stays flat.

Each batch of records becomes a frame with :func:`.frame.build_frame` (the same
columns and types as ``fe.to_frame``; ``_row`` counts on across batches) and one
row group of the file, through pyarrow's ``ParquetWriter``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ...layout.columns import Layout
from ...layout.report import LoadReport
from .frame import build_frame

__all__ = ["write_batches"]


def write_batches(records: Iterable[Any], layout: Layout, sink: Any, batch: int = 50_000,
                  on_batch: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Write ``records`` to ``sink`` (a path or a binary file) as Parquet, ``batch`` records a row group.

    ``on_batch`` is called with the report so far after each row group.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    report = LoadReport()
    empty, _ = build_frame((), layout)
    schema = empty.to_arrow().schema
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        records = iter(records)
        while True:
            chunk = list(itertools.islice(records, batch))
            if not chunk:
                break
            frame, found = build_frame(chunk, layout, start=report.rows)
            del chunk
            writer.write_table(frame.to_arrow(), row_group_size=batch)
            report.rows += found.rows
            report.count(found.by_field)
            if on_batch is not None:
                on_batch(report)
        if report.rows == 0:
            writer.write_table(empty.to_arrow())
    return report
