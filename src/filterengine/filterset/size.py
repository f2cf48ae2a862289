"""The size of a ``filters`` document, measured against :class:`~filterengine.limits.Limits` before it is read.

Counting costs one ``len`` per filterset and per filter, whatever the values
hold, so a document of 100,000 filters or a value of 1,000,000 members is turned
down in microseconds, with a JSON pointer to the first part over the limit.
What each value holds (its digits, the length of a time expression) is
measured where it is read (:mod:`.lower`).

>>> from filterengine.limits import Limits
>>> check_filters_size([{"filters": [{"field": "cat", "operator": "is", "value": ["a", "b", "c"]}]}], "", Limits(values=2))
Traceback (most recent call last):
...
filterengine.errors.LimitExceededError: too many values in one filter: 3, over the limit of 2 (Limits.values) at /0/filters/0/value
"""

from __future__ import annotations

from typing import Any

from ..errors import LimitExceededError
from ..limits import Limits, json_pointer
from .model import SEARCH_REQUEST_KEYS

__all__ = ["check_filters_size"]


def _filtersets(filters: Any, base: str, limits: Limits) -> list[tuple[str, Any]]:
    """The filtersets of any of the three shapes, with their pointers, once their number is known to be in bounds.

    Keys that are not filtersets (and are reported as problems) count as filtersets here.
    """
    if isinstance(filters, list):
        _check_count(len(filters), limits, "too many filtersets", f"{base}/{limits.clauses}")
        return [(f"{base}/{i}", fs) for i, fs in enumerate(filters)]
    if not isinstance(filters, dict):
        return []
    if "filterSet" in filters or filters.get("type") == "SearchRequest":
        sets = filters.get("filterSet")
        sets = sets if isinstance(sets, list) else []
        others = sum(1 for key in filters if key not in SEARCH_REQUEST_KEYS)
        _check_count(len(sets) + others, limits, "too many filtersets", f"{base}/filterSet")
        return [(f"{base}/filterSet/{i}", fs) for i, fs in enumerate(sets)]
    _check_count(len(filters) - ("sort" in filters), limits, "too many filtersets", base)
    return [(json_pointer((key,), base), fs) for key, fs in filters.items() if key != "sort"]


def _check_count(count: int, limits: Limits, subject: str, pointer: str) -> None:
    if count > limits.clauses:
        raise LimitExceededError("clauses", limits.clauses, count, subject, pointer=pointer)


def check_filters_size(filters: Any, base: str, limits: Limits) -> None:
    """Raise :class:`LimitExceededError` when ``filters`` holds more filtersets or filters
    (all filtersets together) than ``limits.clauses``, or a filter more values than ``limits.values``."""
    sets = _filtersets(filters, base, limits)
    lists = [(path, fs["filters"]) for path, fs in sets if isinstance(fs, dict) and isinstance(fs.get("filters"), list)]
    total = sum(len(items) for _, items in lists)
    if total > limits.clauses:
        seen = 0
        for path, items in lists:
            if seen + len(items) > limits.clauses:
                _check_count(total, limits, "too many filters", f"{path}/filters/{limits.clauses - seen}")
            seen += len(items)
    for path, items in lists:
        for i, item in enumerate(items):
            value = item.get("value") if isinstance(item, dict) else None
            if isinstance(value, list) and len(value) > limits.values:
                raise LimitExceededError("values", limits.values, len(value), "too many values in one filter",
                                         pointer=f"{path}/filters/{i}/value")
