"""Connections to the store's database: SQLite (a file) or PostgreSQL, a small pool shared by threads.

A URL names the database: ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db``,
a plain file path (SQLite), or ``postgresql://user@host:port/dbname`` (psycopg 3).
Every unit of work is one transaction taken from :meth:`Database.transaction`:
committed when the block ends, rolled back when it raises. Writes take the
database's write lock at the start (SQLite ``BEGIN IMMEDIATE``; PostgreSQL row
locks), so concurrent writers queue instead of failing.

>>> Database.parse_url("sqlite:///data/fe.db"), Database.parse_url("fe.db")
(('sqlite', 'data/fe.db'), ('sqlite', 'fe.db'))
>>> Database.parse_url("postgresql://postgres@127.0.0.1:5432/fe")
('postgres', 'postgresql://postgres@127.0.0.1:5432/fe')
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import FilterEngineError

__all__ = ["Database", "InTransaction", "POOL_SIZE", "BUSY_TIMEOUT_MS"]

#: The most connections one store opens (threads beyond it wait for a free one).
POOL_SIZE = 8
#: How long a SQLite connection waits for another writer's lock before failing.
BUSY_TIMEOUT_MS = 30_000


class Database:
    """A pool of DB-API connections to one database; ``dialect`` is ``"sqlite"`` or ``"postgres"``."""

    def __init__(self, url: str, pool_size: int = POOL_SIZE):
        self.dialect, self.target = self.parse_url(url)
        self.url = url
        self._free: list[Any] = []
        self._all: list[Any] = []
        self._size = pool_size
        self._cond = threading.Condition()
        self._closed = False
        if self.dialect == "postgres":
            import psycopg  # noqa: F401 - fail at open, not at first use, when psycopg is missing

    @staticmethod
    def parse_url(url: str) -> tuple[str, str]:
        """``(dialect, target)``: the SQLite file path or the PostgreSQL conninfo URL."""
        if not isinstance(url, str) or not url:
            raise FilterEngineError("a database URL must be a non-empty string")
        if url.startswith(("postgresql://", "postgres://")):
            return "postgres", url
        if url.startswith("sqlite://"):
            path = url[len("sqlite://"):]
            if not path.startswith("/") or path == "/":
                raise FilterEngineError(f"a SQLite URL is sqlite:///relative/path or sqlite:////absolute/path, not {url!r}")
            return "sqlite", path[1:]
        if "://" in url:
            raise FilterEngineError(f"unknown database URL scheme in {url!r}: use sqlite:///PATH or postgresql://...")
        return "sqlite", url

    # -- connections --------------------------------------------------------

    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            conn = sqlite3.connect(self.target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            # Every acknowledged write survives a crash of the process and of the machine.
            conn.execute("PRAGMA synchronous = FULL")
            return conn
        import psycopg

        return psycopg.connect(self.target, autocommit=False)

    def _acquire(self) -> Any:
        with self._cond:
            while True:
                if self._closed:
                    raise FilterEngineError("the store is closed")
                if self._free:
                    return self._free.pop()
                if len(self._all) < self._size:
                    break
                self._cond.wait()
            self._all.append(None)  # a slot, taken while connecting outside the lock
        try:
            conn = self._connect()
        except BaseException:
            with self._cond:
                self._all.remove(None)
                self._cond.notify()
            raise
        with self._cond:
            self._all[self._all.index(None)] = conn
        return conn

    def _release(self, conn: Any, broken: bool) -> None:
        with self._cond:
            if broken or self._closed:
                self._all.remove(conn)
                _close_quietly(conn)
            else:
                self._free.append(conn)
            self._cond.notify()

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Any]:
        """A connection inside one transaction; ``write=True`` takes the write lock at once (SQLite)."""
        conn = self._acquire()
        broken = False
        try:
            if self.dialect == "sqlite":
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield conn
            conn.commit()
        except BaseException:
            try:
                conn.rollback()
            except Exception:
                broken = True
            broken = broken or _is_broken(conn)
            raise
        finally:
            self._release(conn, broken)

    def close(self) -> None:
        """Close every connection; the store cannot be used afterwards."""
        with self._cond:
            self._closed = True
            for conn in self._free:
                self._all.remove(conn)
                _close_quietly(conn)
            self._free.clear()
            self._cond.notify_all()

    # -- statements ---------------------------------------------------------

    def marker(self) -> str:
        """The driver's positional parameter marker."""
        return "?" if self.dialect == "sqlite" else "%s"

    def markers(self, n: int) -> str:
        return ", ".join([self.marker()] * n)


def _is_broken(conn: Any) -> bool:
    closed = getattr(conn, "closed", False)
    return bool(closed)


def _close_quietly(conn: Any) -> None:
    try:
        conn.close()
    except Exception:  # pragma: no cover - closing a dead connection
        pass


class InTransaction:
    """A connection lent to ``fe.sql.load`` / ``create_table``, its ``commit`` left to the enclosing
    transaction (a load's documents and rows, a migration's DDL and version, commit together)."""

    def __init__(self, conn: Any):
        self._conn = conn

    def cursor(self) -> Any:
        return self._conn.cursor()

    def commit(self) -> None:
        pass
