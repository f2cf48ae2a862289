"""Clips in the store: loading a catalog, and turning rows back into the records that were loaded.

A load is one transaction holding the write lock, so readers see all of it or none
of it, and a load stopped by an error leaves nothing behind. The records are
streamed in batches (memory does not grow with the catalog): the original JSON of
every record goes to ``clip_docs`` and its typed row to ``clips`` (by
:func:`filterengine.sql.load`), numbered on from the table's last ``_row``. Entries
that are not objects are skipped, as :func:`filterengine.preview` skips them.

Items come back as the JSON each record was loaded with (``clip_docs``), in the
order the query gives: a smart list's rows are exactly what ``fe.to_sql`` selects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from ..errors import UnsupportedError
from ..playlist.preview import id_key
from ..runtime.values import get_key
from ..schema import Schema
from ..sql import LoadReport, SqlQuery, load
from .database import Database, InTransaction
from .documents import json_text
from .migrations import _LOCK_KEY

__all__ = ["load_clips", "run_query", "static_items", "bindable", "BATCH"]

#: Records per batch of a load.
BATCH = 5_000
#: Ids or rows per ``IN (...)`` list.
_CHUNK = 500


def load_clips(db: Database, records: Iterable[Any], schema: Schema, batch: int = BATCH,
               replace: bool = False) -> LoadReport:
    """Append ``records`` to the clips in one transaction (``replace``: instead of the clips there were);
    a :class:`~filterengine.sql.LoadReport` of the load."""
    report = LoadReport()
    objects: Iterator[Any] = (r for r in records if isinstance(r, Mapping))
    with db.transaction(write=True) as conn:
        cur = conn.cursor()
        if db.dialect == "postgres":  # loads are serial: each numbers its rows on from the last
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        if replace:
            cur.execute("DELETE FROM clip_docs")
            cur.execute("DELETE FROM clips")
        while chunk := list(islice(objects, batch)):
            cur.execute('SELECT COALESCE(MAX("_row") + 1, 0) FROM clips')
            start = int(cur.fetchone()[0])
            cur.executemany(f"INSERT INTO clip_docs (_row, doc) VALUES ({db.markers(2)})",
                            [(start + i, json_text(record)) for i, record in enumerate(chunk)])
            part = load(InTransaction(conn), chunk, dialect=db.dialect, table="clips", schema=schema)
            report.rows += part.rows
            report.count(part.by_field)
        if report.rows or replace:  # fresh statistics, so the planner uses the id index for static lists
            cur.execute("ANALYZE clips" if db.dialect == "sqlite" else "ANALYZE clips, clip_docs")
    return report


def bindable(query: SqlQuery, db: Database) -> SqlQuery:
    """``query``, or :class:`~filterengine.UnsupportedError` for a text value PostgreSQL cannot bind (a NUL)."""
    if db.dialect == "postgres":
        values = query.params.values() if isinstance(query.params, dict) else query.params
        for value in values:
            texts = value if isinstance(value, (list, tuple)) else (value,)
            if any(isinstance(text, str) and "\x00" in text for text in texts):
                raise UnsupportedError("text value holding a NUL character", "postgres", "PostgreSQL text cannot hold one")
    return query


def run_query(conn: Any, db: Database, query: SqlQuery) -> list[Any]:
    """The records a query from ``fe.to_sql`` selects, in its order."""
    bindable(query, db)
    cur = conn.cursor()
    cur.execute(query.sql, query.params)
    names = [d[0] for d in cur.description]
    at = names.index("_row")
    rows = [int(row[at]) for row in cur.fetchall()]
    docs = _docs(conn, db, rows)
    return [docs[r] for r in rows if r in docs]


def _docs(conn: Any, db: Database, rows: Sequence[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    cur = conn.cursor()
    for i in range(0, len(rows), _CHUNK):
        part = rows[i:i + _CHUNK]
        cur.execute(f"SELECT _row, doc FROM clip_docs WHERE _row IN ({db.markers(len(part))})", list(part))
        for row, doc in cur.fetchall():
            found[int(row)] = json.loads(doc)
    return found


def static_items(conn: Any, db: Database, items: Iterable[Any] | None) -> list[Any]:
    """A static list's stored items, each replaced by the first loaded clip with the same id.

    The same rule as :func:`filterengine.playlist.preview.static_items`: ids match by
    their string form; an item whose id no clip has stays as stored.
    """
    stored = list(items or ())
    wanted = list(dict.fromkeys(k for k in (id_key(get_key(item, "id")) for item in stored)
                                # PostgreSQL holds no text with a NUL: no clip has that id
                                if k is not None and not (db.dialect == "postgres" and "\x00" in k)))
    fresh: dict[str, Any] = {}
    cur = conn.cursor()
    for i in range(0, len(wanted), _CHUNK):
        part = wanted[i:i + _CHUNK]
        cur.execute('SELECT d.doc FROM clips c JOIN clip_docs d ON d._row = c."_row" '
                    f'WHERE c."id" IN ({db.markers(len(part))}) ORDER BY c."_row"', part)
        for (text,) in cur.fetchall():
            record = json.loads(text)
            key = id_key(get_key(record, "id"))  # the column holds the id's text; the rule decides
            if key is not None and key not in fresh:
                fresh[key] = record
    out = []
    for item in stored:
        key = id_key(get_key(item, "id"))
        out.append(fresh.get(key, item) if key is not None else item)
    return out
