"""Every preview case of tests/playlist/ on DuckDB and Polars, from memory and from files: the same page as python."""

from __future__ import annotations

import gzip
import json

import pytest

import filterengine as fe
from filterengine.engines.files import write_parquet

from .cases import CASES, REFUSED

#: Every case runs from these; the other sources run on a sample (test_sources.py).
SOURCES = ["jsonl", "parquet"]


def write(clips, source, tmp_path, schema=None):
    """The clips as the source: the list itself, or a file of that format."""
    if source == "memory":
        return clips
    path = tmp_path / f"clips.{source}"
    if source == "parquet":
        write_parquet(clips, path, schema)
    elif source == "json":
        path.write_text(json.dumps(clips))
    else:
        text = "".join(json.dumps(c) + "\n" for c in clips)
        path.write_bytes(gzip.compress(text.encode()) if source.endswith(".gz") else text.encode())
    return path


def expected_refusal(case_id, engine, source):
    refused = REFUSED.get(case_id, {})
    for key in ("*", engine):
        if key in refused:
            return refused[key]
    if source.startswith("json"):
        if engine == "polars" and not source.startswith("jsonl"):
            return "UnsupportedError"  # Polars reads JSON lines, not a JSON array (docs/engines.md)
        return refused.get(f"{engine}-json") or refused.get("json")
    return None


def same_page(got, expected):
    assert (got.items, got.total, got.offset, got.limit) == (expected.items, expected.total, expected.offset, expected.limit)
    assert (str(got.sort), got.static) == (str(expected.sort), expected.static)
    assert got.to_sapi() == expected.to_sapi() and got.to_collection("/x") == expected.to_collection("/x")


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_engines_give_the_python_page(case, engine, source, tmp_path):
    case_id, cliplist, clips, options = case
    catalog = write(clips, source, tmp_path, options.get("schema"))
    refusal = expected_refusal(case_id, engine, source)
    if refusal is not None:
        with pytest.raises(getattr(fe, refusal)):
            fe.preview(cliplist, catalog, engine=engine, **options)
        return
    expected = fe.preview(cliplist, clips, **options)
    same_page(fe.preview(cliplist, catalog, engine=engine, **options), expected)
