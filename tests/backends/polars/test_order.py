"""backends/polars/order.py: Polars sorts a frame of the layout in the order of playlist.sorting, on random records."""

from __future__ import annotations

import random

import pytest

import filterengine as fe
from filterengine.backends.polars.order import sort_by
from filterengine.layout.columns import Layout
from filterengine.playlist.sorting import parse_sort
from filterengine.schema import PLATFORM_SCHEMA

VALUES = {
    "id": ["9", "10", "-3", "-0", "+7", "007", "b", "B", "", 12, True, None],
    "title": ["apple", "Banana", "cherry", "", None, 3],
    "views": [1, 2.5, "3", -1, None, True],
    "publisheddate": ["2026-11-19T10:00:00Z", "2026-11-19", "2026-11-19T12:00:00+02:00", None],
    "cat": [["news"], ["sport", "news"], [None, "art"], [], "culture", None],
    "transcodingFinished": [True, False, "true", None],
}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("spec", ["id", "id desc", "title, id desc", "views desc, id", "publisheddate desc, id",
                                  "catSort, id", "transcodingFinished desc, views"])
def test_polars_order_is_the_runtime_order(seed, spec):
    rng = random.Random(seed)
    records = [{k: rng.choice(v) for k, v in VALUES.items() if rng.random() < 0.8} for _ in range(40)]
    parsed = parse_sort(spec)
    expected = sorted(range(len(records)), key=lambda i: parsed.key(records[i]))
    by, descending = sort_by([(k.field, k.descending) for k in parsed.keys], Layout.of(PLATFORM_SCHEMA))
    got = fe.to_frame(records).sort(by, descending=descending, nulls_last=True, maintain_order=True)["_row"].to_list()
    assert got == expected


def test_fields_of_no_kind_are_unsupported():
    field = PLATFORM_SCHEMA.field("featured")
    with pytest.raises(fe.UnsupportedError, match="sort by a field of no kind"):
        sort_by([(field, False)], Layout.of(PLATFORM_SCHEMA))
