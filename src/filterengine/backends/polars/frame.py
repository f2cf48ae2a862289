"""Clip records as a Polars frame of the table layout, each value normalised as :func:`filterengine.sql.load` does."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import polars as pl

from ...layout.columns import EXTRA, ROW, Column, Layout
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


def build_frame(records: Iterable[Any], layout: Layout) -> tuple[pl.DataFrame, dict[str, int]]:
    """The frame of ``records`` (``_row`` 0, 1, ...) and the count of unreadable values (made null) by field."""
    names = [c.name for c in layout.columns]
    typed = {c.name for c in layout.columns if c.kind == "dynamic" and c.role == "value"}
    dynamic = {c.name for c in layout.columns if c.kind == "dynamic"} - typed - {EXTRA}
    numbers = {c.name for c in layout.columns if c.kind == "number" and c.role == "value"}
    data: dict[str, list[Any]] = {name: [] for name in names}
    unreadable: dict[str, int] = {}
    for i, record in enumerate(records):
        values, bad = normalise(record, layout)
        for key, n in bad.items():
            unreadable[key] = unreadable.get(key, 0) + n
        values[ROW] = i
        for name in names:
            value = values.get(name)
            if value is not None:
                if name == EXTRA:
                    value = [e for key, inner in value.items() for e in entries(inner, (key,), True)]
                elif name in typed:
                    value = entries(value, (), True)
                elif name in dynamic:
                    value = _json_text(value)
                elif name in numbers:
                    value = _float(value)
            data[name].append(value)
    schema = frame_schema(layout)
    lists = [name for name, dtype in schema.items() if dtype == pl.List(pl.String())]
    columns = {name: (_string_lists(name, data[name]) if name in lists else pl.Series(name, data[name], dtype=dtype))
               for name, dtype in schema.items()}
    return pl.DataFrame(columns), unreadable


def _string_lists(name: str, values: list[Any]) -> pl.Series:
    """A ``List(String)`` column from Python lists, built from one flat column (Polars converts nested lists slowly)."""
    rows: list[int] = []
    flat: list[str | None] = []
    present: list[bool] = []
    for i, value in enumerate(values):
        present.append(value is not None)
        if value:
            rows.extend([i] * len(value))
            flat.extend(value)
    grouped = (pl.DataFrame({"r": pl.Series(rows, dtype=pl.Int64), "v": pl.Series(flat, dtype=pl.String)})
               .group_by("r", maintain_order=True).agg(pl.col("v")))
    joined = pl.DataFrame({"r": pl.int_range(len(values), eager=True, dtype=pl.Int64),
                           "p": pl.Series(present, dtype=pl.Boolean)}).join(grouped, on="r", how="left", maintain_order="left")
    empty = pl.lit([], dtype=pl.List(pl.String))
    return joined.select(pl.when(pl.col("p")).then(pl.col("v").fill_null(empty)).alias(name)).to_series()


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except OverflowError:  # an integer past the largest double: no Float64 holds it
        return None
