"""Differential: random filtersets over random messy records give identical answers on both backends."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import filterengine as fe

from .strategies import filtersets, records

NOW = "2024-05-10T12:00:00Z"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filtersets, st.lists(records, min_size=1, max_size=8))
def test_python_backend_agrees_with_reference(sets, recs):
    try:
        fast = fe.compile_filters(sets, now=NOW)
    except fe.FilterEngineError:
        return
    oracle = fe.compile_filters(sets, now=NOW, backend="reference")
    for record in recs:
        assert fast(record) is oracle(record), (sets, record, fast.source)
