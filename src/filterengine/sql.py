"""Smart playlists pushed down to SQL engines: ``to_sql``, and the clips table to run them on.

Needs the ``sql`` extra (``pip install 'filterengine[sql]'``: sqlglot).

>>> import filterengine as fe
>>> query = fe.to_sql([{"filters": [{"field": "status", "operator": "is", "value": "published"}]}],
...                   q="title:derby", dialect="postgres", sort="publisheddate desc", limit=10)
>>> print(query.sql)  # doctest: +NORMALIZE_WHITESPACE
SELECT * FROM "clips" WHERE "clips"."status" = %(p1)s AND EXISTS(SELECT 1 FROM UNNEST("clips"."title__terms") AS _e(_v) WHERE (_e._v = %(p2)s)) ORDER BY "clips"."publisheddate" IS NULL ASC, "clips"."publisheddate" DESC NULLS LAST, "clips"."_row" ASC LIMIT %(p3)s
>>> query.params
{'p1': 'published', 'p2': 'derby', 'p3': 10}
>>> query.count_sql.startswith('SELECT COUNT(*) FROM "clips" WHERE')
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .backends.sql.dialects import DIALECTS, Dialect, dialect_named
from .backends.sql.layout import Layout
from .backends.sql.load import (
    LoadReport,
    copy_sql,
    create_table_sql,
    duckdb_bulk_sql,
    insert_sql,
    next_row_sql,
    rows,
    spark_schema,
)
from .backends.sql.query import SqlQuery, build_query
from .compiler import playlist_node, resolve_schema
from .filterset.model import Cliplist, is_filters_document
from .limits import DEFAULT_LIMITS, Limits
from .passes import optimize
from .playlist.paging import resolve_limit, resolve_offset
from .playlist.preview import as_cliplist, playlist_sort
from .playlist.sorting import parse_sort
from .runtime.clock import resolve_now, utcnow
from .schema import Schema

__all__ = ["to_sql", "SqlQuery", "create_table", "load", "layout", "LoadReport", "DIALECTS"]


def _cliplist(filters: Any, limits: Limits) -> Cliplist | None:
    if isinstance(filters, Cliplist):
        return filters
    if isinstance(filters, Mapping) and not is_filters_document(filters):
        return as_cliplist(filters, limits)
    return None


def to_sql(
    filters: Any = None,
    *,
    q: str | None = None,
    dialect: str = "duckdb",
    table: str = "clips",
    schema: Schema | Mapping[str, Any] | None = None,
    now: Any = None,
    sort: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
    default_operator: str = "OR",
    limits: Limits = DEFAULT_LIMITS,
) -> SqlQuery:
    """A smart playlist as one SQL ``SELECT`` over a clips table of :func:`layout` (see docs/backends.md).

    ``filters`` is anything :func:`~filterengine.compile_filters` takes; a whole
    dynamic cliplist brings its ``sort`` (default ``id desc``) and ``limit``. ``q`` is
    ANDed as there. ``sort``, ``limit`` and ``offset`` override; without a sort there
    is no ORDER BY, without a limit no LIMIT. Relative dates are computed from ``now``
    (default: the current UTC time, read once) and bound as timestamps.

    Raises :class:`~filterengine.FiltersetError` / :class:`~filterengine.QuerySyntaxError`
    for bad input, and :class:`~filterengine.UnsupportedError` for a construct the
    dialect cannot express exactly (fuzzy terms, proximity phrases, ...), and
    :class:`~filterengine.LimitExceededError` for input larger than ``limits`` allow,
    as :func:`~filterengine.compile_filters` does.
    """
    engine = dialect_named(dialect)
    resolved = resolve_schema(schema)
    cliplist = _cliplist(filters, limits)
    if cliplist is not None and cliplist.is_static:
        raise engine.unsupported("static list", "its clips are the items stored in the list, not a query")
    node, _ = playlist_node(filters if cliplist is None else cliplist, q, resolved, default_operator, limits)
    spec = playlist_sort(cliplist, sort, resolved, limits) if cliplist is not None else (
        parse_sort(sort, resolved, limits) if sort is not None else None)
    if limit is None and cliplist is not None:
        limit = cliplist.limit
    page_limit = None if limit is None else resolve_limit(limit)
    page_offset = None if offset is None else resolve_offset(offset)
    instant = resolve_now(now) or utcnow()
    keys = [(k.field, k.descending) for k in spec.keys] if spec is not None else None
    return build_query(optimize(node), engine, Layout.of(resolved), table, instant, keys, page_limit, page_offset)


def layout(schema: Schema | Mapping[str, Any] | None = None) -> Layout:
    """The clips table's columns for ``schema`` (default: the platform's)."""
    return Layout.of(resolve_schema(schema))


def create_table(conn: Any, *, dialect: str, table: str = "clips", schema: Schema | Mapping[str, Any] | None = None) -> str:
    """Create the clips table of ``schema`` on a DB-API connection (DuckDB, SQLite, psycopg); returns the DDL.

    For ``dialect="spark"``, ``conn`` is a SparkSession and the table an empty temporary view.
    """
    engine = dialect_named(dialect)
    if engine.name == "spark":
        shape = spark_schema(layout(schema), engine)
        conn.createDataFrame([], schema=shape).createOrReplaceTempView(table)
        _EMPTY_VIEWS.setdefault(id(conn), set()).add(table)
        return shape
    ddl = create_table_sql(layout(schema), engine, table)
    _run(conn, engine, ddl)
    return ddl


def load(conn: Any, records: Iterable[Any], *, dialect: str, table: str = "clips",
         schema: Schema | Mapping[str, Any] | None = None, batch: int = 10_000) -> LoadReport:
    """Insert clip records into a table made by :func:`create_table`, each value normalised by its field's kind.

    Values a column cannot hold become NULL and are counted in the report; nothing
    about the records raises. Records are numbered on from the table's last ``_row``.
    """
    engine = dialect_named(dialect)
    shape = layout(schema)
    report = LoadReport()
    start = _next_row(conn, engine, table)
    if engine.name == "spark":  # the temporary view becomes itself plus the new rows
        new = conn.createDataFrame(list(rows(records, shape, engine, report, start)), schema=spark_schema(shape, engine))
        conn.table(table).unionByName(new).createOrReplaceTempView(table)
        return report
    if engine.name == "duckdb":
        _duckdb_bulk(conn, rows(records, shape, engine, report, start), shape, engine, table)
        return report
    if engine.name == "postgres" and hasattr(conn.cursor(), "copy"):  # psycopg 3
        with conn.cursor() as cursor, cursor.copy(copy_sql(shape, engine, table)) as copy:
            for row in rows(records, shape, engine, report, start):
                copy.write_row(row)
        _commit(conn, engine)
        return report
    statement = insert_sql(shape, engine, table)
    cursor = conn.cursor()
    batch_rows: list[list[Any]] = []
    for row in rows(records, shape, engine, report, start):
        batch_rows.append(row)
        if len(batch_rows) >= batch:
            cursor.executemany(statement, batch_rows)
            batch_rows = []
    if batch_rows:
        cursor.executemany(statement, batch_rows)
    _commit(conn, engine)
    return report


def _duckdb_bulk(conn: Any, batch_rows: Iterable[list[Any]], shape: Layout, engine: Dialect, table: str) -> None:
    """DuckDB inserts row by row slowly: the rows go through a JSON-lines file and read_json instead."""
    import json
    import os
    import tempfile
    from datetime import datetime

    names = [c.name for c in shape.columns]

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime) else value

    handle, path = tempfile.mkstemp(suffix=".jsonl", prefix="filterengine-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for row in batch_rows:
                out.write(json.dumps({n: plain(v) for n, v in zip(names, row)}, ensure_ascii=False))
                out.write("\n")
        statement, params = duckdb_bulk_sql(shape, engine, table, path)
        conn.execute(statement, params)
    finally:
        os.unlink(path)


#: Spark views create_table just made (empty): loading into one needs no job to find its last row.
_EMPTY_VIEWS: dict[int, set[str]] = {}


def _next_row(conn: Any, engine: Dialect, table: str) -> int:
    if engine.name == "spark":
        empty = _EMPTY_VIEWS.get(id(conn), set())
        if table in empty:
            empty.discard(table)
            return 0
        found = conn.sql(next_row_sql(engine, table)).collect()
        return int(found[0][0]) if found else 0
    cursor = conn.cursor()
    cursor.execute(next_row_sql(engine, table))
    found = cursor.fetchone()
    return int(found[0]) if found else 0


def _run(conn: Any, engine: Dialect, statement: str) -> None:
    conn.cursor().execute(statement)
    _commit(conn, engine)


def _commit(conn: Any, engine: Dialect) -> None:
    if engine.name != "duckdb":
        conn.commit()
