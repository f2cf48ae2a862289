"""Bearer-token access: with a token set, every request must carry ``Authorization: Bearer TOKEN``.

The token is compared in constant time (:func:`hmac.compare_digest` over bytes), so the time
a refusal takes tells nothing of how much of a guess was right. A refusal is a ``401`` problem
details with ``WWW-Authenticate: Bearer`` (RFC 6750), ``error="invalid_token"`` when a token
was given and is wrong.

>>> check = BearerAuth("s3cret")
>>> check.refusal(b"Bearer s3cret") is None
True
>>> check.refusal(b"Bearer nope")["code"], check.refusal(None)["code"]
('unauthorized', 'unauthorized')
"""

from __future__ import annotations

import hmac
from typing import Any

from .problems import problem

__all__ = ["BearerAuth", "REALM", "ENV_TOKEN"]

#: The realm the ``WWW-Authenticate`` challenge names.
REALM = "filterengine"
#: The environment variable ``filterengine serve`` reads the token from when ``--token`` is not given.
ENV_TOKEN = "FILTERENGINE_TOKEN"


class BearerAuth:
    """Checks ``Authorization`` headers against one token."""

    def __init__(self, token: str):
        if not token:
            raise ValueError("the token must not be empty")
        self._expected = token.encode("utf-8")

    def refusal(self, header: bytes | None) -> dict[str, Any] | None:
        """None when ``header`` (the raw ``Authorization`` value) carries the token; else the 401 problem."""
        if header is None:
            return problem(401, "unauthorized", "Authentication required",
                           "this service needs an 'Authorization: Bearer TOKEN' header")
        scheme, _, credentials = header.strip().partition(b" ")
        # compare_digest runs over the whole given value whatever the scheme, so a wrong scheme costs the same.
        matched = hmac.compare_digest(credentials.strip(), self._expected)
        if scheme.lower() == b"bearer" and matched:
            return None
        return problem(401, "unauthorized", "Authentication required", "the bearer token is missing or wrong")

    def challenge(self, header: bytes | None) -> str:
        """The ``WWW-Authenticate`` value for a refused request."""
        if header is None:
            return f'Bearer realm="{REALM}"'
        return f'Bearer realm="{REALM}", error="invalid_token"'
