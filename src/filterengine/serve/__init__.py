"""``filterengine serve``: the platform's cliplist and clip APIs as a service on a real database.

:class:`Store` keeps clips (the typed table of :mod:`filterengine.sql`) and cliplists
(stored losslessly) in SQLite or PostgreSQL; see docs/serve.md.
"""

from ..errors import NotFoundError
from .store import DEFAULT_DATABASE, Store

__all__ = ["Store", "NotFoundError", "DEFAULT_DATABASE"]
