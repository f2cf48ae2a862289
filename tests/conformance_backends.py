"""The backends the conformance corpus runs on: one adapter each, listed in one place.

An adapter takes a corpus ``group`` and one of its ``case`` objects and returns the
ids of the group's records that the case's ``filters`` and/or ``q`` select, in
record order, or raises :class:`filterengine.FilterEngineError`. Adding a backend
(SQLite, DuckDB, Polars, ...) is one adapter here; a case it cannot run is marked
in the corpus data itself, ``"skip": {"<backend>": "why"}``, never in the adapter; a
construct a backend refuses is asserted there too, ``"unsupported": {"<backend>": "construct"}``
(the :class:`filterengine.UnsupportedError` it must raise). ``"sql"`` names every SQL backend.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import filterengine as fe

from .backends.sql.engines import Engine, duckdb_engine, postgres_engine, spark_engine, sqlite_engine

Group = Mapping[str, Any]
Case = Mapping[str, Any]
Adapter = Callable[[Group, Case], list[Any]]


def _in_process(backend: str) -> Adapter:
    """An adapter for a backend of :mod:`filterengine.predicate` (a compiled Python predicate)."""

    def run(group: Group, case: Case) -> list[Any]:
        options: dict[str, Any] = {
            "now": group["now"],
            "schema": group.get("schema"),
            "default_operator": case.get("default_operator", "OR"),
            "backend": backend,
        }
        if "filters" in case:
            pred = fe.compile_filters(case["filters"], q=case.get("q"), **options)
        else:
            pred = fe.compile_query(case["q"], **options)
        return [record["id"] for record in pred.filter(group["records"])]

    return run


def _sql(engine: Engine) -> Adapter:
    """An adapter for a SQL engine: the group's records loaded once (fe.sql.load), each case one SELECT."""

    def run(group: Group, case: Case) -> list[Any]:
        records = group["records"]
        table = engine.table(records, group.get("schema"), keep=group)
        query = fe.to_sql(case.get("filters"), q=case.get("q"), dialect=engine.dialect, table=table,
                          schema=group.get("schema"), now=group["now"],
                          default_operator=case.get("default_operator", "OR"))
        return [records[row]["id"] for row in sorted(engine.rows(query))]

    return run


def _batched(engine: Engine) -> Adapter:
    """As :func:`_sql`, but a group's cases run together, as one job (Spark: each job costs a fraction of a second)."""
    done: dict[int, dict[str, Any]] = {}

    def query(group: Group, case: Case, table: str) -> fe.SqlQuery:
        return fe.to_sql(case.get("filters"), q=case.get("q"), dialect=engine.dialect, table=table,
                         schema=group.get("schema"), now=group["now"], default_operator=case.get("default_operator", "OR"))

    def key(case: Case) -> str:
        return json.dumps([case.get("filters"), case.get("q"), case.get("default_operator")], sort_keys=True)

    def run(group: Group, case: Case) -> list[Any]:
        records = group["records"]
        table = engine.table(records, group.get("schema"), keep=group)
        found = done.get(id(group))
        if found is None:
            ready = {}
            for other in group["cases"]:
                if "expected" in other:
                    try:
                        ready[key(other)] = query(group, other, table)
                    except fe.FilterEngineError:
                        pass  # raised again below, for the case that asks
            found = done[id(group)] = dict(zip(ready, engine.rows_many(list(ready.values()))))
        rows = found.get(key(case))
        if rows is None:
            rows = engine.rows(query(group, case, table))
        return [records[row]["id"] for row in sorted(rows)]

    return run


def _polars() -> Adapter:
    """An adapter for Polars: the group's records as one frame (fe.to_frame), each case one filter expression."""
    frames: dict[int, Any] = {}

    def run(group: Group, case: Case) -> list[Any]:
        records = group["records"]
        frame = frames.get(id(group))
        if frame is None:
            frame = frames[id(group)] = (fe.to_frame(records, group.get("schema")), group)  # keeps the group alive
        expr = fe.to_polars(case.get("filters"), q=case.get("q"), schema=group.get("schema"), now=group["now"],
                            default_operator=case.get("default_operator", "OR"))
        return [records[row]["id"] for row in sorted(frame[0].filter(expr)["_row"].to_list())]

    return run


BACKENDS: dict[str, Adapter] = {
    "python": _in_process("python"),
    "reference": _in_process("reference"),
    "duckdb": _sql(duckdb_engine()),
    "sqlite": _sql(sqlite_engine()),
    "postgres": _sql(postgres_engine()),
    "spark": _batched(spark_engine()),
    "polars": _polars(),
}

#: Names a case's ``skip`` or ``unsupported`` may use for several backends at once.
FAMILIES: dict[str, tuple[str, ...]] = {"sql": ("duckdb", "sqlite", "postgres", "spark")}

#: Backends that run one IR per case (the q variants give the same IR, asserted on the in-process backends).
ONCE_PER_IR: tuple[str, ...] = (*FAMILIES["sql"], "polars")
