"""Shared fixtures: every behavioural test runs on both backends. Hypothesis profiles.

Property tests state no ``max_examples`` of their own: the profile decides. ``default`` is fast,
for everyday runs; ``ci`` (``HYPOTHESIS_PROFILE=ci``, which ``.ci/run`` sets) tries ten times as
many examples. Neither has a deadline: no test asserts a time.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import filterengine as fe

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=100, **_COMMON)
settings.register_profile("ci", max_examples=1000, print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
