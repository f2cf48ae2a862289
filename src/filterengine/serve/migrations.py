"""The store's tables, created and upgraded explicitly: a version table and numbered steps.

:func:`migrate` runs, in one transaction holding the write lock, every step above the
database's version and records the new version; run again it does nothing. A
database written by a newer filterengine (a version above :data:`VERSION`) is refused.

Version 1:

- ``clips``: the typed table of :func:`filterengine.sql.create_table` (the SQL backend's
  layout), indexed on ``id`` and ``_row``;
- ``clip_docs``: each loaded record's original JSON (``_row``, ``doc``), so items come
  back exactly as they were loaded;
- ``cliplists``: each stored cliplist's whole document as JSON text (``doc``, every key
  kept), with ``id``, ``listtype``, ``createddate`` and ``updateddate`` beside it;
- ``cliplist_ids``: the counter new cliplist ids are drawn from.

Version 2: an index per date field smart lists sort by (``clips_sort_<field>`` for
``publisheddate``, ``createddate``, ``updateddate``) in the order ``fe.to_sql`` sorts by it
descending (``<field> IS NULL``, ``<field> DESC``, ``_row``), so a smart list of the latest
clips reads the clips in order and stops at its limit instead of sorting the whole table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from ..errors import FilterEngineError
from ..schema import Schema
from ..sql import create_table
from .database import Database, InTransaction

__all__ = ["VERSION", "migrate", "current_version", "VERSION_TABLE", "FIRST_ID"]

VERSION_TABLE = "filterengine_schema"
#: The schema version this filterengine writes.
VERSION = 2
#: New cliplist ids count up from here (the first is one more): seven digits, like the platform's.
FIRST_ID = 1_000_000


def _v1(conn: Any, db: Database, schema: Schema) -> None:
    text, big = ("TEXT", "INTEGER") if db.dialect == "sqlite" else ("TEXT", "BIGINT")
    create_table(InTransaction(conn), dialect=db.dialect, table="clips", schema=schema)
    cur = conn.cursor()
    cur.execute('CREATE INDEX clips_id ON clips ("id")')
    cur.execute('CREATE UNIQUE INDEX clips_row ON clips ("_row")')
    cur.execute(f"CREATE TABLE clip_docs (_row {big} PRIMARY KEY, doc {text} NOT NULL)")
    cur.execute(f"CREATE TABLE cliplists (id {text} PRIMARY KEY, listtype {text} NOT NULL, "
                f"createddate {text}, updateddate {text}, doc {text} NOT NULL)")
    cur.execute(f"CREATE TABLE cliplist_ids (next_id {big} NOT NULL)")
    cur.execute(f"INSERT INTO cliplist_ids (next_id) VALUES ({FIRST_ID})")


def _v2(conn: Any, db: Database, schema: Schema) -> None:
    cur = conn.cursor()
    for name in sort_indexed_fields(schema):
        column = '"' + name.replace('"', '""') + '"'
        if db.dialect == "sqlite":
            keys = f"{column} IS NULL, {column} DESC, \"_row\""
        else:
            keys = f"({column} IS NULL), {column} DESC NULLS LAST, \"_row\""
        cur.execute(f"CREATE INDEX {sort_index_name(name)} ON clips ({keys})")


#: The fields smart lists sort by, latest first. Not the clip service's ``created_at``: draft_info
#: selects one draft's few clips, which an index in ``created_at`` order would have to look for
#: through the whole table (and over clips without one, SQLite would sort them all again).
SORT_INDEXED = ("publisheddate", "createddate", "updateddate")


def sort_indexed_fields(schema: Schema) -> list[str]:
    """The fields of :data:`SORT_INDEXED` that ``schema`` has as dates."""
    return [name for name in SORT_INDEXED if name in schema.fields and schema.fields[name].kind == "date"
            and not schema.fields[name].multivalued]


def sort_index_name(field: str) -> str:
    """``clips_sort_<field>``: the field's name made an identifier, with a hash of it when that changed it.

    >>> sort_index_name("publisheddate"), sort_index_name("meta.date")
    ('clips_sort_publisheddate', 'clips_sort_meta_date_20ea57')
    """
    plain = re.sub(r"[^A-Za-z0-9_]", "_", field)[:40]
    if plain == field:
        return f"clips_sort_{plain}"
    return f"clips_sort_{plain}_{hashlib.sha256(field.encode('utf-8', 'surrogatepass')).hexdigest()[:6]}"


#: Step n brings a database from version n - 1 to n.
STEPS: dict[int, Callable[[Any, Database, Schema], None]] = {1: _v1, 2: _v2}


def current_version(conn: Any, db: Database) -> int:
    """The database's schema version; 0 for a database filterengine has not set up."""
    cur = conn.cursor()
    if db.dialect == "sqlite":
        cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,))
    else:
        cur.execute("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s", (VERSION_TABLE,))
    if cur.fetchone() is None:
        return 0
    cur.execute(f"SELECT version FROM {VERSION_TABLE}")
    row = cur.fetchone()
    return int(row[0]) if row else 0


def migrate(db: Database, schema: Schema) -> int:
    """Bring the database to :data:`VERSION`; idempotent; returns the version."""
    with db.transaction(write=True) as conn:
        cur = conn.cursor()
        if db.dialect == "postgres":  # one migration at a time, across processes
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        cur.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
        version = current_version(conn, db)
        if version > VERSION:
            raise FilterEngineError(f"the database is at schema version {version}, newer than this filterengine's "
                                    f"({VERSION}): upgrade filterengine")
        if version == VERSION:
            return version
        for step in range(version + 1, VERSION + 1):
            STEPS[step](conn, db, schema)
        cur.execute(f"DELETE FROM {VERSION_TABLE}")
        cur.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({db.marker()})", (VERSION,))
        return VERSION


#: The advisory lock PostgreSQL migrations and loads hold (any constant the application owns).
_LOCK_KEY = 0x66650001
