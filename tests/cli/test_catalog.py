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
        ('{"items": [1,\n  2]}\n', "c: /items/0: a clip must be a JSON object, not a number"),
        ('{\n  "items": 3\n}', "c: line 1: /items: must be an array of clips, not a number"),
        ('{\n  "items": [,]\n}', "c: line 2: invalid JSON: Expecting value (column 13)"),
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
