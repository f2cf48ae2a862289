"""Cliplist documents as the store keeps them: validated, stamped with id and dates, kept whole.

A document is validated the way ``filterengine check`` does (every error at once,
each at its JSON pointer); warnings never refuse a document. The server owns
``id``, ``createddate`` and ``updateddate``: an id is drawn from the database's
counter (seven digits and up, as the platform's numeric ids), dates are written
as the platform writes them (ISO 8601, UTC, whole seconds, ``Z``). Every other
key is kept as sent.

>>> platform_date(datetime(2026, 11, 20, 12, 0, 0, 512, tzinfo=UTC))
'2026-11-20T12:00:00Z'
>>> json_text({"title": "caf\\u00e9", "n": [1, 2.5]})
'{"title":"caf\\\\u00e9","n":[1,2.5]}'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..errors import FiltersetError, LimitExceededError, Problem
from ..limits import Limits
from ..playlist.check import check_playlist
from ..runtime.clock import resolve_now, utcnow
from ..schema import Schema

__all__ = ["validate", "platform_date", "json_text", "instant", "SERVER_KEYS"]

#: Keys the server sets; a client's values for them are replaced.
SERVER_KEYS = ("id", "createddate", "updateddate")


def platform_date(moment: datetime) -> str:
    """``moment`` as the platform writes a date: ``2026-11-20T12:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(now: Any) -> datetime:
    """``now`` (``None``: the current UTC time) as an aware datetime."""
    return resolve_now(now) or utcnow()


def json_text(document: Any) -> str:
    """The JSON text a document is stored as: ASCII (a lone surrogate survives as its escape), compact."""
    return json.dumps(document, ensure_ascii=True, separators=(",", ":"))


def validate(document: Any, schema: Schema, limits: Limits) -> None:
    """Raise for a document the store refuses: :class:`FiltersetError` with every error and its pointer,
    :class:`LimitExceededError` for one over ``limits``."""
    if not isinstance(document, Mapping):
        raise FiltersetError([Problem("", f"a cliplist must be a JSON object, not {type(document).__name__}",
                                      code="invalid")])
    problems = [p for p in check_playlist(document, schema, limits=limits) if p.severity == "error"]
    given = document.get("id")
    if given is not None and not (isinstance(given, str) and given):
        problems.insert(0, Problem("/id", "id must be a non-empty string (leave it out to create a cliplist)"))
    for problem in problems:
        if isinstance(problem.error, LimitExceededError):
            raise problem.error
    if problems:
        raise FiltersetError(problems)

