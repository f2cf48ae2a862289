"""Clip records as a Polars frame of the table layout, each value normalised as :func:`filterengine.sql.load` does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import polars as pl

from ...layout.columns import Column, Layout
from ...layout.report import LoadReport
from ...layout.rows import normalise
from .entries import ENTRIES, entries

__all__ = ["frame_schema", "build_frame"]


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
    columns are then built one at a time from flat Python lists (Polars converts
    nested lists and structs row by row slowly).
    """
    report = LoadReport()
    rows: list[dict[str, Any]] = []
    append = rows.append
    for record in records:
        values, bad = normalise(record, layout)
        if bad:
            report.count(bad)
        append(values)
    report.rows = len(rows)
    schema = frame_schema(layout)
    columns = [_column(column, schema[column.name], rows, start) for column in layout.columns]
    return pl.DataFrame(columns), report


def _column(column: Column, dtype: pl.DataType, rows: list[dict[str, Any]], start: int) -> pl.Series:
    name = column.name
    if column.role == "row":
        return pl.Series(name, range(start, start + len(rows)), dtype=pl.Int64)
    values = [row.get(name) for row in rows]
    if column.role == "extra":
        return _lists(name, [None if v is None else [e for key, inner in v.items() for e in entries(inner, (key,), True)]
                             for v in values], _entry_series)
    if column.kind == "dynamic" and column.role == "value":
        return _lists(name, [None if v is None else entries(v, (), True) for v in values], _entry_series)
    if column.kind == "dynamic":
        return pl.Series(name, [None if v is None else _json_text(v) for v in values], dtype=dtype)
    if dtype == pl.List(pl.String()):
        return _lists(name, values, _string_series)
    if column.kind == "number" and column.role == "value":
        values = [None if v is None else _float(v) for v in values]
    return pl.Series(name, values, dtype=dtype)


def _string_series(flat: list[Any]) -> pl.Series:
    return pl.Series("v", flat, dtype=pl.String)


def _entry_series(flat: list[Any]) -> pl.Series:
    """Entries (dicts, keys missing for nulls) as one struct column, built field by field."""
    inner = ENTRIES.inner
    assert isinstance(inner, pl.Struct)
    return pl.DataFrame([pl.Series(f.name, [e.get(f.name) for e in flat], dtype=f.dtype) for f in inner.fields]).to_struct("v")


def _lists(name: str, values: list[Any], flat_series: Callable[[list[Any]], pl.Series]) -> pl.Series:
    """A ``List`` column from per-row Python lists (None: null), built from one flat column."""
    rows: list[int] = []
    flat: list[Any] = []
    present: list[bool] = []
    for i, value in enumerate(values):
        present.append(value is not None)
        if value:
            rows.extend([i] * len(value))
            flat.extend(value)
    grouped = (pl.DataFrame([pl.Series("r", rows, dtype=pl.Int64), flat_series(flat)])
               .group_by("r", maintain_order=True).agg(pl.col("v")))
    joined = pl.DataFrame({"r": pl.int_range(len(values), eager=True, dtype=pl.Int64),
                           "p": pl.Series(present, dtype=pl.Boolean)}).join(grouped, on="r", how="left", maintain_order="left")
    empty = pl.lit([], dtype=grouped.schema["v"])
    return joined.select(pl.when(pl.col("p")).then(pl.col("v").fill_null(empty)).alias(name)).to_series()


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except OverflowError:  # an integer past the largest double: no Float64 holds it
        return None
