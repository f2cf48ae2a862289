"""Evaluate one hostile case in this process: the child side of :mod:`tests.hostile.test_hostile`.

Run as ``python evaluate.py``: it imports filterengine, prints ``ready``, then reads requests
``{"case": ..., "mode": ...}``, one JSON line each, and answers each with one line,
``{"ids": [...]}`` or ``{"error": class name}``. The parent times each answer, so import
time never counts, and replaces the process when an answer is late.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import filterengine as fe

#: How a case runs on each mode: the two backends, explain (which uses the reference backend), and
#: preview (which sorts: its answer is the page's ids in order).
MODES = ("python", "reference", "explain", "preview")


def expand(value: Any) -> Any:
    """The case's data with its generators expanded (hostile inputs are large; the corpus is not).

    ``{"$repeat": s, "times": n}`` is ``s * n``; ``{"$names": p, "count": n}`` is
    ``[p + "0", ..., p + str(n - 1)]`` (``"reverse": true`` for the other order, ``"suffix": s``
    to end each with ``s``);
    ``{"$concat": [...]}`` joins the expanded parts; ``{"$nest": v, "depth": n}`` is ``v`` inside
    ``n`` lists (built without recursion, so that no JSON text need nest that deep).
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
        if "$nest" in value:
            nested = expand(value["$nest"])
            for _ in range(value["depth"]):
                nested = [nested]
            return nested
        return {k: expand(v) for k, v in value.items()}
    return value


def run(case: dict[str, Any], mode: str) -> list[Any]:
    """The ids of the case's records that its ``q`` and/or ``filters`` select on ``mode``.

    ``now`` defaults to a fixed instant (``null``: the clock, read at each evaluation); ``limits``,
    when given, are the arguments of :class:`filterengine.Limits`.
    """
    case = expand(case)
    filters, q, now = case.get("filters", []), case.get("q"), case.get("now", "2024-05-10T12:00:00Z")
    schema = case.get("schema")
    limits = fe.Limits(**case.get("limits", {}))
    cliplist = {"title": "hostile", "filters": filters}
    if mode == "explain":
        return [r["id"] for r in case["records"]
                if fe.explain(cliplist, r, now=now, q=q, schema=schema, limits=limits).matched]
    if mode == "preview":
        page = fe.preview(cliplist, case["records"], now=now, q=q, sort=case.get("sort"), limit=1000, schema=schema,
                          limits=limits)
        return [item.get("id") for item in page.items]
    if filters:
        pred = fe.compile_filters(filters, q=q, now=now, backend=mode, schema=schema, limits=limits)
    else:
        pred = fe.compile_query(q, now=now, backend=mode, schema=schema, limits=limits)
    return [r["id"] for r in pred.filter(case["records"])]


def main() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            out: dict[str, Any] = {"ids": run(request["case"], request["mode"])}
        except fe.FilterEngineError as err:
            out = {"error": type(err).__name__}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
