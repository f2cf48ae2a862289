"""The cliplist (smart playlist) document: a typed view that round-trips losslessly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import FiltersetError, Problem
from ..limits import DEFAULT_LIMITS, Limits, check_json_depth
from ..span import quoted

__all__ = ["Cliplist", "is_filters_document", "is_search_request", "embedded_queries", "SEARCH_REQUEST_KEYS"]

#: The keys of a ``{"type": "SearchRequest", ...}`` envelope that mean something here.
SEARCH_REQUEST_KEYS = ("type", "filterSet", "q", "sort")

_MISSING: Any = object()


def _copy(value: Any) -> Any:
    """A copy of JSON data: every dict and list copied (shared ones once; a cycle stays a cycle),
    other values shared. Without recursion, so data nested any number of levels deep copies.

    >>> doc = {"a": [{"b": 1}]}
    >>> copied = _copy(doc)
    >>> copied == doc, copied["a"][0] is doc["a"][0]
    (True, False)
    """
    if not isinstance(value, (dict, list)):
        return value
    memo: dict[int, Any] = {}
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        item, parent, slot = stack.pop()
        if not isinstance(item, (dict, list)):
            parent[slot] = item
        elif id(item) in memo:
            parent[slot] = memo[id(item)]
        elif isinstance(item, dict):
            out: dict[Any, Any] = dict.fromkeys(item)
            memo[id(item)] = parent[slot] = out
            stack.extend((member, out, key) for key, member in item.items())
        else:
            copied: list[Any] = list(item)
            memo[id(item)] = parent[slot] = copied
            stack.extend((member, copied, i) for i, member in enumerate(item))
    return root[0]


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
    q: str | None = None
    createddate: Any = None
    updateddate: Any = None
    createdBy: Any = None
    updatedBy: Any = None
    items: list[Any] | None = None
    filters: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    _order: tuple[str, ...] = field(default=(), repr=False, compare=False)
    #: Read from a document that is a ``filters`` value itself (a SearchRequest, ...).
    _bare: bool = field(default=False, repr=False, compare=False)

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any], *, limits: Limits = DEFAULT_LIMITS) -> Cliplist:
        """Read a decoded cliplist JSON object; every type problem is reported at once.

        A document nested deeper than ``limits.record_depth`` (its stored items
        included), or with more filters or values than ``limits`` allow, raises
        :class:`~filterengine.LimitExceededError`, before it is copied.

        A document in one of the other shapes of ``filters`` (a ``SearchRequest``
        envelope, an object keyed ``"0"``, ``"1"``, ...) is a dynamic list with
        those filters, as :func:`filterengine.compile_filters` reads it.

        >>> Cliplist.from_dict({"type": "SearchRequest", "filterSet": [], "q": "cat:news"}).filters["q"]
        'cat:news'
        """
        if not isinstance(obj, Mapping):
            raise TypeError(f"a cliplist must be a mapping, not {type(obj).__name__}")
        if not isinstance(limits, Limits):
            raise TypeError(f"limits must be a filterengine.Limits, not {type(limits).__name__}")
        from .size import check_filters_size  # (size reads this module's SEARCH_REQUEST_KEYS)

        bare = is_filters_document(obj)
        check_filters_size(obj if bare else obj.get("filters"), "" if bare else "/filters", limits)
        check_json_depth(obj, limits.record_depth, "record_depth", "document")
        if bare:
            return cls(filters=_copy(dict(obj)), _order=("filters",), _bare=True)
        known = {f.name for f in fields(cls) if not f.name.startswith("_") and f.name != "extra"}
        problems: list[Problem] = []
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in obj.items():
            if key in known:
                kwargs[key] = _copy(value)
            else:
                extra[key] = _copy(value)
        _check(kwargs, problems)
        if any(p.severity == "error" for p in problems):
            raise FiltersetError(problems)
        return cls(**kwargs, extra=extra, _order=tuple(obj.keys()))

    def to_dict(self) -> dict[str, Any]:
        """The cliplist as a JSON-ready dict, keys in their original order."""
        if self._bare and isinstance(self.filters, dict):
            copied: dict[str, Any] = _copy(self.filters)
            return copied
        out: dict[str, Any] = {}
        names = [f.name for f in fields(self) if not f.name.startswith("_") and f.name != "extra"]
        for key in self._order:
            if key in self.extra:
                out[key] = _copy(self.extra[key])
            elif key in names:
                out[key] = _copy(getattr(self, key))
        for key in names:
            if key not in out and getattr(self, key) is not None:
                out[key] = _copy(getattr(self, key))
        for key, value in self.extra.items():
            if key not in out:
                out[key] = _copy(value)
        return out

    @property
    def is_static(self) -> bool:
        """A static list: ``listtype`` says so, or, without one, it holds ``items`` and no ``filters``."""
        if self.listtype is not None:
            return self.listtype.lower() == "static"
        return self.items is not None and self.filters is None

    @property
    def filters_pointer(self) -> str:
        """The JSON pointer of ``filters`` in the document read: ``""`` when the document is the filters."""
        return "" if self._bare else "/filters"

    @property
    def listtype_inferred(self) -> bool:
        """Whether the list's type was inferred (no ``listtype`` given)."""
        return self.listtype is None

    @property
    def effective_sort(self) -> str | None:
        """The cliplist's ``sort``, else the ``sort`` beside object-shaped filtersets."""
        if self.sort:
            return self.sort
        if isinstance(self.filters, dict) and isinstance(self.filters.get("sort"), str):
            return self.filters["sort"] or None
        return None


