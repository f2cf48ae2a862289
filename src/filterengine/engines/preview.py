"""``fe.preview`` on an engine: the same :class:`~filterengine.Page` from DuckDB or Polars scanning a catalog file.

``engine="python"`` (the default) is :func:`filterengine.playlist.preview.preview`:
any iterable of records, any messy record. ``engine="duckdb"`` and ``engine="polars"``
take a catalog *file* (see :mod:`.files`) or an in-memory list of records, and push
the filter, the sort, the offset and the limit down to the engine, which also
counts the matches; only the page comes back to Python. Items are the records
themselves (their JSON as the file holds it, or the objects of an in-memory list).

A static list's stored items are looked up in the catalog by the engine (by ``id``,
the first record wins); its ``q``, sort and paging then run in Python on those few
items, with the python backend's rules.

>>> import filterengine as fe
>>> news = {"listtype": "dynamic", "sort": "views desc", "limit": 2,
...         "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": "news"}]}]}
>>> clips = [{"id": "1", "cat": ["news"], "views": 3}, {"id": "2", "cat": "sport"}, {"id": "3", "cat": "news", "views": 9}]
>>> page = fe.preview(news, clips, engine="duckdb")
>>> [c["id"] for c in page.items], page.total, page == fe.preview(news, clips)
(['3', '1'], 2, True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

from ..compiler import playlist_node
from ..errors import FilterEngineError
from ..filterset.model import Cliplist
from ..ir import Field, Node
from ..limits import DEFAULT_LIMITS, Limits
from ..passes import optimize
from ..playlist import preview as python_preview
from ..playlist.paging import select_page
from ..playlist.preview import Page, compile_playlist, id_key, settle
from ..playlist.sorting import SortSpec
from ..runtime.display import literal
from ..runtime.values import get_key
from ..schema import Schema
from .files import is_path

__all__ = ["preview", "ENGINES", "Scan", "Progress"]

#: The engines ``fe.preview`` runs on.
ENGINES = ("python", "duckdb", "polars")

#: A progress callback: the fraction of the scan done, from 0.0 to 1.0.
Progress = Callable[[float], None]


class Scan(Protocol):
    """What an engine does for a preview (see :mod:`.on_duckdb`, :mod:`.on_polars`)."""

    def page(self, node: Node, keys: list[tuple[Field, bool]], now: datetime, offset: int, limit: int,
             progress: Progress | None) -> tuple[list[Any], int]: ...

    def lookup(self, ids: list[str]) -> dict[str, Any]: ...

    def close(self) -> None: ...


def open_scan(engine: str, clips: Any, schema: Schema) -> Scan:
    """The engine's scan of ``clips`` (a path, or records); imports the engine only now."""
    module_name = {"duckdb": ".on_duckdb", "polars": ".on_polars"}[engine]
    try:
        module = importlib.import_module(module_name, __package__)
    except ImportError as err:  # pragma: no cover - depends on what is installed
        raise FilterEngineError(f"engine={engine!r} needs {engine}: pip install 'filterengine[{engine}]' ({err})") from None
    opened: Scan = module.open_scan(clips, schema)
    return opened


def preview(
    cliplist: Cliplist | Mapping[str, Any],
    clips: Any,
    now: Any = None,
    q: str | None = None,
    sort: str | SortSpec | None = None,
    limit: int | None = None,
    offset: int | None = None,
    schema: Schema | Mapping[str, Any] | None = None,
    *,
    backend: str = "python",
    engine: str = "python",
    draft_id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> Page:
    """The page of ``clips`` that ``cliplist`` returns, and how many match in all.

    ``now`` fixes the clock (default: the current UTC time, read once). ``sort``
    (``"field [asc|desc], ..."``) overrides the cliplist's; dynamic lists default to
    ``"id desc"``. ``limit`` defaults to the cliplist's ``limit``, else 15; ``offset``
    to 0. ``backend`` is ``"python"`` or ``"reference"`` (what evaluates in process).

    ``engine`` is ``"python"`` (the default: ``clips`` is any iterable of records, and
    every record is read, however messy), ``"duckdb"`` or ``"polars"``: ``clips`` is then
    a catalog file (a path: Parquet in the table layout, JSON lines, gzipped too; on
    DuckDB also a JSON array or ``{"items": [...]}`` object) or a list of records, and the
    engine filters, sorts, pages and counts (see docs/engines.md). The page is the one
    ``engine="python"`` gives; a record the engine cannot read by filterengine's rules
    raises :class:`~filterengine.EngineRecordError`, and a construct it cannot express
    (fuzzy terms, proximity phrases) :class:`~filterengine.UnsupportedError`.
    ``progress``, if given, is called with the fraction of the scan done, where the
    engine reports it (DuckDB does; Polars does on JSON lines, as the share of the file read).

    ``draft_id`` lists a draft's clips as the clip service does: only records whose
    ``draft_id`` is that id, the latest first (``created_at desc`` unless a sort is
    given or the cliplist has one: newest by creation time when the records carry
    one, catalog order otherwise), at most 1,000 (the default limit too).

    ``limits`` bound the size of the cliplist, query and sort (see
    :class:`~filterengine.Limits`), never of the clips.

    Raises :class:`FilterEngineError` for a bad cliplist, query, sort, limit or offset
    (:class:`~filterengine.LimitExceededError` for one over ``limits``); on
    ``engine="python"`` never for clip data (catalog entries that are not objects are
    skipped, on every engine).
    """
    if engine == "python":
        if is_path(clips):
            raise FilterEngineError("a catalog file is read by engine='duckdb' or engine='polars'; with engine='python' "
                                    "pass the records (or use the CLI: filterengine preview PLAYLIST CATALOG)")
        return python_preview.preview(cliplist, clips, now, q, sort, limit, offset, schema, backend=backend,
                                      draft_id=draft_id, limits=limits)
    if engine not in ENGINES:
        raise FilterEngineError(f"engine must be one of {', '.join(map(repr, ENGINES))}, not {literal(engine, 60)}")
    if not is_path(clips) and not isinstance(clips, Iterable):
        raise FilterEngineError(f"clips must be a catalog path or records, not {type(clips).__name__}")
    plan = settle(cliplist, now, q, sort, limit, offset, schema, draft_id, limits)
    cl, spec = plan.cliplist, plan.sort
    node = None
    if not cl.is_static:  # compiled before the scan opens: a bad query costs no file read
        node = optimize(playlist_node(cl, plan.q, plan.schema, "OR", limits)[0])
    scan = open_scan(engine, clips, plan.schema)
    try:
        if node is None:
            wanted = [key for key in (id_key(get_key(item, "id")) for item in cl.items or ()) if key is not None]
            fresh = scan.lookup(list(dict.fromkeys(wanted))) if wanted else {}
            records: Iterable[Any] = [_fresher(item, fresh) for item in cl.items or ()]
            predicate = compile_playlist(cl, plan.q, plan.now, plan.schema, backend, limits)
            if predicate is not None:
                records = predicate.filter(records)
            items, total = select_page(records, spec.key if spec is not None else None, plan.offset, plan.limit)
        else:
            keys = [(k.field, k.descending) for k in spec.keys] if spec is not None else []
            items, total = scan.page(node, keys, plan.now, plan.offset, plan.limit, progress)
    finally:
        scan.close()
    return Page(items, total, plan.offset, plan.limit, spec, cl.is_static)


def _fresher(item: Any, fresh: dict[str, Any]) -> Any:
    key = id_key(get_key(item, "id"))
    return fresh.get(key, item) if key is not None else item
