"""The catalog reader (``filterengine.cli.catalog``): bytes in, records or an ``InputError`` out.

Every input is read twice, stopping at the first bad record and skipping bad records, and the
playlist reader reads it as one document. Checks, besides "nothing but a FilterEngineError
escapes":

- every record read is a JSON object, and a skipped record is reported with an InputError;
- a catalog that is one JSON array (by ``json.loads``) yields exactly its objects, in order;
- JSON lines whose every line ``json.loads`` reads yield exactly those objects.
"""

from __future__ import annotations

import io
import json
from typing import Any

from filterengine.cli.catalog import open_catalog, read_json_document
from filterengine.errors import FilterEngineError, InputError

from .oracle import Finding, check_error, text_of


def _read(data: bytes, skip_bad: bool) -> list[Any] | None:
    skipped: list[InputError] = []
    try:
        catalog = open_catalog(io.BytesIO(data), "fuzz", skip_bad=skip_bad, on_skip=skipped.append)
        records = list(catalog)
    except FilterEngineError as err:
        check_error(err, source=text_of(data))
        if not isinstance(err, InputError):
            raise Finding(f"the catalog reader raised {type(err).__name__}, not InputError: {err}") from err
        return None
    for record in records:
        if type(record) is not dict:
            raise Finding(f"the catalog reader yielded {type(record).__name__}, not a JSON object")
    if len(skipped) != catalog.skipped or (skipped and not skip_bad):
        raise Finding(f"{catalog.skipped} records counted as skipped, {len(skipped)} reported")
    for error in skipped:
        check_error(error, source=text_of(data))
    return records


def _oracle(data: bytes) -> list[Any] | None:
    """What ``json`` itself reads from the bytes: an array's objects, or every line's object."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        value = None
    else:
        if isinstance(value, list) and text.lstrip(" \t\r\n").startswith("["):
            return [v for v in value if isinstance(v, dict)]
        return None
    records = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip(" \t\r\n"):
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(record, dict):
            return None
        records.append(record)
    return records if len(records) > 1 else None


def test_one_input(data: bytes) -> None:
    strict = _read(data, skip_bad=False)
    lenient = _read(data, skip_bad=True)
    if strict is not None and not _same(lenient, strict):
        raise Finding("skipping bad records changed a catalog that had none")
    expected = _oracle(data)
    if expected is not None and not _same(lenient, expected):
        raise Finding(f"the reader yields {_count(lenient)} records where json reads {len(expected)}")
    try:
        read_json_document(io.BytesIO(data), "fuzz")
    except FilterEngineError as err:
        check_error(err, source=text_of(data))


def _same(a: list[Any] | None, b: list[Any] | None) -> bool:
    """Equal, NaN included (``json`` reads ``NaN``; it is not equal to itself)."""
    return repr(a) == repr(b)


def _count(records: list[Any] | None) -> str:
    return "no" if records is None else str(len(records))
