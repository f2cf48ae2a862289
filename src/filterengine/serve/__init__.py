"""``filterengine serve``: the platform's cliplist and clip APIs as a service on a real database.

:class:`Store` keeps clips (the typed table of :mod:`filterengine.sql`) and cliplists
(stored losslessly) in SQLite or PostgreSQL; :func:`create_app` serves them over HTTP as an
ASGI application (needs the ``serve`` extra: Starlette, and uvicorn to run it); see docs/serve.md.
"""

from typing import Any

from ..errors import NotFoundError
from .store import DEFAULT_DATABASE, Store

__all__ = ["Store", "NotFoundError", "DEFAULT_DATABASE", "create_app"]


def __getattr__(name: str) -> Any:
    # The HTTP layer imports Starlette: only when asked for, so the store works without the serve extra.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
