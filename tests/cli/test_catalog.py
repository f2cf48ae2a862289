"""Catalog reading in-process: format detection, streaming, line numbers, skipping."""

from __future__ import annotations

import gzip
import io
import json

import pytest

import filterengine as fe
from filterengine.cli import source as source_module
from filterengine.cli.catalog import open_catalog, read_json_document
from filterengine.cli.progress import with_progress
from filterengine.errors import InputError


def read(data: bytes | str, **kw):
    raw = data.encode() if isinstance(data, str) else data
    catalog = open_catalog(io.BytesIO(raw), "c", **kw)
    return catalog.format, list(catalog)


def error(data: bytes | str) -> str:
    with pytest.raises(InputError) as err:
        read(data)
    assert isinstance(err.value, fe.FilterEngineError)
    return str(err.value)


RECORDS = [{"id": str(i), "n": i * 1.5, "tags": ["a", "b"]} for i in range(50)]


@pytest.mark.parametrize(
    "data, kind",
    [
        ("\n".join(json.dumps(r) for r in RECORDS) + "\n", "jsonl"),
        ("\n".join(json.dumps(r) for r in RECORDS), "jsonl"),  # no final newline
        ("\r\n".join(json.dumps(r) for r in RECORDS) + "\r\n", "jsonl"),
        ("\ufeff" + "\n".join(json.dumps(r) for r in RECORDS), "jsonl"),  # a byte order mark
        (json.dumps(RECORDS), "array"),
        (json.dumps(RECORDS, indent=4), "array"),
        ("\n\n  " + json.dumps(RECORDS, separators=(",", ":")) + "\n\n", "array"),
        (json.dumps({"items": RECORDS}), "envelope"),
        (json.dumps({"numfound": 50, "items": RECORDS}, indent=2), "envelope"),
        (json.dumps({"@id": "/clips", "@type": "Collection", "items": RECORDS, "total_items": 50}), "envelope"),
    ],
)
def test_formats_are_detected_from_the_content(data, kind):
    assert read(data) == (kind, RECORDS)
    assert read(gzip.compress(data.encode())) == (kind, RECORDS)


def test_collection_keeps_its_envelope_keys():
    catalog = open_catalog(io.BytesIO(json.dumps({"@id": "/x", "items": []}).encode()), "c")
    assert catalog.envelope == {"@id": "/x"} and list(catalog) == []


@pytest.mark.parametrize("data", ["", "\n\n", "[]", " [ ] ", '{"items": []}'])
def test_empty_catalogs(data):
    assert read(data)[1] == []


def test_a_single_clip_on_one_line():
    assert read('{"id": "1"}') == ("jsonl", [{"id": "1"}])


def test_arrays_are_streamed_across_chunk_boundaries(monkeypatch):
    monkeypatch.setattr(source_module, "_CHUNK", 7)
    data = json.dumps([{"id": "x" * 30, "v": 1234567}, 12345678, {"id": "y"}], indent=1)
    with pytest.raises(InputError, match="line 6: /1: a clip must be a JSON object, not a number"):
        read(data)
    assert read(data, skip_bad=True)[1] == [{"id": "x" * 30, "v": 1234567}, {"id": "y"}]


def test_jsonl_is_streamed_not_read_whole():
    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            line = b'{"id": "1"}\n' * 100
            buffer[: len(line)] = line
            return len(line)

    catalog = open_catalog(Endless(), "endless")  # type: ignore[arg-type]
    first = [record for _, record in zip(range(1000), catalog)]
    assert len(first) == 1000 and first[-1] == {"id": "1"}


def test_array_with_a_broken_element_is_not_read_whole(monkeypatch):
    monkeypatch.setattr(source_module, "_CHUNK", 64)
    reads = []

    class Counting(io.BytesIO):
        def read(self, size=-1):
            data = super().read(size)
            reads.append(len(data))
            return data

    data = b'[{"id": 1,, }' + b', {"id": 2}' * 100_000 + b"]"
    with pytest.raises(InputError, match="line 1: /0: invalid JSON"):
        list(open_catalog(Counting(data), "c"))
    assert sum(reads) < 100_000


