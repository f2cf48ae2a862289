"""The evaluation clock: reading a caller's ``now``, and the current UTC time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..errors import FilterEngineError
from .dates import parse_iso

__all__ = ["resolve_now", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def resolve_now(now: Any) -> datetime | None:
    """``None`` (use the clock at evaluation time), or an aware UTC datetime.

    Accepts an aware ``datetime`` (a naive one is taken as UTC) or an ISO 8601 string.

    >>> resolve_now("2024-05-01T12:00:00+02:00").isoformat()
    '2024-05-01T10:00:00+00:00'
    """
    if now is None:
        return None
    if isinstance(now, datetime):
        instant = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    elif isinstance(now, str):
        parsed = parse_iso(now.strip())
        if parsed is None:
            raise FilterEngineError(f"now must be an ISO 8601 date-time, not {now!r}")
        instant = parsed
    else:
        raise TypeError(f"now must be a datetime, an ISO 8601 string or None, not {type(now).__name__}")
    try:
        return instant.astimezone(UTC)
    except (OverflowError, ValueError) as err:
        raise FilterEngineError(f"now is out of range: {now!r}") from err
