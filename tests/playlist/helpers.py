"""Small builders shared by the preview tests."""

from __future__ import annotations

from typing import Any

NOW = "2026-11-20T12:00:00Z"


def dynamic(*filtersets: list[dict[str, Any]], **keys: Any) -> dict[str, Any]:
    """A dynamic cliplist whose filtersets hold the given filters."""
    return {"title": "t", "listtype": "dynamic", "filters": [{"filters": list(f)} for f in filtersets], **keys}


def where(field: str, operator: str, value: Any = "*") -> dict[str, Any]:
    return {"type": "mediaclip", "field": field, "operator": operator, "value": value}


def ids(page: Any) -> list[Any]:
    return [item.get("id") if isinstance(item, dict) else item for item in page.items]
