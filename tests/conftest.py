"""Shared fixtures: every behavioural test runs on both backends."""

from __future__ import annotations

import pytest

import filterengine as fe

NOW = "2024-05-10T12:00:00Z"


@pytest.fixture(params=["python", "reference"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def match(backend: str):
    """``match(filters, record, now=NOW) -> bool`` on the parametrized backend."""

    def run(filters, record, now=NOW, schema=None):
        return fe.compile_filters(filters, now=now, schema=schema, backend=backend)(record)

    return run


@pytest.fixture(scope="session", autouse=True)
def _stop_postgres():
    """The PostgreSQL server some tests start (tests/backends/sql/postgres_server.py) stops with the session."""
    from .backends.sql.engines import close_all
    from .backends.sql.postgres_server import SERVER

    yield
    close_all()
    SERVER.stop()
