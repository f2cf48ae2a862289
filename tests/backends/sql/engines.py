"""Running generated SQL on real engines, for the tests: one connection per engine, tables per record set.

:class:`Engine` loads a list of records once (keyed by the list's identity and the
schema) into a table of its own, and runs a :class:`filterengine.SqlQuery` on it,
returning the matching records' positions in catalog order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import filterengine as fe

#: Every engine made, so that the session can close their connections (tests/conftest.py).
OPEN: list[Engine] = []


class Engine:
    """One live connection of one dialect; ``tables`` remembers what is loaded."""

    def __init__(self, dialect: str, connect: Callable[[], Any]):
        self.dialect = dialect
        self._connect = connect
        self._conn: Any = None
        self.tables: dict[tuple[int, str], str] = {}
        OPEN.append(self)

    @property
    def conn(self) -> Any:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            (self._conn.stop if self.dialect == "spark" else self._conn.close)()
            self._conn = None
            self.tables.clear()


    def table(self, records: Sequence[Any], schema: Mapping[str, Any] | None = None, keep: Any = None) -> str:
        """The table holding ``records`` (loaded on first use; ``keep`` holds the list alive)."""
        key = (id(records), repr(schema))
        name = self.tables.get(key)
        if name is None:
            name = f"clips_{len(self.tables)}"
            fe.sql.create_table(self.conn, dialect=self.dialect, table=name, schema=schema)
            fe.sql.load(self.conn, records, dialect=self.dialect, table=name, schema=schema)
            self.tables[key] = name
            self._keep = getattr(self, "_keep", [])
            self._keep.append(records if keep is None else keep)
        return name

    def load_fresh(self, records: Sequence[Any], schema: Mapping[str, Any] | None = None) -> str:
        """A new table holding ``records`` (drop it with :meth:`drop`)."""
        self._fresh = getattr(self, "_fresh", 0) + 1
        name = f"fresh_{self._fresh}"
        fe.sql.create_table(self.conn, dialect=self.dialect, table=name, schema=schema)
        fe.sql.load(self.conn, records, dialect=self.dialect, table=name, schema=schema)
        return name

    def drop(self, table: str) -> None:
        if self.dialect == "spark":
            self.conn.catalog.dropTempView(table)
            return
        self.conn.cursor().execute(f'DROP TABLE "{table}"')
        if self.dialect == "sqlite":
            self.conn.commit()

    def rows(self, query: fe.SqlQuery) -> list[int]:
        """The ``_row`` of every row the query returns, in its order."""
        if self.dialect == "spark":
            return [int(row["_row"]) for row in self.conn.sql(query.sql, args=query.params).collect()]
        cursor = self.conn.cursor()
        cursor.execute(query.sql, query.params)
        names = [d[0] for d in cursor.description]
        at = names.index("_row")
        return [int(row[at]) for row in cursor.fetchall()]

    def rows_many(self, queries: Sequence[fe.SqlQuery]) -> list[list[int]]:
        """:meth:`rows` of several queries; on Spark one job for all (each job costs a fraction of a second)."""
        if self.dialect != "spark" or len(queries) < 2:
            return [self.rows(q) for q in queries]
        from sqlglot import exp

        parts, args = [], {}
        for i, query in enumerate(queries):
            tree = query._tree.copy()  # the statement, its markers renamed apart
            for marker in tree.find_all(exp.Placeholder):
                args[f"c{i}_{marker.name}"] = query._values[marker.name]
                marker.set("this", f"c{i}_{marker.name}")
            parts.append(f"SELECT {i} AS _case, _row FROM ({tree.sql(dialect='spark')})")
        found: list[list[int]] = [[] for _ in queries]
        for row in self.conn.sql(" UNION ALL ".join(parts), args=args).collect():
            found[int(row["_case"])].append(int(row["_row"]))
        return found

    def count(self, query: fe.SqlQuery) -> int:
        if self.dialect == "spark":
            return int(self.conn.sql(query.count_sql, args=query.count_params).collect()[0][0])
        cursor = self.conn.cursor()
        cursor.execute(query.count_sql, query.count_params)
        return int(cursor.fetchone()[0])


def duckdb_engine() -> Engine:
    import duckdb

    return Engine("duckdb", lambda: duckdb.connect(":memory:"))


def sqlite_engine() -> Engine:
    return Engine("sqlite", lambda: sqlite3.connect(":memory:"))


def postgres_engine() -> Engine:
    from .postgres_server import SERVER

    return Engine("postgres", lambda: SERVER.start().connect(autocommit=True))


def spark_engine() -> Engine:
    """A local Spark session (``local[2]``, time zone UTC), started on first use, one per test run."""

    def start() -> Any:
        from pyspark.sql import SparkSession

        session = (SparkSession.builder.master("local[2]").appName("filterengine-tests")
                   .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", "2").config("spark.driver.memory", "1g").getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
        return session

    return Engine("spark", start)


def close_all() -> None:
    for engine in OPEN:
        engine.close()
