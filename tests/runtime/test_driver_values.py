"""Record values from database drivers and data frames (issue 8): Decimal, NaN, huge integers.

These are not JSON, so they cannot be in the conformance corpus; every backend is run here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import filterengine as fe

BACKENDS = ("python", "reference")
NOW = "2024-05-10T12:00:00Z"


def _match(flt: dict[str, Any], record: dict[str, Any], backend: str) -> bool:
    pred = fe.compile_filters([{"filters": [flt]}], now=NOW, backend=backend)
    return pred(record)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("flt", "record", "expected"), [
    ({"field": "views", "operator": "is", "value": 1500}, {"views": Decimal("1500.00")}, True),
    ({"field": "score", "operator": "is", "value": "2.5"}, {"score": Decimal("2.50")}, True),
    ({"field": "score", "operator": "isAnyOf", "value": [1, 2.5]}, {"score": [Decimal("2.5")]}, True),
    ({"field": "views", "operator": "isGreaterThan", "value": 100}, {"views": Decimal("150")}, True),
    ({"field": "score", "operator": "isSmallerThan", "value": 2}, {"score": Decimal("2.5")}, False),
    ({"field": "score", "operator": "contains", "value": "2.5"}, {"score": Decimal("2.50")}, True),
    ({"field": "d", "operator": "isAfter", "value": "2024-05-01"}, {"d": Decimal("1715342400")}, True),
    ({"field": "views", "operator": "isEmpty", "value": "*"}, {"views": float("nan")}, True),
    ({"field": "views", "operator": "isNotEmpty", "value": "*"}, {"views": Decimal("NaN")}, False),
    ({"field": "views", "operator": "contains", "value": "na"}, {"views": float("nan")}, False),
    ({"field": "views", "operator": "doesNotContain", "value": "na"}, {"views": [float("nan")]}, True),
    ({"field": "views", "operator": "isGreaterThan", "value": 0}, {"views": [float("nan"), 3]}, True),
    ({"field": "d", "operator": "isNotInTheLast", "value": "7DAYS"}, {"d": 10**400}, True),
    ({"field": "d", "operator": "isBefore", "value": "NOW"}, {"d": -(10**400)}, False),
    ({"field": "d", "operator": "isBefore", "value": "NOW"}, {"d": Decimal("1e400")}, False),
    ({"field": "n", "operator": "contains", "value": "1"}, {"n": 10**5000}, False),
])
def test_driver_values(flt: dict[str, Any], record: dict[str, Any], expected: bool, backend: str) -> None:
    assert _match(flt, record, backend) is expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_sorting_reads_decimal_as_numbers(backend: str) -> None:
    clips = [{"id": "a", "views": Decimal("10")}, {"id": "b", "views": 9.5}, {"id": "c", "views": float("nan")}]
    page = fe.preview({"listtype": "dynamic", "filters": []}, clips, sort="views asc", backend=backend)
    assert [c["id"] for c in page.items] == ["b", "a", "c"]


def test_time_expression_error_is_reachable() -> None:
    with pytest.raises(fe.FiltersetError) as raised:
        fe.compile_filters([{"filters": [{"field": "d", "operator": "isInTheLast", "value": "7DAYZ"}]}])
    cause = raised.value.__cause__
    assert isinstance(cause, fe.TimeExpressionError) and cause.position == 1
    assert raised.value.problems[0].error is cause


def test_several_problems_each_carry_their_error() -> None:
    with pytest.raises(fe.FiltersetError) as raised:
        fe.compile_filters([{"filters": [{"field": "d", "operator": "isInTheLast", "value": "7DAYZ"},
                                         {"field": "d", "operator": "isAfter", "value": "NOW-1WEEKZ"}]}])
    errors = [p.error for p in raised.value.problems]
    assert all(isinstance(e, fe.TimeExpressionError) for e in errors)
    assert raised.value.__cause__ is None
