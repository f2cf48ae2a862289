"""RFC 9457 problem details: every error the service answers, as ``application/problem+json``.

Input errors come from the library (:meth:`~filterengine.FilterEngineError.to_dict`, with a
JSON pointer or a position for every problem); the errors of HTTP itself (no such route, a
wrong method, a body too large, a missing token) are built here in the same shape, with a
``code`` of their own (listed in docs/serve.md).

>>> problem(404, "no_route", "No such route", "no route GET /x")["type"]
'urn:filterengine:problem:no_route'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import FilterEngineError

__all__ = ["MEDIA_TYPE", "problem", "from_error", "dumps", "status_of"]

#: The media type of every error response.
MEDIA_TYPE = "application/problem+json"


def problem(status: int, code: str, title: str, detail: str, **where: Any) -> dict[str, Any]:
    """A problem-details object in the library's shape: ``type``, ``title``, ``status``, ``detail``, ``code``, then where."""
    body: dict[str, Any] = {"type": f"urn:filterengine:problem:{code}", "title": title, "status": status,
                            "detail": detail, "code": code}
    body.update(where)
    return body


def from_error(err: FilterEngineError, **where: Any) -> dict[str, Any]:
    """The library's own problem details for ``err`` (status 400, or the error's own, such as 404),
    with ``where`` added (``parameter`` for an error in the query string)."""
    body = err.to_dict()
    body.update(where)
    return body


def dumps(content: Any) -> bytes:
    """JSON as the service writes it: compact, ASCII-only (a lone surrogate stays an escape), no NaN.

    >>> dumps({"title": "caf\\u00e9", "n": 1})
    b'{"title":"caf\\\\u00e9","n":1}'
    """
    return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def status_of(body: Mapping[str, Any]) -> int:
    """The HTTP status a problem-details object carries (400 unless it says otherwise)."""
    status = body.get("status")
    return status if isinstance(status, int) and 400 <= status <= 599 else 400
