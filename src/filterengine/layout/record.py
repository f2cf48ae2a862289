"""The ``_record`` column: a clip record's own JSON text, kept beside the layout's columns.

Parquet catalogs (``fe.write_parquet``, ``filterengine convert``) and the engines' in-memory
tables keep it, so that a preview on an engine returns the records as they are.

>>> record_json({"id": 1, "title": "Café", "score": float("nan")})
'{"id":1,"title":"Café","score":NaN}'
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

__all__ = ["record_json"]


def record_json(record: Any) -> str:
    """A record's JSON text as ``_record`` keeps it: compact, UTF-8; dates as ISO 8601; what JSON
    cannot say otherwise (NaN, a set) as Python writes it, never an error."""
    try:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_plain)
    except (TypeError, ValueError, RecursionError):
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_plain_or_repr)


def _plain_or_repr(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else repr(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")
