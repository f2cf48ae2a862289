"""Text for a terminal: escapes for what a terminal would obey, widths as it shows them; tables and JSON output."""

from __future__ import annotations

import json

import pytest

from filterengine.cli.output import json_text
from filterengine.cli.table import cell, render_table
from filterengine.cli.terminal import escape, fit, pad, width
from filterengine.schema import PLATFORM_SCHEMA as S


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[2J\x1b]0;owned\x07", "\\x1b[2J\\x1b]0;owned\\x07"),  # clear screen, set the window title, BEL
    ("a\rb", "a\\rb"),
    ("\x9b31m", "\\x9b31m"),  # C1 CSI
    ("\x7f", "\\x7f"),
    ("abc\u202edcba", "abc\\u202edcba"),  # a right-to-left override
    ("\u2066x\u2069 \u200f", "\\u2066x\\u2069 \\u200f"),
    ("\ud800", "\\ud800"),  # a lone surrogate
    ("\u2028", "\\u2028"),
    ("plain café 日本 \u200d", "plain café 日本 \u200d"),  # printable text, a zero-width joiner
])
def test_escape(raw, shown):
    assert escape(raw) == shown


def test_escape_can_keep_newlines():
    assert escape("line 1\x1b\nline 2\t", keep="\n") == "line 1\\x1b\nline 2\\t"


@pytest.mark.parametrize("text, columns", [
    ("abc", 3), ("日本語", 6), ("ＡＢ", 4), ("e\u0301", 1), ("ä\u0308\u0308", 1), ("👍", 2), ("a\u200db", 2), ("", 0),
])
def test_width(text, columns):
    assert width(text) == columns


def test_fit_and_pad_count_columns():
    assert fit("日本語のテキストです", 10) == "日本語..."
    assert width(fit("日本語のテキストです", 10)) <= 10
    assert fit("cafe\u0301 au lait", 7) == "cafe\u0301..."  # the accent stays on its e
    assert pad("日本", 6) == "日本  " and pad("abc", 2) == "abc"


def test_table_columns_line_up_by_display_width():
    rows = [{"id": "1", "title": "日本語のタイトル"}, {"id": "2", "title": "Latin title"}, {"id": "3", "title": "cafe\u0301"}]
    lines = render_table(rows, [S.field("id"), S.field("title"), S.field("cat")]).splitlines()
    assert lines[0] == "id  title" and lines[1] == "--  " + "-" * 16
    assert lines[2:] == ["1   日本語のタイトル", "2   Latin title", "3   cafe\u0301"]


def test_table_cells_never_hold_control_characters():
    rows = [{"id": "\x1b[31m1", "title": "evil\u202e\x07\r\nnext", "cat": ["a\x1bb", ["n", ["d"]], {"k": 1}]}]
    text = render_table(rows, [S.field("id"), S.field("title"), S.field("cat")])
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text and "\r" not in text
    assert text.splitlines()[2] == '\\x1b[31m1  evil\\u202e\\x07 next  a\\x1bb, n, d, {"k": 1}'


def test_deeply_nested_cells_do_not_recurse():
    deep: list = ["x"]
    for _ in range(100_000):
        deep = [deep]
    assert cell(deep) == "x"
    value: dict = {}
    for _ in range(10_000):
        value = {"a": value}
    assert cell(value).startswith('{"a": {"a": ') and cell(value).endswith("...")


def test_json_output_is_always_json():
    text = json_text({"nan": float("nan"), "inf": [float("inf"), -float("inf")], "s": "\ud800x\udfff", "t": "日本"})
    assert text == '{"nan": null, "inf": [null, null], "s": "\\ud800x\\udfff", "t": "日本"}'
    text.encode("utf-8")  # encodes: no lone surrogate left
    assert json.loads(text)["s"] == "\ud800x\udfff"  # and reads back as the same string


def test_json_output_of_deep_values():
    deep: list = [float("nan")]
    for _ in range(500):
        deep = [deep]
    assert json.loads(json_text({"v": deep}, indent=2)) == {"v": json.loads("[" * 501 + "null" + "]" * 501)}
