"""Evaluate one hostile case in this process: the child side of :mod:`tests.hostile.test_hostile`.

Run as ``python evaluate.py``: it imports filterengine, prints ``ready``, then reads requests
``{"case": ..., "mode": ...}``, one JSON line each, and answers each with one line,
``{"ids": [...]}`` or ``{"error": class name}``. The parent times each answer, so import
time never counts, and replaces the process when an answer is late.
"""

from __future__ import annotations

import json
import queue
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import filterengine as fe

#: How a case runs on each mode: the two backends, explain (which uses the reference backend; its
#: report is also written as text and as JSON encoded to UTF-8), and preview (which sorts: its answer
#: is the page's ids in order).
MODES = ("python", "reference", "explain", "preview")


class _Proxy(Mapping[str, Any]):
    """A read-only mapping that is not a dict: read only through the mapping protocol."""

    def __init__(self, data: dict[str, Any]):
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class _Getter:
    """Not a mapping, though it has a ``get``: it has no fields, and its ``get`` is never called."""

    def __init__(self, data: dict[str, Any]):
        self.id = data.get("id")

    def get(self, key: str, default: Any = None) -> Any:
        raise AssertionError("the get of an object that is not a Mapping was called")


class _OwnGet(dict):  # type: ignore[type-arg]
    """A dict whose own ``get`` must not be called: dicts are read with ``dict.get``."""

    def get(self, key: Any, default: Any = None) -> Any:
        raise AssertionError("a dict subclass's own get was called")


def _object(name: str, data: dict[str, Any]) -> Any:
    if name == "queue":  # its get() blocks forever when called
        return queue.Queue()
    if name == "getter":
        return _Getter(data)
    if name == "mapping":
        return _Proxy(data)
    if name == "dict-subclass":
        return _OwnGet(data)
    raise ValueError(f"unknown $object {name!r}")


def _nest(value: Any, depth: int, container: str) -> Any:
    for _ in range(depth):
        value = {"a": value} if container == "object" else [value]
    return value


def expand(value: Any) -> Any:
    """The case's data with its generators expanded (hostile inputs are large; the corpus is not).

    ``{"$repeat": s, "times": n}`` is ``s * n``; ``{"$names": p, "count": n}`` is
    ``[p + "0", ..., p + str(n - 1)]`` (``"reverse": true`` for the other order, ``"suffix": s``
    to end each with ``s``);
    ``{"$concat": [...]}`` joins the expanded parts.

    Values JSON cannot carry into Python as they are: ``{"$int": digits}`` is the integer the
    (expanded) digit string denotes, of any length (JSON readers refuse more than 4,300 digits);
    ``{"$decimal": text}`` a ``Decimal``; ``{"$nest": v, "depth": n}`` is ``v`` inside ``n`` lists
    (``"in": "object"``: inside ``n`` objects ``{"a": ...}``), built without recursion;
    ``{"$object": name, "data": {...}}`` a Python record of another type: ``"queue"`` (a
    ``queue.Queue``, whose ``get`` blocks), ``"getter"`` (not a mapping, with a ``get`` that
    must not be called), ``"mapping"`` (a read-only ``Mapping``) or ``"dict-subclass"`` (a
    ``dict`` whose own ``get`` must not be called).
    """
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        if "$repeat" in value:
            return expand(value["$repeat"]) * value["times"]
        if "$names" in value:
            names = [f"{value['$names']}{i}{value.get('suffix', '')}" for i in range(value["count"])]
            return names[::-1] if value.get("reverse") else names
        if "$concat" in value:
            return "".join(expand(v) for v in value["$concat"])
        if "$int" in value:
            return int(Decimal(expand(value["$int"])))
        if "$decimal" in value:
            return Decimal(expand(value["$decimal"]))
        if "$nest" in value:
            return _nest(expand(value["$nest"]), value["depth"], value.get("in", "list"))
        if "$object" in value:
            return _object(value["$object"], expand(value.get("data", {})))
        return {k: expand(v) for k, v in value.items()}
    return value


def _key(record: Any, key: str) -> Any:
    """What a case's answer names a record by: its ``key`` field (a record that is not a
    mapping, by its own JSON value, or by its type's name)."""
    if isinstance(record, Mapping):
        return dict.get(record, key) if isinstance(record, dict) else record.get(key)
    if isinstance(record, (_Getter,)):
        return record.id
    if record is None or isinstance(record, (str, int, float, bool, list)):
        return record
    return type(record).__name__


def run(case: dict[str, Any], mode: str) -> list[Any]:
    """The ids of the case's records that its ``q`` and/or ``filters`` select on ``mode``.

    ``now`` defaults to a fixed instant (``null``: the clock, read at each evaluation); ``limits``,
    when given, are the arguments of :class:`filterengine.Limits`.
    """
    case = expand(case)
    filters, q, now = case.get("filters", []), case.get("q"), case.get("now", "2024-05-10T12:00:00Z")
    schema, key = case.get("schema"), case.get("key", "id")
    limits = fe.Limits(**case.get("limits", {}))
    cliplist = case["cliplist"] if "cliplist" in case else {"title": "hostile", "filters": filters}
    if mode == "explain":
        matched = []
        for r in case["records"]:
            report = fe.explain(cliplist, r, now=now, q=q, schema=schema, limits=limits)
            str(report)
            json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
            if report.matched:
                matched.append(_key(r, key))
        return matched
    if mode == "preview":
        page = fe.preview(cliplist, case["records"], now=now, q=q, sort=case.get("sort"),
                          limit=case.get("limit", 1000), offset=case.get("offset"), schema=schema, limits=limits)
        return [_key(item, key) for item in page.items]
    if "cliplist" in case or filters:
        pred = fe.compile_filters(cliplist if "cliplist" in case else filters, q=q, now=now, backend=mode, schema=schema,
                                 limits=limits)
    else:
        pred = fe.compile_query(q, now=now, backend=mode, schema=schema,
                                 limits=limits)
    return [_key(r, key) for r in pred.filter(case["records"])]


def main() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            out: dict[str, Any] = {"ids": run(request["case"], request["mode"])}
        except fe.FilterEngineError as err:
            json.dumps(err.to_dict(), ensure_ascii=False).encode("utf-8")  # problem details always encode
            out = {"error": type(err).__name__}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
