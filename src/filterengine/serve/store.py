"""The storage behind ``filterengine serve``: clips and cliplists in SQLite or PostgreSQL.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "fe.db")
>>> store = Store.open(path)
>>> store.migrate()
2
>>> store.load_clips([{"id": "1", "cat": ["news"]}, {"id": "2", "cat": ["sport"]}]).rows
2
>>> saved = store.put_cliplist({"title": "News", "listtype": "dynamic", "x-team": "desk",
...     "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}]},
...     now="2026-11-20T12:00:00Z")
>>> saved["id"], saved["createddate"], saved["x-team"]
('1000001', '2026-11-20T12:00:00Z', 'desk')
>>> store.get_cliplist(saved["id"])["items"]
[{'id': '1', 'cat': ['news']}]
>>> store.close()

See docs/serve.md (storage) for the tables, migrations, ids and how items are resolved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..compiler import resolve_schema
from ..errors import FilterEngineError, NotFoundError
from ..filterset.model import Cliplist
from ..limits import DEFAULT_LIMITS, Limits
from ..playlist import envelopes
from ..playlist.paging import resolve_limit
from ..playlist.preview import draft_query, preview
from ..schema import Schema
from ..sql import LoadReport, to_sql
from . import clips, migrations
from .database import Database
from .documents import instant, json_text, platform_date, validate

__all__ = ["Store", "NotFoundError", "DEFAULT_DATABASE"]

#: The database ``filterengine serve`` and ``filterengine db`` use without ``--database``:
#: the file ``filterengine.db`` in the current directory.
DEFAULT_DATABASE = "sqlite:///filterengine.db"

#: What list_cliplists and draft_info filter with: a dynamic list of no filters (everything).
_EVERYTHING: dict[str, Any] = {"listtype": "dynamic", "filters": []}
#: The order of list_cliplists without a ``sort``.
LIST_SORT = "id desc"


class Store:
    """Clips and cliplists in one database; safe to use from many threads at once.

    Every write (:meth:`put_cliplist`, :meth:`delete_cliplist`, :meth:`load_clips`)
    is one transaction, committed before the call returns.
    """

    def __init__(self, database: Database, schema: Schema, limits: Limits):
        self.database = database
        self.schema = schema
        self.limits = limits

    @classmethod
    def open(cls, database_url: str, *, schema: Schema | Mapping[str, Any] | None = None,
             limits: Limits = DEFAULT_LIMITS) -> Store:
        """'sqlite:///path/to.db' (or a plain file path), or 'postgresql://...'. Does not create tables."""
        return cls(Database(database_url), resolve_schema(schema), limits)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgres"``."""
        return self.database.dialect

    def migrate(self) -> int:
        """Create or upgrade the tables; idempotent; returns the schema version."""
        return migrations.migrate(self.database, self.schema)

    def version(self) -> int:
        """The database's schema version (0: not set up; run :meth:`migrate`)."""
        with self.database.transaction() as conn:
            return migrations.current_version(conn, self.database)

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- clips --------------------------------------------------------------

    def load_clips(self, records: Iterable[Any], *, replace: bool = False) -> LoadReport:
        """Append clip records (``replace``: in place of every clip stored before): streamed in
        batches of :data:`clips.BATCH`, all in one transaction (a failed load changes nothing)."""
        return clips.load_clips(self.database, records, self.schema, replace=replace)

    # -- cliplists ----------------------------------------------------------

    def put_cliplist(self, document: Mapping[str, Any], *, now: Any = None) -> dict[str, Any]:
        """Create (no ``id``: a new id and ``createddate``) or update (``id``: ``updateddate``) a cliplist.

        Validated first: :class:`~filterengine.FiltersetError` with every problem and its
        JSON pointer, :class:`~filterengine.LimitExceededError`, or
        :class:`~filterengine.UnsupportedError` for a smart list this database cannot
        run exactly. An unknown ``id`` is a :class:`NotFoundError`. Every key is kept;
        the server's ``id``, ``createddate`` and ``updateddate`` replace the client's.
        Returns the stored document.
        """
        validate(document, self.schema, self.limits)
        cliplist = Cliplist.from_dict(document, limits=self.limits)
        if not cliplist.is_static:  # what the database cannot express is refused now, not at every read
            clips.bindable(to_sql(cliplist, dialect=self.dialect, schema=self.schema, limits=self.limits), self.database)
        stamp = platform_date(instant(now))
        doc = dict(document)
        given = doc.get("id")
        db = self.database
        with db.transaction(write=True) as conn:
            cur = conn.cursor()
            if given is None:
                cur.execute("UPDATE cliplist_ids SET next_id = next_id + 1 RETURNING next_id")
                doc["id"] = str(cur.fetchone()[0])
                doc["createddate"] = stamp
                doc.pop("updateddate", None)
                cur.execute("INSERT INTO cliplists (id, listtype, createddate, updateddate, doc) "
                            f"VALUES ({db.markers(5)})", _columns(doc, cliplist.is_static))
            else:
                cur.execute(f"SELECT doc FROM cliplists WHERE id = {db.marker()}" + _FOR_UPDATE[db.dialect],
                            (_id_text(given),))
                row = cur.fetchone()
                if row is None:
                    raise NotFoundError("cliplist", given)
                before = json.loads(row[0])
                if "createddate" in before:
                    doc["createddate"] = before["createddate"]
                else:
                    doc.pop("createddate", None)
                doc["updateddate"] = stamp
                values = _columns(doc, cliplist.is_static)
                cur.execute("UPDATE cliplists SET listtype = {0}, createddate = {0}, updateddate = {0}, "
                            "doc = {0} WHERE id = {0}".format(db.marker()), (*values[1:], given))
        return doc

    def get_cliplist(self, cliplist_id: str, *, now: Any = None) -> dict[str, Any]:
        """The complete stored cliplist with ``items`` resolved; :class:`NotFoundError` if unknown.

        A static list: its stored items, each refreshed from the clips by id. A smart list:
        its filters (and ``q``) run by the database through ``fe.to_sql``, with its ``sort``
        (default ``id desc``) and ``limit`` (default 15), as :func:`filterengine.preview` gives them.
        """
        with self.database.transaction() as conn:
            doc = self._document(conn, cliplist_id)
            cliplist = Cliplist.from_dict(doc, limits=self.limits)
            if cliplist.is_static:
                doc["items"] = clips.static_items(conn, self.database, cliplist.items)
            else:
                query = to_sql(cliplist, dialect=self.dialect, schema=self.schema, now=instant(now),
                               limit=resolve_limit(None, cliplist.limit), limits=self.limits)
                doc["items"] = clips.run_query(conn, self.database, query)
        return doc

    def list_cliplists(self, *, q: str | None = None, sort: str | None = None,
                       limit: int | None = None, offset: int | None = None) -> tuple[list[dict[str, Any]], int]:
        """The stored cliplists matching ``q`` (over their own fields, with the store's schema), sorted
        (default ``id desc``) and paged (default limit 15), and how many match in all."""
        with self.database.transaction() as conn:
            cur = conn.cursor()
            cur.execute("SELECT doc FROM cliplists")
            docs = (json.loads(text) for (text,) in cur)
            page = preview(_EVERYTHING, docs, q=q, sort=sort or LIST_SORT, limit=limit, offset=offset,
                           schema=self.schema, limits=self.limits)
            return page.items, page.total

    def delete_cliplist(self, cliplist_id: str) -> None:
        """Delete a cliplist for good; :class:`NotFoundError` if unknown."""
        db = self.database
        with db.transaction(write=True) as conn:
            cur = conn.cursor()
            cur.execute(f"DELETE FROM cliplists WHERE id = {db.marker()}", (_id_text(cliplist_id),))
            if cur.rowcount == 0:
                raise NotFoundError("cliplist", cliplist_id)

    def draft_info(self, draft_id: str | None = None, *, now: Any = None) -> dict[str, Any]:
        """The clip service's ``Collection``: the latest clips (newest ``created_at`` first), at most 1,000;
        with ``draft_id``, that draft's clips only. As ``fe.preview(..., draft_id=...).to_collection()``."""
        q = None if draft_id is None else draft_query(draft_id, None, self.schema)
        query = to_sql(_EVERYTHING, q=q, dialect=self.dialect, schema=self.schema, now=instant(now),
                       sort=envelopes.COLLECTION_SORT, limit=envelopes.COLLECTION_MAX_ITEMS, limits=self.limits)
        with self.database.transaction() as conn:
            items = clips.run_query(conn, self.database, query)
        return envelopes.collection(items)

    def _document(self, conn: Any, cliplist_id: str) -> dict[str, Any]:
        cur = conn.cursor()
        cur.execute(f"SELECT doc FROM cliplists WHERE id = {self.database.marker()}", (_id_text(cliplist_id),))
        row = cur.fetchone()
        if row is None:
            raise NotFoundError("cliplist", cliplist_id)
        doc: dict[str, Any] = json.loads(row[0])
        return doc


#: Row locks for read-then-write on PostgreSQL (SQLite's BEGIN IMMEDIATE already holds the database).
_FOR_UPDATE = {"sqlite": "", "postgres": " FOR UPDATE"}


def _id_text(cliplist_id: Any) -> str:
    """The id to look up; one no stored id can equal (a NUL, a lone surrogate) is not found."""
    if not isinstance(cliplist_id, str):
        raise FilterEngineError(f"a cliplist id is a string, not {type(cliplist_id).__name__}")
    try:
        cliplist_id.encode("utf-8")
    except UnicodeEncodeError:
        raise NotFoundError("cliplist", cliplist_id) from None
    if "\x00" in cliplist_id:
        raise NotFoundError("cliplist", cliplist_id)
    return cliplist_id


def _columns(doc: Mapping[str, Any], static: bool) -> tuple[Any, ...]:
    """The columns beside the document: id, listtype, createddate, updateddate (all server-made), doc."""
    return (doc["id"], "static" if static else "dynamic", doc.get("createddate"), doc.get("updateddate"), json_text(doc))