def _check(values: dict[str, Any], problems: list[Problem]) -> None:
    for key in ("title", "type", "usetype", "status", "sort", "listtype", "q"):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(f"/{key}", f"{key} must be a string", code="not_a_string"))
    listtype = values.get("listtype")
    if isinstance(listtype, str) and listtype.lower() not in ("static", "dynamic"):
        problems.append(Problem("/listtype", f"listtype must be \"static\" or \"dynamic\", not {quoted(listtype)}",
                                code="bad_listtype"))
    limit = values.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        problems.append(Problem("/limit", "limit must be a non-negative integer", code="bad_limit"))
    items = values.get("items")
    if items is not None and not isinstance(items, list):
        problems.append(Problem("/items", "items must be a list of clips", code="bad_items"))


def is_filters_document(obj: Any) -> bool:
    """Whether a JSON object is a ``filters`` value itself rather than a cliplist.

    >>> is_filters_document({"type": "SearchRequest", "filterSet": []}), is_filters_document({"0": {}, "sort": "id"})
    (True, True)
    >>> is_filters_document({"title": "News", "filters": []})
    False
    """
    if not isinstance(obj, Mapping):
        return False
    return is_search_request(obj) or any(isinstance(k, str) and k.isascii() and k.isdigit() for k in obj)


def is_search_request(obj: Any) -> bool:
    """Whether a JSON object is a ``SearchRequest`` envelope: its ``type`` says so, or it holds a
    ``filterSet`` (and no ``filters``, which would make it a cliplist).

    One rule for every reader, so that the envelope's ``q`` applies wherever its ``filterSet`` does.

    >>> is_search_request({"filterSet": [], "q": "cat:news"}), is_search_request({"filters": [], "filterSet": []})
    (True, False)
    """
    if not isinstance(obj, Mapping):
        return False
    return obj.get("type") == "SearchRequest" or ("filterSet" in obj and "filters" not in obj)


def embedded_queries(doc: Any) -> list[tuple[str, str]]:
    """The ``q`` strings a document carries, with their JSON pointers: the cliplist's ``q``
    and a ``SearchRequest``'s ``q`` (at the top or as the cliplist's ``filters``).

    Every entry point ANDs them with the filters (and with a ``q`` passed in).

    >>> embedded_queries({"q": "cat:news", "filters": {"type": "SearchRequest", "filterSet": [], "q": "-status:draft"}})
    [('/q', 'cat:news'), ('/filters/q', '-status:draft')]
    """
    found: list[tuple[str, str]] = []
    if isinstance(doc, Cliplist):
        if isinstance(doc.q, str) and _is_query(doc.q):
            found.append(("/q", doc.q))
        filters, base = doc.filters, doc.filters_pointer
    elif is_filters_document(doc):
        filters, base = doc, ""
    elif isinstance(doc, Mapping) and "filters" in doc:
        if _is_query(doc.get("q")):
            found.append(("/q", doc["q"]))
        filters, base = doc["filters"], "/filters"
    else:
        return found
    if is_search_request(filters) and _is_query(filters.get("q")):
        found.append((f"{base}/q", filters["q"]))
    return found


def _is_query(value: Any) -> bool:
    """A ``q`` worth applying: a string with something in it (``""`` means no query)."""
    return isinstance(value, str) and bool(value.strip())
