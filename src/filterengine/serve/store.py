"""The storage behind ``filterengine serve``: clips and cliplists in SQLite or PostgreSQL.

SKELETON: the agreed signatures (notes/store_api.md); the bodies land next.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..errors import NotFoundError
from ..limits import DEFAULT_LIMITS, Limits
from ..sql import LoadReport

__all__ = ["Store", "NotFoundError", "DEFAULT_DATABASE"]

#: The database ``filterengine serve`` and ``filterengine db`` use without ``--database``.
DEFAULT_DATABASE = "sqlite:///filterengine.db"


class Store:
    """Clips and cliplists in one database; safe to use from many threads at once."""

    @classmethod
    def open(cls, database_url: str, *, schema: Any = None, limits: Limits = DEFAULT_LIMITS) -> Store:
        """'sqlite:///path/to.db' (or a plain file path), or 'postgresql://...'. Does not create tables."""
        raise NotImplementedError

    def migrate(self) -> int:
        """Create or upgrade the tables; idempotent; returns the schema version."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def load_clips(self, records: Iterable[Any]) -> LoadReport:
        raise NotImplementedError

    def put_cliplist(self, document: Mapping[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
        raise NotImplementedError

    def get_cliplist(self, cliplist_id: str, *, now: datetime | None = None) -> dict[str, Any]:
        raise NotImplementedError

    def list_cliplists(self, *, q: str | None = None, sort: str | None = None,
                       limit: int | None = None, offset: int | None = None) -> tuple[list[dict[str, Any]], int]:
        raise NotImplementedError

    def delete_cliplist(self, cliplist_id: str) -> None:
        raise NotImplementedError

    def draft_info(self, draft_id: str | None = None, *, now: datetime | None = None) -> dict[str, Any]:
        raise NotImplementedError