@pytest.mark.parametrize(
    "data, message",
    [
        ("id,title\n1,x\n", 'c: line 1: expected a JSON array, JSON lines, or an object with "items"'),
        ('[{"id": 1}', "c: line 1: the JSON array is not closed (missing ']')"),
        ('[{"id": 1} {"id": 2}]', "c: line 1: /1: invalid JSON: expected ',' or ']' after element 0, found '{'"),
        ('[{"id": 1}]\n[]', "c: line 2: unexpected content after the JSON array"),
        ('[\n{"id": 1},\n]', "c: line 3: /1: invalid JSON: Expecting value (column 1)"),
        ('{"id": 1}\n{"id": 2\n{"id": 3}', "c: line 2: invalid JSON: Expecting ',' delimiter (column 9)"),
        ('{"id": 1}\n\n"clip"\n', "c: line 3: a clip must be a JSON object, not a string"),
        ('{"items": [1,\n  2]}\n', "c: line 1: /items/0: a clip must be a JSON object, not a number"),
        ('{\n  "items": 3\n}', "c: line 1: /items: must be an array of clips, not a number"),
        ('{\n  "items": [,]\n}', "c: line 2: /items/0: invalid JSON: Expecting value (column 13)"),
        (b'{"id": "\xff"}\n', "c: line 1: not UTF-8 text: byte 0xff (invalid start byte) at column 9"),
        (b"\x1f\x8bnot really gzip", "c: corrupt gzip data (Unknown compression method)"),
        (gzip.compress(b'{"id": 1}\n' * 100)[:-12], "c: truncated gzip data"),
    ],
)
def test_errors_name_the_line_or_path(data, message):
    assert error(data).startswith(message)


def test_jsonl_with_a_broken_first_line():
    data = '{"id": 1,,}\n{"id": 2}\n{"id": 3}\n'
    assert error(data) == "c: line 1: invalid JSON: Expecting property name enclosed in double quotes (column 10)"
    skipped = []
    assert read(data, skip_bad=True, on_skip=skipped.append) == ("jsonl", [{"id": 2}, {"id": 3}])
    assert [e.line for e in skipped] == [1]


def test_skip_bad_counts_and_reports():
    skipped = []
    catalog = open_catalog(io.BytesIO(b'{"id": 1}\nnope\n[]\n{"id": 2}\n'), "c", True, skipped.append)
    assert list(catalog) == [{"id": 1}, {"id": 2}]
    assert catalog.skipped == 2 and [e.line for e in skipped] == [2, 3]


def test_playlist_documents():
    assert read_json_document(io.BytesIO(gzip.compress(b'{"title": "x"}')), "p") == {"title": "x"}
    with pytest.raises(InputError, match="p: empty file; expected a JSON object"):
        read_json_document(io.BytesIO(b"  \n"), "p")
    with pytest.raises(InputError, match="p: line 2: invalid JSON"):
        read_json_document(io.BytesIO(b'{"a": 1,\n}'), "p")


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal(monkeypatch):
    import filterengine.cli.progress as progress

    monkeypatch.setattr(progress, "_DELAY", 0.0)
    monkeypatch.setattr(progress, "_INTERVAL", 0.0)
    monkeypatch.setattr(progress, "_EVERY", 10)
    terminal, pipe = FakeTerminal(), io.StringIO()
    assert list(with_progress(range(25), terminal)) == list(range(25))
    assert list(with_progress(range(25), pipe)) == list(range(25))
    assert pipe.getvalue() == ""
    shown = terminal.getvalue()
    assert "\r  read 10 clips (" in shown and "/s)" in shown and shown.endswith("\r  read 25 clips\x1b[K\n")


@pytest.mark.parametrize("data,line", [
    ('{"id": 1}\n{"id": ' + "9" * 5000 + '}\n{"id": 3}\n', 2),
    ('[{"id": 1},\n {"id": ' + "9" * 5000 + "}]\n", 2),
    ('{"id": ' + "9" * 5000 + '}\n{"id": 3}\n', 1),
    ('{"items": [{"id": ' + "9" * 5000 + "}]}", 1),
], ids=["jsonl", "array", "first-line", "envelope"])
def test_an_integer_longer_than_python_reads_is_an_input_error_at_its_line(data, line):
    with pytest.raises(InputError, match="a number of more than 4,300 digits") as info:
        read(data)
    assert info.value.line == line


