"""A real server for the service's tests: uvicorn on a free loopback port, on SQLite or PostgreSQL.

``serving(app)`` runs uvicorn in a thread of the test process, on a socket bound first (so
no other process can take the port), and stops it on exit. ``database(kind, folder)`` gives
a fresh database URL: a SQLite file in ``folder``, or a new database on the PostgreSQL server
the SQL tests start (tests/backends/sql/postgres_server.py), dropped on exit.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from ..backends.sql.postgres_server import SERVER

__all__ = ["serving", "database", "KINDS"]

#: The databases every endpoint test runs on.
KINDS = ("sqlite", "postgres")


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 while the block runs; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start (see the log above)")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database of ``kind`` (``"sqlite"`` or ``"postgres"``); yields its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'fe-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"fe_serve_{uuid.uuid4().hex[:12]}"
    with SERVER.start().connect(autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:{SERVER.port}/{name}"
    finally:
        with SERVER.connect(autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
