"""Limit and offset: which numbers are valid, and taking one page from a stream.

Only ``offset + limit`` records are ever held: the page is chosen with a bounded
heap (:func:`heapq.nsmallest`, which is stable), so previewing a catalog of a
million clips keeps fifteen of them in memory, not a million.

>>> select_page(iter([5, 3, 9, 1, 7]), key=lambda n: n, offset=1, limit=2)
([3, 5], 5)
>>> select_page(iter("abcde"), key=None, offset=3, limit=15)
(['d', 'e'], 5)
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import count, islice
from operator import itemgetter
from typing import Any, TypeVar

from ..errors import FilterEngineError
from ..runtime.display import literal

__all__ = ["DEFAULT_LIMIT", "resolve_limit", "resolve_offset", "select_page"]

#: The page size when neither the caller nor the cliplist sets a limit.
DEFAULT_LIMIT = 15

T = TypeVar("T")
_first = itemgetter(0)


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FilterEngineError(f"{name} must be a non-negative integer, not {literal(value, 60)}")
    if value < 0:
        raise FilterEngineError(f"{name} must be a non-negative integer, not {value}")
    return value


def resolve_limit(limit: Any, cliplist_limit: Any = None) -> int:
    """The argument if given, else the cliplist's ``limit``, else :data:`DEFAULT_LIMIT`.

    >>> resolve_limit(None, 10), resolve_limit(5, 10), resolve_limit(None, None)
    (10, 5, 15)
    >>> resolve_limit(-1)
    Traceback (most recent call last):
    ...
    filterengine.errors.FilterEngineError: limit must be a non-negative integer, not -1
    """
    if limit is not None:
        return _count("limit", limit)
    if cliplist_limit is not None:
        return _count("the cliplist's limit", cliplist_limit)
    return DEFAULT_LIMIT


def resolve_offset(offset: Any) -> int:
    """``offset`` checked; ``None`` is 0."""
    return 0 if offset is None else _count("offset", offset)


def select_page(
    items: Iterable[T], key: Callable[[T], Any] | None, offset: int, limit: int
) -> tuple[list[T], int]:
    """``(page, total)``: the items ``offset .. offset+limit`` in ``key`` order, and the count.

    ``key=None`` keeps the input order. Ties keep the input order. Memory grows with
    ``offset + limit``, never with the number of items.
    """
    # Counting in C: zip pairs each item with the next number, itemgetter drops it
    # again; afterwards the counter's next value is how many items went by.
    counter = count()
    counted: Iterator[T] = map(_first, zip(items, counter))
    wanted = offset + limit
    if limit == 0:
        page: list[T] = []
    elif key is None:
        page = list(islice(counted, offset, wanted))
    else:
        page = heapq.nsmallest(wanted, counted, key=key)[offset:]
    for _ in counted:  # drain: the total counts every item, not just the page
        pass
    return page, next(counter)