def test_a_long_integer_line_is_skipped_like_any_bad_line():
    skipped: list[InputError] = []
    catalog = open_catalog(io.BytesIO(('{"id": 1}\n{"id": ' + "9" * 5000 + '}\n{"id": 3}\n').encode()), "c",
                           skip_bad=True, on_skip=skipped.append)
    assert [c["id"] for c in catalog] == [1, 3] and [e.line for e in skipped] == [2]
    with pytest.raises(InputError, match="4,300 digits"):
        read_json_document(io.BytesIO(('{"limit": ' + "1" * 5000 + "}").encode()), "pl.json")


@pytest.mark.parametrize("data,line", [
    ('{"id": 1}\n{"id": ' + "[" * 100_000 + "]" * 100_000 + '}\n', 2),
    ('[{"id": 1},\n {"id": ' + "[" * 100_000 + "]" * 100_000 + "}]\n", 2),
    ('{"items": [' + "{\"a\": " * 100_000 + "1" + "}" * 100_000 + "]}", 1),
], ids=["jsonl", "array", "envelope"])
def test_values_nested_deeper_than_the_decoder_goes_are_input_errors(data, line):
    with pytest.raises(InputError, match="nested too deeply") as info:
        read(data)
    assert info.value.line == line


# -- streaming: every layout in a bounded window ---------------------------------------


def layouts(records: list) -> dict[str, str]:
    return {
        "one-line array": json.dumps(records),
        "pretty array": json.dumps(records, indent=2),
        "json lines": "".join(json.dumps(r) + "\n" for r in records),
        "pretty values": "".join(json.dumps(r, indent=2) + "\n" for r in records),  # jq '.items[]'
        "values on one line": " ".join(json.dumps(r) for r in records),
        "one-line envelope": json.dumps({"@id": "/x", "items": records, "total_items": len(records)}),
    }


@pytest.mark.parametrize("layout", list(layouts([])))
def test_every_layout_streams_across_tiny_chunks(layout, monkeypatch):
    monkeypatch.setattr(source_module, "_CHUNK", 7)
    text = layouts(RECORDS)[layout]
    kind = {"one-line array": "array", "pretty array": "array", "one-line envelope": "envelope"}.get(layout, "jsonl")
    assert read(text) == (kind, RECORDS)
    assert read(gzip.compress(text.encode())) == (kind, RECORDS)


class Endless(io.RawIOBase):
    """``head`` once, then ``body`` forever: an input that cannot be read whole."""

    def __init__(self, head: bytes, body: bytes):
        self.pending, self.body = head, body

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self.pending:
            self.pending = self.body * 100
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        return n


@pytest.mark.parametrize("head, body", [
    (b"[", b'{"id": "1"},'),  # a one-line array, never closed
    (b"", b'{\n  "id": "1"\n}\n'),  # pretty-printed values
    (b'{"@id": "/x", "items": [', b'{"id": "1"}, '),  # an envelope larger than a record may be
])
def test_one_line_inputs_are_streamed_in_a_bounded_window(head, body):
    catalog = open_catalog(Endless(head, body), "endless", limits=fe_limits(max_record=4096))  # type: ignore[arg-type]
    window = 0
    for count, record in enumerate(catalog, 1):
        assert record == {"id": "1"}
        window = max(window, len(catalog._src.text))
        if count == 50_000:
            break
    assert window < 4 * 65536  # a chunk or two, never the input


def fe_limits(**kw):
    return source_module.ReadLimits(**kw)


def test_a_large_envelope_streams_and_keeps_its_keys():
    records = [{"id": str(i), "title": "x" * 50} for i in range(200)]
    data = json.dumps({"@id": "/drafts/1", "numfound": 200, "items": records, "total_items": 200, "next": None})
    catalog = open_catalog(io.BytesIO(data.encode()), "c", limits=fe_limits(max_record=1000))
    assert catalog.format == "envelope" and catalog.envelope == {"@id": "/drafts/1", "numfound": 200}
    assert list(catalog) == records
    assert catalog.envelope == {"@id": "/drafts/1", "numfound": 200, "total_items": 200, "next": None}
    with pytest.raises(InputError, match=r'c: line 2: unexpected content after the \{"items": \[...\]\} object'):
        list(open_catalog(io.BytesIO(data.encode() + b"\n{}"), "c", limits=fe_limits(max_record=1000)))


