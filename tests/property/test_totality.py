"""Totality: any JSON thrown at compile_filters compiles or raises FilterEngineError, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import filterengine as fe
from filterengine.syntax import parse_reach

from .strategies import json_values, records


@settings(deadline=None)
@given(json_values, st.lists(records, max_size=3))
def test_compile_filters_is_total(value, recs):
    try:
        pred = fe.compile_filters(value, now="2024-05-10T12:00:00Z")
    except fe.FilterEngineError:
        return
    for record in recs:
        assert pred(record) in (True, False)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 DAYSHOURMINTWEKLNO+-/\tzx.$"), max_size=20) | st.text(max_size=12))
def test_time_expressions_parse_or_raise_with_position(text):
    try:
        parse_reach(text)
    except fe.TimeExpressionError as err:
        assert 0 <= err.position <= len(text)
