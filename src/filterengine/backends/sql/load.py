"""Filling a clips table in SQL engines: rows made by :mod:`filterengine.layout.rows` (which owns
the normalisation rules and their examples), inserted in batches per engine."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlglot import exp

from ...layout.report import LoadReport
from ...layout.rows import instant_text, instants, normalise
from .dialects import Dialect
from .layout import ROW, Column, Layout, table_ref

__all__ = ["instant_text", "instants", "LoadReport", "spark_schema", "copy_sql", "duckdb_bulk_sql", "create_table_sql", "insert_sql", "next_row_sql", "normalise", "rows"]


def create_table_sql(layout: Layout, dialect: Dialect, table: str) -> str:
    """``CREATE TABLE`` for the layout, printed by sqlglot for the dialect."""
    columns = [
        exp.ColumnDef(this=exp.to_identifier(c.name, quoted=True),
                      kind=dialect.column_type(_type_kind(c), c.multivalued))
        for c in layout.columns
    ]
    schema = exp.Schema(this=table_ref(table), expressions=columns)
    return exp.Create(this=schema, kind="TABLE").sql(dialect=dialect.sqlglot)


def spark_schema(layout: Layout, dialect: Dialect) -> str:
    """The layout as a Spark DDL schema string (``createDataFrame(rows, schema=...)``)."""
    return ", ".join(f"{exp.to_identifier(c.name, quoted=True).sql(dialect.sqlglot)} "
                     f"{dialect.column_type(_type_kind(c), c.multivalued).sql(dialect.sqlglot)}" for c in layout.columns)


def _type_kind(column: Column) -> str:
    if column.role == "row":
        return "row"
    if column.role == "terms":
        return "terms"
    return column.kind


def next_row_sql(dialect: Dialect, table: str) -> str:
    """The ``_row`` the next record loaded gets: one past the table's last."""
    target = table_ref(table)
    return exp.select(f"COALESCE(MAX({ROW}) + 1, 0)").from_(target).sql(dialect=dialect.sqlglot)


def copy_sql(layout: Layout, dialect: Dialect, table: str) -> str:
    """PostgreSQL's ``COPY table (columns) FROM STDIN``, for bulk loading with psycopg."""
    columns = ", ".join(exp.to_identifier(c.name, quoted=True).sql(dialect.sqlglot) for c in layout.columns)
    return f"COPY {table_ref(table).sql(dialect.sqlglot)} ({columns}) FROM STDIN"


def duckdb_bulk_sql(layout: Layout, dialect: Dialect, table: str, path: str) -> tuple[str, dict[str, Any]]:
    """``INSERT INTO table SELECT ... FROM read_json(path)`` for rows written as JSON lines (JSON columns as text)."""
    types = {c.name: ("VARCHAR" if c.kind == "dynamic" else dialect.column_type(_type_kind(c), c.multivalued).sql("duckdb"))
             for c in layout.columns}
    select = exp.select(*[
        exp.cast(exp.column(c.name, quoted=True), exp.DataType.build("JSON")) if c.kind == "dynamic"
        else exp.column(c.name, quoted=True) for c in layout.columns
    ]).from_(exp.func("read_json", exp.Placeholder(this="path"),
                      exp.EQ(this=exp.column("columns"), expression=exp.Placeholder(this="columns")),
                      exp.EQ(this=exp.column("format"), expression=exp.Literal.string("newline_delimited"))))
    statement = exp.insert(select, table_ref(table), columns=[exp.to_identifier(c.name, quoted=True) for c in layout.columns])
    return statement.sql("duckdb"), {"path": path, "columns": types}


def insert_sql(layout: Layout, dialect: Dialect, table: str) -> str:
    """``INSERT INTO table (columns) VALUES (...)`` with one marker per column, in the driver's style."""
    marker = {"pyformat": "%s", "qmark": "?", "named": "?"}[dialect.paramstyle]
    values = []
    for c in layout.columns:
        slot: exp.Expr = exp.Placeholder()
        if c.kind == "dynamic":
            slot = dialect.json_insert(slot)
        values.append(slot)
    statement = exp.insert(exp.values([tuple(values)]),
                           table_ref(table),
                           columns=[exp.to_identifier(c.name, quoted=True) for c in layout.columns])
    text = statement.sql(dialect=dialect.sqlglot)
    return text.replace("%s", marker) if marker != "%s" else text


def rows(records: Iterable[Any], layout: Layout, dialect: Dialect, report: LoadReport, start: int = 0) -> Iterable[list[Any]]:
    """Each record as one row of bound values, in the layout's column order."""
    binders = [_binder(c, dialect) for c in layout.columns]
    names = [c.name for c in layout.columns]
    for i, record in enumerate(records, start):
        values, bad = normalise(record, layout)
        report.rows += 1
        if bad:
            report.count(bad)
        values[ROW] = i
        get = values.get
        yield [bind(get(name)) for bind, name in zip(binders, names)]


def _binder(column: Column, dialect: Dialect) -> Any:
    """How a column's normalised value becomes what the driver binds (None stays None)."""
    if column.kind == "dynamic":
        return lambda v: None if v is None else dialect.bind_json(_json_text(v))
    if column.multivalued or column.role == "terms":  # lists of strings
        return lambda v: None if v is None else dialect.bind_list(v)
    if column.kind == "number" and column.role == "value":
        return lambda v: None if v is None else float(v)  # a DOUBLE column (Spark's rows refuse a Python int there)
    if column.kind in ("text", "keyword") or column.role == "row":
        return lambda v: v
    return lambda v: None if v is None else dialect.bind(v)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
