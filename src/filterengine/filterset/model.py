"""The cliplist (smart playlist) document: a typed view that round-trips losslessly."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import FiltersetError, Problem

__all__ = ["Cliplist"]

_MISSING: Any = object()


@dataclass(eq=True)
class Cliplist:
    """A cliplist: metadata, stored ``items`` and the ``filters`` of a smart playlist.

    ``from_dict``/``to_dict`` round-trip losslessly: keys this model does not know
    are kept in ``extra`` and written back in their original order, and
    ``filters`` is kept in whichever of its three shapes it arrived in.

    >>> doc = {"title": "Latest news", "listtype": "dynamic", "limit": 10, "x-owner": "desk",
    ...        "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}]}
    >>> cl = Cliplist.from_dict(doc)
    >>> cl.title, cl.limit, cl.extra
    ('Latest news', 10, {'x-owner': 'desk'})
    >>> cl.to_dict() == doc
    True
    """

    title: str | None = None
    id: Any = None
    type: str | None = None
    listtype: str | None = None
    usetype: str | None = None
    status: str | None = None
    limit: int | None = None
    sort: str | None = None
    createddate: Any = None
    updateddate: Any = None
    createdBy: Any = None
    updatedBy: Any = None
    items: list[Any] | None = None
    filters: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    _order: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> Cliplist:
        """Read a decoded cliplist JSON object; every type problem is reported at once."""
        if not isinstance(obj, Mapping):
            raise TypeError(f"a cliplist must be a mapping, not {type(obj).__name__}")
        known = {f.name for f in fields(cls) if not f.name.startswith("_") and f.name != "extra"}
        problems: list[Problem] = []
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in obj.items():
            if key in known:
                kwargs[key] = copy.deepcopy(value)
            else:
                extra[key] = copy.deepcopy(value)
        _check(kwargs, problems)
        if any(p.severity == "error" for p in problems):
            raise FiltersetError(problems)
        return cls(**kwargs, extra=extra, _order=tuple(obj.keys()))

    def to_dict(self) -> dict[str, Any]:
        """The cliplist as a JSON-ready dict, keys in their original order."""
        out: dict[str, Any] = {}
        names = [f.name for f in fields(self) if not f.name.startswith("_") and f.name != "extra"]
        for key in self._order:
            if key in self.extra:
                out[key] = copy.deepcopy(self.extra[key])
            elif key in names:
                out[key] = copy.deepcopy(getattr(self, key))
        for key in names:
            if key not in out and getattr(self, key) is not None:
                out[key] = copy.deepcopy(getattr(self, key))
        for key, value in self.extra.items():
            if key not in out:
                out[key] = copy.deepcopy(value)
        return out

    @property
    def is_static(self) -> bool:
        return (self.listtype or "").lower() == "static"

    @property
    def effective_sort(self) -> str | None:
        """The cliplist's ``sort``, else the ``sort`` beside object-shaped filtersets."""
        if self.sort:
            return self.sort
        if isinstance(self.filters, dict) and isinstance(self.filters.get("sort"), str):
            return self.filters["sort"] or None
        return None


def _check(values: dict[str, Any], problems: list[Problem]) -> None:
    for key in ("title", "type", "usetype", "status", "sort", "listtype"):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(f"/{key}", f"{key} must be a string", code="not_a_string"))
    listtype = values.get("listtype")
    if isinstance(listtype, str) and listtype.lower() not in ("static", "dynamic"):
        problems.append(Problem("/listtype", f"listtype must be \"static\" or \"dynamic\", not {listtype!r}",
                                code="bad_listtype"))
    limit = values.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        problems.append(Problem("/limit", "limit must be a non-negative integer", code="bad_limit"))
    items = values.get("items")
    if items is not None and not isinstance(items, list):
        problems.append(Problem("/items", "items must be a list of clips", code="bad_items"))