def test_a_concatenated_pretty_stream_reports_the_real_line_and_resumes_at_the_next_value():
    good = json.dumps({"id": "1", "tags": ["a", "b"]}, indent=2)
    bad = '{\n  "id": "2",\n  "tags": ["a",, "b"]\n}'
    data = "\n".join([good, bad, good.replace('"1"', '"3"')]) + "\n"
    assert error(data) == "c: line 10: invalid JSON: Expecting value (column 16)"
    skipped: list[InputError] = []
    assert [r["id"] for r in read(data, skip_bad=True, on_skip=skipped.append)[1]] == ["1", "3"]
    assert [(e.line, e.column) for e in skipped] == [(10, 16)]


@pytest.mark.parametrize("layout", ["one-line array", "pretty array", "json lines", "pretty values", "one-line envelope"])
def test_skip_bad_skips_each_bad_record_anywhere(layout):
    text = layouts([{"id": "1"}, "BROKEN", {"id": "3"}, 42, {"id": "5"}])[layout]
    text = text.replace('"BROKEN"', '{"id": "2",, "x": [1, {"y": "]},"}]}')
    skipped: list[InputError] = []
    _, got = read(text, skip_bad=True, on_skip=skipped.append)
    assert [r["id"] for r in got] == ["1", "3", "5"]
    assert [e.reason.split(" (")[0] for e in skipped] == [
        "invalid JSON: Expecting property name enclosed in double quotes",
        "a clip must be a JSON object, not a number",
    ]
    with pytest.raises(InputError):
        read(text)


def test_bad_lines_at_the_very_start_are_skipped():
    data = 'id,title\n"just a string"\n{"id": "1"}\n'
    skipped: list[InputError] = []
    assert read(data, skip_bad=True, on_skip=skipped.append) == ("jsonl", [{"id": "1"}])
    assert [(e.line, e.reason) for e in skipped] == [
        (1, 'expected a JSON array, JSON lines, or an object with "items"'),
        (2, "a clip must be a JSON object, not a string"),
    ]


@pytest.mark.parametrize("layout", ["json lines", "pretty array", "one-line array"])
def test_a_bad_utf8_byte_names_its_line_and_column_and_only_its_record_is_skipped(layout):
    text = layouts([{"id": "1"}, {"id": "2", "title": "caf\u00e9"}, {"id": "3"}])[layout].replace("\\u00e9", "\u00e9")
    data = text.encode().replace("é".encode(), b"\xff")
    line = 1 + text[: text.index("caf")].count("\n")
    column = text.index("caf") - text.rfind("\n", 0, text.index("caf")) + 3
    with pytest.raises(InputError) as info:
        read(data)
    assert (info.value.line, info.value.column) == (line, column)
    assert info.value.reason == f"not UTF-8 text: byte 0xff (invalid start byte) at column {column}"
    assert [r["id"] for r in read(data, skip_bad=True)[1]] == ["1", "3"]


def test_bad_utf8_on_line_2_is_line_2():
    with pytest.raises(InputError, match=r"^c: line 2: not UTF-8 text: byte 0xe9 \(invalid continuation byte\) at column 9$"):
        read(b'{"id": "1"}\n{"id": "\xe9t\xe9"}\n')


@pytest.mark.parametrize("data, message", [
    ('[{"id": "1"}, {"id": "' + "x" * 2000 + '"}]', "c: line 1: /1: a record larger than 1 KiB (the limit; see --max-record-size)"),
    ('{"id": "1"}\n{"id": "' + "x" * 2000 + '"}\n', "c: line 2: a record larger than 1 KiB (the limit; see --max-record-size)"),
    ('{"id": "' + "x" * 2000 + '"}\n{"id": "1"}\n', "c: line 1: a record larger than 1 KiB (the limit; see --max-record-size)"),
    ("[" * 100_000, "c: line 1: /0: invalid JSON: values nested too deeply (column 2)"),
    ('{"id": ' + "9" * 5000 + "}",
     "c: line 1: invalid JSON: a number of more than 4,300 digits (column 1)"),
    ("\x00", 'c: line 1: expected a JSON array, JSON lines, or an object with "items"'),
])
def test_limits_and_hostile_values_are_input_errors(data, message):
    with pytest.raises(InputError) as info:
        read(data, limits=fe_limits(max_record=1024))
    assert str(info.value) == message


