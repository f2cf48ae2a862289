"""A bounded cache of compiled predicates, keyed by the input that compiled them.

A service that compiles the same playlist or ``q`` for every request pays for
the compilation once: :func:`~filterengine.compile_filters` and
:func:`~filterengine.compile_query` on equal input (the same JSON, the same
schema, ``now``, backend and options) return one shared predicate, which is
immutable and safe to share between threads. The least recently used entries go
first once :data:`MAX_ENTRIES` are held. Input that is not plain JSON data is
compiled every time. Errors are never cached.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

__all__ = ["MAX_ENTRIES", "cached", "clear", "json_key"]

#: How many compiled predicates the cache holds.
MAX_ENTRIES = 512

T = TypeVar("T")

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def json_key(value: Any) -> str | None:
    """``value`` as canonical JSON text (key order kept: it orders problems), or ``None`` when it is not JSON data."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None


def schema_key(schema: Any) -> Hashable | None:
    """A hashable key for a schema argument: ``None``, a :class:`~filterengine.Schema`, or JSON data."""
    if schema is None:
        return None
    if isinstance(schema, Mapping):
        text = json_key(schema)
        return None if text is None else ("json", text)
    try:
        hash(schema)
    except TypeError:
        return None
    return ("schema", schema)


def cached(key: Hashable | None, build: Callable[[], T]) -> T:
    """The value cached under ``key``, built (outside the lock) when missing; ``None`` keys are not cached."""
    if key is None:
        return build()
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found  # type: ignore[no-any-return]
    value = build()
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget every cached predicate."""
    with _lock:
        _entries.clear()
