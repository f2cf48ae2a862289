"""Clip records as a Polars frame of the table layout, each value normalised as :func:`filterengine.sql.load` does."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]

from ...layout.columns import Column, Layout
from ...layout.report import LoadReport
from ...layout.rows import normalise
from .entries import ENTRIES, entries

__all__ = ["frame_schema", "build_frame"]


def _entry_fields() -> list[pl.Field]:
    inner = ENTRIES.inner
    assert isinstance(inner, pl.Struct)
    return list(inner.fields)


def _dtype(column: Column) -> pl.DataType:
    if column.role == "row":
        return pl.Int64()
    if column.role == "extra" or (column.kind == "dynamic" and column.role == "value"):
        return ENTRIES  # JSON values as typed entries (entries.py)
    if column.kind == "dynamic":
        return pl.String()  # instants as JSON text (``_dates``, ``__dates``), as in the SQL table
    if column.role == "terms" or (column.multivalued and column.kind in ("text", "keyword")):
        return pl.List(pl.String())
    return {"text": pl.String(), "keyword": pl.String(), "number": pl.Float64(),
            "date": pl.Datetime("us", "UTC"), "boolean": pl.Boolean()}[column.kind]


def frame_schema(layout: Layout) -> pl.Schema:
    """The frame's column names and Polars types, in the layout's order."""
    return pl.Schema({c.name: _dtype(c) for c in layout.columns})


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def build_frame(records: Iterable[Any], layout: Layout, start: int = 0) -> tuple[pl.DataFrame, LoadReport]:
    """The frame of ``records`` (``_row`` start, start + 1, ...) and the report of what was loaded:
    rows, and unreadable values (made null) by field.

    Records are normalised one by one (:func:`~filterengine.layout.rows.normalise`); the
    columns are then built one at a time, the nested ones (lists, entries) and the
    instants through Arrow arrays (Polars converts nested Python values row by row
    slowly). Python's cyclic garbage collector is paused meanwhile: the rows hold no
    cycles, and collecting over them again and again took a third of the time.
    """
    report = LoadReport()
    rows: list[dict[str, Any]] = []
    append = rows.append
    with _collector_paused():
        for record in records:
            values, bad = normalise(record, layout)
            if bad:
                report.count(bad)
            append(values)
        report.rows = len(rows)
        schema = frame_schema(layout)
        columns = [_column(column, schema[column.name], rows, start) for column in layout.columns]
    return pl.DataFrame(columns), report


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _column(column: Column, dtype: pl.DataType, rows: list[dict[str, Any]], start: int) -> pl.Series:
    name = column.name
    if column.role == "row":
        return pl.Series(name, range(start, start + len(rows)), dtype=pl.Int64)
    values = [row.get(name) for row in rows]
    if column.role == "extra":
        return _arrow(name, [None if v is None else [e for key, inner in v.items() for e in entries(inner, (key,), True)]
                             for v in values], _ENTRIES_ARROW)
    if column.kind == "dynamic" and column.role == "value":
        return _arrow(name, [None if v is None else entries(v, (), True) for v in values], _ENTRIES_ARROW)
    if column.kind == "dynamic":
        return pl.Series(name, [None if v is None else _json_text(v) for v in values], dtype=dtype)
    if dtype == pl.List(pl.String()):
        return _arrow(name, values, _STRINGS_ARROW)
    if dtype == pl.Datetime("us", "UTC"):
        return _arrow(name, values, _INSTANT_ARROW)
    if column.kind == "number" and column.role == "value":
        values = [None if v is None else _float(v) for v in values]
    return pl.Series(name, values, dtype=dtype)


def _arrow(name: str, values: list[Any], arrow_type: Any) -> pl.Series:
    """A column of nested values (or instants) converted by Arrow, then taken over by Polars without a copy."""
    series = pl.from_arrow(pa.array(values, type=arrow_type))
    assert isinstance(series, pl.Series)
    return series.alias(name)


#: The Arrow types Polars reads as ``List(String)``, the entries, and ``Datetime("us", "UTC")``.
_STRINGS_ARROW = pa.large_list(pa.large_string())
_ARROW_SCALARS: dict[Any, Any] = {pl.String(): pa.large_string(), pl.Float64(): pa.float64(), pl.Boolean(): pa.bool_()}
_ENTRIES_ARROW = pa.large_list(pa.struct([(f.name, _ARROW_SCALARS[f.dtype]) for f in _entry_fields()]))
_INSTANT_ARROW = pa.timestamp("us", tz="UTC")


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except OverflowError:  # an integer past the largest double: no Float64 holds it
        return None
