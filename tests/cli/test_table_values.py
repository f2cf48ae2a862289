"""Table cells show any record value: nested any number of levels deep, numbers Python cannot write."""

from __future__ import annotations

from filterengine.cli.table import cell, render_table
from filterengine.schema import PLATFORM_SCHEMA


def test_cells_of_values_no_json_writer_takes():
    deep: list = ["x"]
    for _ in range(10_000):
        deep = [deep]
    assert cell(deep) == "x"  # lists, nested too, are flattened
    assert cell(10 ** 5000) == "<an integer of 5001 digits>"
    assert cell([10 ** 5000, "a"], 60) == "<an integer of 5001 digits>, a"
    assert cell(float("inf")) == "Infinity" and cell({"a": [1]}) == '{"a": [1]}'
    table = render_table([{"id": deep, "title": 10 ** 5000}], [PLATFORM_SCHEMA.field("id"), PLATFORM_SCHEMA.field("title")])
    assert table.splitlines()[0].split() == ["id", "title"]
