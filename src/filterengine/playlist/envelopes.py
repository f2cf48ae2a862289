"""The response shapes a page is delivered in: the search API's and the clip service's.

>>> sapi([{"id": "1"}], 40)
{'numfound': 40, 'items': [{'id': '1'}]}
>>> collection([{"id": "1"}], "/drafts/42/clips")
{'@id': '/drafts/42/clips', '@type': 'Collection', 'items': [{'id': '1'}], 'total_items': 1}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["sapi", "collection", "ENVELOPES"]

#: Envelope names the CLI accepts.
ENVELOPES = ("sapi", "collection")


def sapi(items: Sequence[Mapping[str, Any]], total: int) -> dict[str, Any]:
    """The search API's form: ``numfound`` is every match, ``items`` the page."""
    return {"numfound": total, "items": list(items)}


def collection(items: Sequence[Mapping[str, Any]], path: str) -> dict[str, Any]:
    """The clip service's ``Collection``: ``total_items`` counts the items in this response."""
    return {"@id": path, "@type": "Collection", "items": list(items), "total_items": len(items)}
