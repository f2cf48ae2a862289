"""Previews on DuckDB: the catalog as a view ``clips`` in the table layout, the playlist as one SELECT (``fe.to_sql``'s).

- Parquet: ``read_parquet`` of a file in the layout; typed columns only (the Polars
  frame's ``_extra`` is not DuckDB's JSON): a test on a field of no kind is
  :class:`~filterengine.errors.UnsupportedError`.
- JSON lines, JSON arrays and envelopes (gzip too): ``read_json_objects``, columns
  computed by :mod:`.duckdb_json`, records it cannot read refused.
- records in memory: loaded into an in-memory table with ``fe.sql.load`` (the runtime's
  normalisation), every column there.

A JSON catalog is read once: one aggregate gives the count, the first record each check
refuses and the page (``min_by`` keeps the ``offset + limit`` smallest sort keys, the
ORDER BY's terms encoded by ``create_sort_key``, so only the page's record texts are kept).
A Parquet catalog is counted in one scan and sorted in a second (DuckDB keeps a top-k heap
for ``ORDER BY ... LIMIT``) that carries ``_row`` only; the page's ``_record`` texts are then
read one row at a time, each from the one row group holding it, so memory does not grow with
the catalog. Progress is DuckDB's own ``query_progress()``, read from a thread while a query runs.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import duckdb

from ..backends.sql.dialects import dialect_named
from ..backends.sql.query import SqlQuery, build_query, text_names
from ..errors import EngineRecordError, FilterEngineError, InputError, UnsupportedError
from ..ir import Field, Node
from ..layout.columns import EXTRA, ROW, Layout
from ..playlist.preview import id_key
from ..runtime.values import get_key
from ..schema import Schema
from ..sql import create_table, load
from .duckdb_json import POSITION, RECORD_TEXT, json_view
from .files import RECORD, catalog_format, display, fresh_records, is_path, rebuild
from .preview import Progress

__all__ = ["open_scan", "DuckDBScan"]

NAME = "duckdb"
_TABLE = "clips"
_COLUMN = re.compile(r'"clips"\."((?:[^"]|"")+)"')
_POLL = 0.1  # seconds between progress readings


def open_scan(clips: Any, schema: Schema) -> DuckDBScan:
    return DuckDBScan(clips, Layout.of(schema))


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBScan:
    """One catalog opened on a fresh in-memory DuckDB connection."""

    def __init__(self, clips: Any, layout: Layout):
        self.layout = layout
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET TimeZone = 'UTC'")
        self.records: list[Mapping[str, Any]] | None = None
        self.source = "<records>"
        self.checks: dict[str, tuple[str, ...]] = {}
        self.reasons: dict[str, tuple[str, str]] = {}
        self.typed: dict[str, str] = {}
        self.record_column: str | None = None
        self.json: tuple[str, str, bool] | None = None
        try:
            if is_path(clips):
                self._open_file(display(clips))
            else:
                self._load(clips)
        except BaseException:
            self.con.close()
            raise

    # --- opening ----------------------------------------------------------------------------------

    def _load(self, clips: Iterable[Any]) -> None:
        self.records = [c for c in clips if isinstance(c, Mapping)]
        create_table(self.con, dialect=NAME, table=_TABLE, schema=self.layout.schema)
        load(self.con, self.records, dialect=NAME, table=_TABLE, schema=self.layout.schema)
        self.usable = frozenset(c.name for c in self.layout.columns)

    def _open_file(self, path: str) -> None:
        self.source = path
        fmt, gzipped = catalog_format(path)
        if fmt == "parquet":
            self._run(f"CREATE VIEW {_TABLE} AS SELECT * FROM read_parquet({_lit(path)})")
            found = {row[0] for row in self._run(f"DESCRIBE {_TABLE}").fetchall()}
            if ROW not in found:
                raise InputError(path, f"not a catalog in the table layout: no {ROW!r} column (write it with fe.to_frame "
                                       "or filterengine convert)")
            # Values of no kind are Polars' typed entries in such a file, not DuckDB JSON: not read.
            dynamic = {c.name for c in self.layout.columns if c.kind == "dynamic"}
            self.usable = frozenset(found - dynamic)
            self.record_column = RECORD if RECORD in found else None
            return
        self.json = (path, fmt, gzipped)
        view = json_view(path, fmt, gzipped, self.layout, frozenset())
        self.usable = view.columns
        self.checks, self.reasons, self.typed = view.checks, view.reasons, view.typed
        self.record_column = RECORD_TEXT

    def _view(self, used: set[str]) -> None:
        """A JSON catalog's view, computing only the columns ``used`` (a view of every column binds slowly)."""
        if self.json is not None:
            path, fmt, gzipped = self.json
            view = json_view(path, fmt, gzipped, self.layout, frozenset(used))
            self._run(f"CREATE OR REPLACE VIEW {_TABLE} AS {view.sql}")

    def _run(self, sql: str, params: Any = None) -> duckdb.DuckDBPyConnection:
        try:
            return self.con.execute(sql, params) if params is not None else self.con.execute(sql)
        except duckdb.IOException as err:
            raise InputError(self.source, f"cannot read: {_first_line(err)}") from None
        except (duckdb.InvalidInputException, duckdb.ConversionException) as err:
            raise InputError(self.source, f"DuckDB cannot read it: {_first_line(err)}") from None

    # --- the preview ------------------------------------------------------------------------------

    def page(self, node: Node, keys: list[tuple[Field, bool]], now: datetime, offset: int, limit: int,
             progress: Progress | None) -> tuple[list[Any], int]:
        dialect = dialect_named(NAME)
        # A Parquet catalog's records are read for the page's rows only, after the top-k: the sort then
        # carries no record text, and its memory does not grow with the catalog.
        late = self.json is None and self.record_column is not None and self.records is None
        shown = [ROW] + ([self.record_column] if self.record_column and not late else [])
        query = build_query(node, dialect, self.layout, _TABLE, now, keys or None,
                            limit, offset or None, columns=shown if self.record_column or self.records is not None else None)
        used = {name.replace('""', '"') for name in _COLUMN.findall(query.sql + " " + query.count_sql)}
        missing = sorted(used - self.usable)
        if missing:
            raise UnsupportedError(f"test or sort on {', '.join(missing)} of this catalog", NAME, _why_missing(missing))
        # Where a JSON catalog's column is tested (not only sorted by), its values must have the field's own type.
        tested = {name.replace('""', '"') for name in _COLUMN.findall(query.clauses()[0])} if self.json else set()
        typed = {self.typed[name] for name in tested if name in self.typed}
        self._view(used | typed)
        checks = sorted({ok for name in used for ok in self.checks.get(name, ())} | typed)
        if self.json is not None:
            return self._one_scan(query, checks, offset, limit, progress)
        total = self._count(query.count_sql, query.count_params, checks, progress)
        if limit == 0 or offset >= total:
            return [], total
        rows = self._fetch(query.sql, query.params, progress)
        if late:
            rows = self._records([int(dict(row)[ROW]) for row in rows])
        return [self._item(row) for row in rows], total

    def _records(self, positions: list[int]) -> list[tuple[Any, ...]]:
        """The rows ``(_row, record)`` of a Parquet catalog at ``positions``, in that order."""
        if not positions:
            return []
        # One query per row: DuckDB reads only the row group whose _row range holds it (an IN list reads
        # them all), one row group at a time.
        one = f'SELECT "{ROW}", "{self.record_column}" FROM "{_TABLE}" WHERE "{ROW}" = ?'
        rows: list[tuple[Any, ...]] = []
        for position in positions:
            cursor = self._run(one, [position])
            names = [d[0] for d in cursor.description or ()]
            rows.extend(tuple(zip(names, row)) for row in cursor.fetchall()[:1])
        return rows

    def _count(self, count_sql: str, params: Any, checks: list[str], progress: Progress | None) -> int:
        prefix = f'SELECT COUNT(*) FROM "{_TABLE}" WHERE '
        if not checks:
            found = self._watched(count_sql, params, progress).fetchone()
            return int(found[0]) if found else 0
        if not count_sql.startswith(prefix):  # pragma: no cover - build_query always writes a WHERE
            raise FilterEngineError("unexpected count statement")
        condition = count_sql[len(prefix):]
        firsts = ", ".join(f'min("{POSITION}") FILTER (WHERE NOT "{ok}")' for ok in checks)
        sql = f'SELECT COUNT(*) FILTER (WHERE {condition}), {firsts} FROM "{_TABLE}"'
        found = self._watched(sql, params, progress).fetchone()
        assert found is not None
        self._refuse(list(zip(found[1:], checks)))
        return int(found[0])

    def _one_scan(self, query: SqlQuery, checks: list[str], offset: int, limit: int,
                  progress: Progress | None) -> tuple[list[Any], int]:
        """A JSON catalog's count, refusals and page in one scan: an aggregate keeping the first
        ``offset + limit`` records by a sort key that DuckDB encodes as the ORDER BY compares
        (``create_sort_key``, ending with ``_row``), so the file is read once, its records kept only for the page."""
        where, terms = query.clauses()
        if not terms:  # no sort: catalog order
            terms = [(f'"{_TABLE}"."{ROW}"', False, False)]
        key = ", ".join(f"{term}, '{'DESC' if desc else 'ASC'} NULLS {'FIRST' if first else 'LAST'}'"
                        for term, desc, first in terms)
        wanted = offset + limit
        parts = ['COUNT(*) FILTER (WHERE "?match")']
        parts += [f'min("{POSITION}") FILTER (WHERE NOT "{ok}")' for ok in checks]
        if wanted:
            parts.append(f'min_by("{RECORD_TEXT}", "?key", {wanted}) FILTER (WHERE "?match")')
        # The condition is computed once per record, the key only for those that match.
        rows = (f'SELECT *, CASE WHEN "?match" THEN create_sort_key({key}) END AS "?key" '
                f'FROM (SELECT *, COALESCE({where}, FALSE) AS "?match" FROM "{_TABLE}") AS "{_TABLE}"')
        sql = f'SELECT {", ".join(parts)} FROM ({rows})'
        params = query.params if isinstance(query.params, dict) else {}
        names = text_names(sql, "named")
        found = self._watched(sql, {k: v for k, v in params.items() if k in names}, progress).fetchone()
        assert found is not None
        self._refuse(list(zip(found[1:1 + len(checks)], checks)))
        total = int(found[0])
        records = (found[-1] or []) if wanted else []
        return [json.loads(text) for text in records[offset:]], total

    def _refuse(self, firsts: list[tuple[Any, str]]) -> None:
        """Raise :class:`EngineRecordError` for the first record (by position) a check refused, if any."""
        refused = [(position, ok) for position, ok in firsts if position is not None]
        if refused:
            position, ok = min(refused)
            field, reason = self.reasons[ok]
            raise EngineRecordError(self.source, int(position), field, NAME, f"{reason}: {self._value(int(position), field)}")

    def _value(self, position: int, field: str) -> str:
        found = self._run(f'SELECT "{RECORD_TEXT}" FROM "{_TABLE}" WHERE "{POSITION}" = ?', [position]).fetchone()
        try:
            record = json.loads(found[0]) if found else {}
        except ValueError:  # pragma: no cover - DuckDB read it as JSON
            record = {}
        value = record.get(field) if isinstance(record, dict) else None
        return f"the value is {json.dumps(value, ensure_ascii=False)[:80]}"

    def _fetch(self, sql: str, params: Any, progress: Progress | None) -> list[tuple[Any, ...]]:
        cursor = self._watched(sql, params, progress)
        names = [d[0] for d in cursor.description or ()]
        return [tuple(zip(names, row)) for row in cursor.fetchall()]

    def _item(self, row: tuple[Any, ...]) -> Any:
        values = dict(row)
        if self.records is not None:
            return self.records[int(values[ROW])]
        if self.record_column is not None:
            return json.loads(values[self.record_column])
        return rebuild(values, self.layout)

    def _watched(self, sql: str, params: Any, progress: Progress | None) -> duckdb.DuckDBPyConnection:
        """Run ``sql``, calling ``progress`` with DuckDB's estimate from a thread meanwhile."""
        if progress is None:
            return self._run(sql, params)
        done = threading.Event()

        def poll() -> None:
            while not done.wait(_POLL):
                try:
                    percent = self.con.query_progress()
                except duckdb.Error:  # pragma: no cover - no query running yet
                    continue
                if percent >= 0:
                    progress(min(percent, 100.0) / 100.0)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        try:
            return self._run(sql, params)
        finally:
            done.set()
            watcher.join()

    def lookup(self, ids: list[str]) -> dict[str, Any]:
        if self.records is not None:
            return fresh_records(ids, self.records)
        if self.record_column is None:
            shown = "*"
        else:
            shown = f'"{ROW}", "{self.record_column}"'
        self._view({"id"})
        marks = ", ".join("?" for _ in ids)
        extra = f" OR json_type(\"{EXTRA}\", '/id') IN ('DOUBLE', 'BIGINT', 'UBIGINT')" if self.record_column == RECORD_TEXT else ""
        cursor = self._run(f'SELECT {shown} FROM "{_TABLE}" WHERE "id" IN ({marks}){extra} ORDER BY "{ROW}"', ids)
        names = [d[0] for d in cursor.description or ()]
        fresh: dict[str, Any] = {}
        for row in cursor.fetchall():
            record = self._item(tuple(zip(names, row)))
            key = id_key(get_key(record, "id")) if isinstance(record, Mapping) else None
            if key is not None and key not in fresh:
                fresh[key] = record
        return fresh

    def close(self) -> None:
        self.con.close()


def _why_missing(missing: list[str]) -> str:
    if any(name.endswith("__dates") or name in ("_dates",) for name in missing):
        return ("dates of a field of no kind are not computed from a JSON catalog: preview with engine='python', "
                "or convert the catalog to Parquet")
    return ("this catalog has no such column (a Parquet catalog keeps typed columns only for DuckDB): "
            "preview with engine='python' or engine='polars'")


def _first_line(err: BaseException) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
