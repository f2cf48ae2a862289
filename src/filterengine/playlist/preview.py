"""``fe.preview``: what a smart playlist returns from a catalog of clips, one page of it.

Dynamic lists: the cliplist's filters AND ``q``, sorted, paged. Static lists: the
stored ``items`` in their order, each replaced by the catalog's fresher record with
the same ``id``; the cliplist's filters and sort do not apply, a caller's ``q`` and
``sort`` do. The catalog is streamed once; only the page is kept.

>>> import filterengine as fe
>>> news = {"title": "News", "listtype": "dynamic", "sort": "publisheddate desc", "limit": 2,
...         "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": "news"}]}]}
>>> clips = [{"id": "1", "cat": ["news"], "publisheddate": "2026-11-01T08:00:00Z"},
...          {"id": "2", "cat": ["sport"], "publisheddate": "2026-11-02T08:00:00Z"},
...          {"id": "3", "cat": ["news"], "publisheddate": "Tue, 03 Nov 2026 08:00:00 +0000"},
...          {"id": "4", "cat": ["news"]}]
>>> page = fe.preview(news, clips)
>>> [c["id"] for c in page.items], page.total
(['3', '1'], 3)
>>> fe.preview(news, clips, sort="id", offset=2).to_sapi()
{'numfound': 3, 'items': [{'id': '4', 'cat': ['news']}]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..compiler import compile_filters, format_query, resolve_schema
from ..errors import FilterEngineError, FiltersetError, LimitExceededError, Problem
from ..filterset.model import Cliplist
from ..ir import Equals
from ..limits import DEFAULT_LIMITS, Limits
from ..predicate import Predicate
from ..runtime.clock import resolve_now, utcnow
from ..runtime.display import literal
from ..runtime.values import get_key, scalar_text
from ..schema import Schema
from . import envelopes
from .paging import resolve_limit, resolve_offset, select_page
from .sorting import SortSpec, parse_sort

__all__ = ["Page", "preview", "Settled", "settle", "as_cliplist", "playlist_sort", "compile_playlist", "static_items", "draft_query"]


@dataclass(frozen=True)
class Page:
    """One page of a playlist: ``items`` after offset/limit, and ``total`` matches before paging.

    ``sort`` is the order applied (``None``: a static list's stored order).
    """

    items: list[Any]
    total: int
    offset: int
    limit: int
    sort: SortSpec | None
    static: bool = False

    def to_sapi(self) -> dict[str, Any]:
        """``{"numfound": total, "items": [...]}``, the search API's envelope."""
        return envelopes.sapi(self.items, self.total)

    def to_collection(self, path: str = envelopes.COLLECTION_ID) -> dict[str, Any]:
        """The clip service's ``Collection`` envelope (at most 1,000 items), ``@id`` set to ``path``."""
        return envelopes.collection(self.items, path)


def as_cliplist(cliplist: Cliplist | Mapping[str, Any], limits: Limits = DEFAULT_LIMITS) -> Cliplist:
    """A :class:`Cliplist` from itself or its dict (validated)."""
    if isinstance(cliplist, Cliplist):
        return cliplist
    if isinstance(cliplist, Mapping):
        return Cliplist.from_dict(cliplist, limits=limits)
    raise TypeError(f"cliplist must be a filterengine.Cliplist or a mapping, not {type(cliplist).__name__}")


def playlist_sort(
    cliplist: Cliplist, sort: str | SortSpec | None, schema: Schema, limits: Limits = DEFAULT_LIMITS
) -> SortSpec | None:
    """The order to apply: the ``sort`` argument, else the list's own (dynamic lists only).

    A static list without a ``sort`` argument keeps its stored order (``None``). A bad
    sort in the cliplist is a :class:`FiltersetError` at ``/sort`` (or ``/filters/sort``).
    """
    if sort is not None:
        return parse_sort(sort, schema, limits)
    if cliplist.is_static:
        return None
    own = cliplist.effective_sort
    where = "/sort" if cliplist.sort else f"{cliplist.filters_pointer}/sort"
    try:
        return parse_sort(own, schema, limits)
    except LimitExceededError as err:
        raise err.located(pointer=where) from None
    except FilterEngineError as err:
        raise FiltersetError([Problem(where, str(err))]) from None


def compile_playlist(
    cliplist: Cliplist, q: str | None, now: Any, schema: Schema, backend: str = "python",
    limits: Limits = DEFAULT_LIMITS,
) -> Predicate | None:
    """The predicate a record must pass: filters AND ``q`` (dynamic), ``q`` alone (static).

    ``None`` when nothing needs testing (a static list without ``q``).
    """
    if cliplist.is_static:
        if q is None:
            return None
        return compile_filters([], q=q, now=now, schema=schema, backend=backend, limits=limits)
    return compile_filters(cliplist, q=q, now=now, schema=schema, backend=backend, limits=limits)


def draft_query(draft_id: str, q: str | None, schema: Schema) -> str:
    """``q`` AND the draft's clips only (``draft_id`` equals the id), as query text.

    The id enters as the canonical text of an IR node, so any character is quoted right.

    >>> draft_query('d"1', None, resolve_schema(None)), draft_query("d1", "cat:news", resolve_schema(None))
    ('draft_id:d\\\\"1', '(cat:news) AND draft_id:d1')
    """
    if not isinstance(draft_id, str) or not draft_id:
        raise FilterEngineError(f"draft_id must be a non-empty string, not {literal(draft_id, 60)}")
    text = format_query(Equals(schema.field(envelopes.DRAFT_FIELD), (draft_id,)), schema)
    return text if q is None else f"({q}) AND {text}"


def id_key(value: Any) -> str | None:
    """How ids are matched between stored items and the catalog: their string form."""
    return scalar_text(value) if not isinstance(value, bool) else None


def static_items(items: Iterable[Any] | None, clips: Iterable[Any]) -> list[Any]:
    """The stored items, each replaced by the first catalog record with the same ``id``.

    The catalog is read only until every stored id has been seen.
    """
    stored = list(items or ())
    wanted: dict[str, int] = {}
    for item in stored:
        key = id_key(get_key(item, "id"))
        if key is not None:
            wanted.setdefault(key, 0)
    fresh: dict[str, Any] = {}
    if wanted:
        for record in clips:
            if not isinstance(record, Mapping):
                continue
            key = id_key(get_key(record, "id"))
            if key in wanted and key not in fresh:
                fresh[key] = record
                if len(fresh) == len(wanted):
                    break
    out = []
    for item in stored:
        key = id_key(get_key(item, "id"))
        out.append(fresh.get(key, item) if key is not None else item)
    return out


def _clips_only(clips: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    """Drop catalog entries that are not objects: they are not clips, and match nothing."""
    return (c for c in clips if c.__class__ is dict or isinstance(c, Mapping))


@dataclass(frozen=True)
class Settled:
    """What a preview's arguments come to once defaults apply: shared by every engine."""

    cliplist: Cliplist
    schema: Schema
    q: str | None
    sort: SortSpec | None
    offset: int
    limit: int
    now: datetime


def settle(
    cliplist: Cliplist | Mapping[str, Any], now: Any, q: str | None, sort: str | SortSpec | None,
    limit: int | None, offset: int | None, schema: Schema | Mapping[str, Any] | None,
    draft_id: str | None, limits: Limits = DEFAULT_LIMITS,
) -> Settled:
    """The cliplist validated, the ``q`` (with a draft's), sort, page and clock that apply (see :func:`preview`)."""
    resolved = resolve_schema(schema)
    cl = as_cliplist(cliplist, limits)
    page_limit = resolve_limit(limit, cl.limit)
    page_offset = resolve_offset(offset)
    if draft_id is not None:
        q = draft_query(draft_id, q, resolved)
        if limit is None and cl.limit is None:
            page_limit = envelopes.COLLECTION_MAX_ITEMS
        page_limit = min(page_limit, envelopes.COLLECTION_MAX_ITEMS)
        if sort is None and (cl.is_static or not cl.effective_sort):
            sort = envelopes.COLLECTION_SORT
    spec = playlist_sort(cl, sort, resolved, limits)
    instant = resolve_now(now) or utcnow()
    return Settled(cl, resolved, q, spec, page_offset, page_limit, instant)


def preview(
    cliplist: Cliplist | Mapping[str, Any],
    clips: Iterable[Mapping[str, Any]],
    now: Any = None,
    q: str | None = None,
    sort: str | SortSpec | None = None,
    limit: int | None = None,
    offset: int | None = None,
    schema: Schema | Mapping[str, Any] | None = None,
    *,
    backend: str = "python",
    draft_id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Page:
    """The page of ``clips`` that ``cliplist`` returns, and how many match in all, evaluated in process.

    This is ``fe.preview``'s ``engine="python"``: :func:`filterengine.engines.preview.preview`
    documents every argument (``backend`` is ``"python"`` or ``"reference"``). Raises
    :class:`FilterEngineError` for a bad cliplist, query, sort, limit or offset; never for
    clip data (catalog entries that are not objects are skipped).
    """
    plan = settle(cliplist, now, q, sort, limit, offset, schema, draft_id, limits)
    cl, spec, page_offset, page_limit = plan.cliplist, plan.sort, plan.offset, plan.limit
    predicate = compile_playlist(cl, plan.q, plan.now, plan.schema, backend, limits)
    records: Iterable[Any]
    if cl.is_static:
        records = static_items(cl.items, clips)
        if predicate is not None:
            records = predicate.filter(records)
    else:
        assert predicate is not None
        records = predicate.filter(_clips_only(clips))
    key = spec.key if spec is not None else None
    items, total = select_page(records, key, page_offset, page_limit)
    return Page(items, total, page_offset, page_limit, spec, cl.is_static)
