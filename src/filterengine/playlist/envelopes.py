"""The response shapes a page is delivered in: the search API's and the clip service's.

>>> sapi([{"id": "1"}], 40)
{'numfound': 40, 'items': [{'id': '1'}]}
>>> collection([{"id": "1"}])
{'@id': '/clip/draft_info', '@type': 'Collection', 'items': [{'id': '1'}], 'total_items': 1}

The clip service lists at most :data:`COLLECTION_MAX_ITEMS` clips, the latest of a draft:
newest first by creation time (``created_at``) when the records carry one, in catalog
order otherwise; ``total_items`` counts the items in the response, as its API specifies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["sapi", "collection", "ENVELOPES", "COLLECTION_ID", "COLLECTION_MAX_ITEMS", "COLLECTION_SORT", "DRAFT_FIELD"]

#: Envelope names the CLI accepts.
ENVELOPES = ("sapi", "collection")
#: The clip service's listing: its default ``@id``, its cap, its order and the draft's field.
COLLECTION_ID = "/clip/draft_info"
COLLECTION_MAX_ITEMS = 1000
COLLECTION_SORT = "created_at desc"
DRAFT_FIELD = "draft_id"


def sapi(items: Sequence[Mapping[str, Any]], total: int) -> dict[str, Any]:
    """The search API's form: ``numfound`` is every match, ``items`` the page."""
    return {"numfound": total, "items": list(items)}


def collection(items: Sequence[Mapping[str, Any]], path: str = COLLECTION_ID) -> dict[str, Any]:
    """The clip service's ``Collection``: at most 1,000 items; ``total_items`` counts the items in this response."""
    kept = list(items)[:COLLECTION_MAX_ITEMS]
    return {"@id": path, "@type": "Collection", "items": kept, "total_items": len(kept)}
