"""Catalog files the engines scan: which format a path holds, and the ``_record`` column of a Parquet catalog.

A path ending ``.parquet`` (or ``.pq``) is Parquet in the table layout; ``.jsonl`` /
``.ndjson`` are JSON lines; ``.json`` is a JSON array of clips, or an object whose
``"items"`` is that array (a search response, a clip-service ``Collection``); each
JSON form may be gzipped (``.gz`` after it). Other names are sniffed: Parquet's
magic bytes, gzip's, then the first character of the text (``[`` an array, ``{``
JSON lines).

A Parquet catalog written by :func:`write_parquet` keeps each record's own JSON in
a ``_record`` column, so a preview returns the records themselves; one without it
(``fe.to_frame(records).write_parquet(path)``) returns records rebuilt from the
layout's columns (:func:`rebuild`).

>>> catalog_format("clips.jsonl.gz"), catalog_format("clips.parquet")
(('jsonl', True), ('parquet', False))
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..errors import InputError
from ..layout.columns import RECORD, ROW, Layout
from ..layout.record import record_json
from ..playlist.preview import id_key
from ..runtime.values import get_key, scalar_text

__all__ = ["RECORD", "catalog_format", "is_path", "display", "write_parquet", "rebuild", "record_json", "fresh_records"]

_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


def is_path(clips: Any) -> bool:
    """Whether ``clips`` names a file (a ``str`` or an ``os.PathLike``) rather than holding records."""
    return isinstance(clips, (str, os.PathLike))


def display(path: Any) -> str:
    return os.fsdecode(os.fspath(path))


def catalog_format(path: Any) -> tuple[str, bool]:
    """``(format, gzipped)`` of a catalog file: ``"parquet"``, ``"jsonl"`` or ``"json"`` (an array or an envelope)."""
    name = display(path)
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    stem = lower[:-3] if gzipped else lower
    for suffix, kind in _SUFFIXES.items():
        if stem.endswith(suffix):
            if kind == "parquet" and gzipped:
                raise InputError(name, "a Parquet file compresses itself: gzip is not read around it")
            return kind, gzipped
    return _sniff(name)


def _sniff(name: str) -> tuple[str, bool]:
    try:
        with open(name, "rb") as raw:
            head = raw.read(4)
            if head == b"PAR1":
                return "parquet", False
        gzipped = head[:2] == b"\x1f\x8b"
        with (gzip.open(name, "rb") if gzipped else open(name, "rb")) as text:
            start = text.read(4096).lstrip(b" \t\r\n\xef\xbb\xbf")
    except OSError as err:
        raise InputError(name, f"cannot read: {err.strerror or err}") from None
    if start.startswith(b"["):
        return "json", gzipped
    if start.startswith(b"{") or not start:
        return "jsonl", gzipped
    raise InputError(name, "not a catalog: expected Parquet, JSON lines, a JSON array or an object with \"items\"")


def write_parquet(records: Iterable[Any], path: Any, schema: Any = None) -> int:
    """Write clip records as a Parquet catalog in the table layout, with their own JSON in ``_record``; returns the count.

    Entries that are not objects are not clips and are left out (as ``fe.preview`` skips them).
    Needs polars. The whole frame is built in memory: for big catalogs use
    ``filterengine convert``.

    >>> import filterengine as fe, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "clips.parquet")
    >>> write_parquet([{"id": "1", "views": "12"}, ["not a clip"]], path)
    1
    >>> fe.preview({"listtype": "dynamic"}, path, engine="polars").items
    [{'id': '1', 'views': '12'}]
    """
    from ..frames import write_parquet as write_frames

    return write_frames(records, path, schema).rows


def fresh_records(ids: Iterable[str], records: Iterable[Any]) -> dict[str, Any]:
    """The first record of ``records`` with each id (matched by :func:`~filterengine.playlist.preview.id_key`)."""
    wanted = set(ids)
    fresh: dict[str, Any] = {}
    for record in records:
        if isinstance(record, Mapping):
            key = id_key(get_key(record, "id"))
            if key in wanted and key not in fresh:
                fresh[key] = record
    return fresh


def rebuild(row: Mapping[str, Any], layout: Layout) -> dict[str, Any]:
    """A record from its row when the catalog keeps no ``_record``: the schema's fields that hold a value.

    Numbers that are integral become ints, instants ISO 8601 text in UTC; keys outside the
    schema (``_extra``) are not rebuilt. The values are the normalised ones, not the record's own.
    """
    out: dict[str, Any] = {}
    for column in layout.columns:
        if column.role != "value" or column.kind == "dynamic":
            continue
        value = row.get(column.name)
        if value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime):
            value = value.isoformat().replace("+00:00", "Z")
        elif isinstance(value, list):
            value = [v for v in value]
        out[column.field] = value
    if "id" in out:
        out["id"] = scalar_text(out["id"])
    out.pop(ROW, None)
    return out