def test_a_record_too_large_is_skipped_with_skip_bad():
    big = {"id": "big", "title": "x" * 5000}
    for text in (json.dumps([{"id": "1"}, big, {"id": "2"}]), f'{{"id": "1"}}\n{json.dumps(big)}\n{{"id": "2"}}\n',
                 f'{json.dumps(big)}\n{{"id": "1"}}\n{{"id": "2"}}\n'):
        skipped: list[InputError] = []
        got = read(text, skip_bad=True, on_skip=skipped.append, limits=fe_limits(max_record=1024))[1]
        assert [r["id"] for r in got] == ["1", "2"] and len(skipped) == 1
        assert "larger than 1 KiB" in skipped[0].reason


def test_gzip_that_expands_too_much_is_refused():
    bomb = gzip.compress(b" " * 1_000_000 + b'{"id": "1"}')  # 1,000,000 bytes, from 1 KiB
    with pytest.raises(InputError, match=r"^c: gzip data expands more than 100 times .*a decompression bomb\? \(limit: --max-gzip-ratio\)$"):
        read(bomb, limits=fe_limits(gzip_floor=100_000))
    assert read(bomb, limits=fe_limits(gzip_floor=100_000, max_gzip_ratio=0))[1] == [{"id": "1"}]
    assert read(bomb)[1] == [{"id": "1"}]  # small inputs pass: the ratio counts past 1 MiB


def test_non_finite_numbers_are_read():
    records = read('{"id": "1", "v": NaN, "w": -Infinity}\n')[1]
    assert records[0]["w"] == float("-inf") and records[0]["v"] != records[0]["v"]


def test_input_errors_carry_the_column():
    with pytest.raises(InputError) as info:
        read('{"id": 1}\n{"id": 2,, }\n')
    assert info.value.to_dict()["line"] == 2 and info.value.to_dict()["column"] == 10


def test_playlist_documents_have_the_same_limits():
    with pytest.raises(InputError, match=r"^p: line 2: not UTF-8 text: byte 0xff"):
        read_json_document(io.BytesIO(b'{"title":\n "\xff"}'), "p")
    with pytest.raises(InputError, match=r"^p: line 1: a JSON document larger than 1 KiB"):
        read_json_document(io.BytesIO(json.dumps({"title": "x" * 2000}).encode()), "p", fe_limits(max_record=1024))
    with pytest.raises(InputError, match=r"^p: line 2: invalid JSON: Extra data \(column 1\)$"):
        read_json_document(io.BytesIO(b'{"title": "x"}\n{}'), "p")


@pytest.mark.parametrize("data, message", [
    ('[{"id": "1"}]\n, {"id": "2"}', "c: line 2: unexpected content after the JSON array"),
    ('{"items": [{"id": "1"}], "n": 1}\n, {"id": "2"}', 'c: line 2: unexpected content after the {"items": [...]} object'),
    ('[{"id": "1"} {"id": "2"}, {"id": "3"}]', "c: line 1: /1: invalid JSON: expected ',' or ']' after element 0, found '{'"),
])
def test_what_follows_an_array_is_checked(data, message):
    assert error(data) == message
    with pytest.raises(InputError):
        read(data, limits=fe_limits(max_record=10))  # the streamed envelope too


def test_skipping_resynchronises_after_stray_brackets():
    data = '[{"id": "1"}}, {"id": "2"}, nope}, {"id": "3"}, {"id": "4" ]]'
    skipped: list[InputError] = []
    assert [r["id"] for r in read(data, skip_bad=True, on_skip=skipped.append)[1]] == ["1", "2", "3"]
    assert [e.pointer for e in skipped] == ["/1", "/3", "/5"]
    assert read('[{"id": "1"}, ]', skip_bad=True)[1] == [{"id": "1"}]  # a trailing comma: one bad element
