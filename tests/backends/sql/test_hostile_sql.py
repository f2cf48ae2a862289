"""The hostile corpus on the SQL backends: every case either raises a FilterEngineError or gives
a statement whose text holds none of the case's values (they travel as bound parameters)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import filterengine as fe

HOSTILE = Path(__file__).resolve().parents[2] / "hostile"
sys.path.insert(0, str(HOSTILE))
from evaluate import expand  # noqa: E402

CASES = [case for name in ("injection.json", "totality.json", "limits.json")
         for case in json.loads((HOSTILE / "cases" / name).read_text(encoding="utf-8"))]
DIALECTS = ("duckdb", "sqlite", "postgres", "spark", "trino", "bigquery", "mysql")
#: Words a statement may hold whatever the values: SQL keywords, the layout's column names.
SHORTEST = 4


def _strings(value: Any) -> set[str]:
    """Every string a filters document holds as a filter value or field name (not operator names)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k in ("value", "field", "filters", "filterSet"))
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _cheap(case: dict[str, Any]) -> bool:
    """Cases whose inputs are small enough to translate seven times within the suite's budget."""
    return len(json.dumps(case)) < 4_000


@pytest.mark.parametrize("case", [c for c in CASES if _cheap(c) and ("filters" in c or "cliplist" in c)],
                         ids=lambda c: c["description"])
def test_hostile_values_never_reach_the_statement_text(case: dict[str, Any]) -> None:
    case = expand(case)
    filters = case.get("cliplist", case.get("filters"))
    try:
        limits = fe.Limits(**case.get("limits", {}))
    except fe.FilterEngineError:
        return
    texts = {s for s in _strings(filters) if len(s) >= SHORTEST and not s.isalnum()}
    for dialect in DIALECTS:
        try:
            query = fe.to_sql(filters, q=case.get("q"), dialect=dialect, now="2024-05-10T12:00:00Z", limits=limits)
        except fe.FilterEngineError:
            continue
        except TypeError as err:  # a Python value of the wrong type where the API takes JSON data
            assert "cliplist must be a mapping" in str(err), err
            continue
        for text in texts:
            assert text not in query.sql and text not in query.count_sql, (dialect, text)
