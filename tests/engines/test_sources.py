"""The catalog sources on a sample: records in memory, JSON arrays, envelopes, gzip; and a sample of the conformance corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import filterengine as fe
from filterengine.engines.files import catalog_format, write_parquet

from .cases import CASES, REFUSED
from .test_preview_parity import same_page

SAMPLE = [c for c in CASES if c[0] in {
    "paging-offset", "paging-5000", "static-stored-order", "static-q", "envelope-draft-id", "envelope-complete-flag",
    "sort-numbers", "sort-text-folded", "sort-missing-last-desc", "sort-list-first-value", "sort-not-objects",
    "sort-stable-3-5-10", "sort-booleans",
}]


def _refused(case_id, engine):
    refused = REFUSED.get(case_id, {})
    return refused.get("*") or refused.get(engine)


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize("case", SAMPLE, ids=[c[0] for c in SAMPLE])
def test_records_in_memory(case, engine):
    case_id, cliplist, clips, options = case
    if _refused(case_id, engine):
        pytest.skip("refused on every source: asserted in test_preview_parity")
    same_page(fe.preview(cliplist, clips, engine=engine, **options), fe.preview(cliplist, clips, **options))


def _write(clips, shape, tmp_path):
    if shape == "array":
        path = tmp_path / "clips.json"
        path.write_text(json.dumps(clips, indent=1))
    elif shape == "envelope":
        path = tmp_path / "collection.json"
        path.write_text(json.dumps({"@id": "/clip/draft_info", "items": clips, "total_items": len(clips)}))
    elif shape == "gzip-array":
        path = tmp_path / "clips.json.gz"
        path.write_bytes(gzip.compress(json.dumps(clips).encode()))
    else:
        path = tmp_path / "clips.ndjson.gz"
        path.write_bytes(gzip.compress("".join(json.dumps(c) + "\n" for c in clips).encode()))
    return path


@pytest.mark.parametrize("shape", ["array", "envelope", "gzip-array", "gzip-lines"])
@pytest.mark.parametrize("case", SAMPLE[::3], ids=[c[0] for c in SAMPLE[::3]])
def test_json_shapes_on_duckdb(case, shape, tmp_path):
    case_id, cliplist, clips, options = case
    if _refused(case_id, "duckdb") or REFUSED.get(case_id, {}).get("json"):
        pytest.skip("refused: asserted in test_preview_parity")
    path = _write(clips, shape, tmp_path)
    same_page(fe.preview(cliplist, path, engine="duckdb", **options), fe.preview(cliplist, clips, **options))


@pytest.mark.parametrize("case", SAMPLE, ids=[c[0] for c in SAMPLE])
def test_gzipped_json_lines_on_polars(case, tmp_path):
    case_id, cliplist, clips, options = case
    if _refused(case_id, "polars") or REFUSED.get(case_id, {}).get("polars-json") or REFUSED.get(case_id, {}).get("json"):
        pytest.skip("refused: asserted in test_preview_parity")
    path = _write(clips, "gzip-lines", tmp_path)
    same_page(fe.preview(cliplist, path, engine="polars", **options), fe.preview(cliplist, clips, **options))


def test_formats_are_told_by_name_then_by_content(tmp_path):
    assert catalog_format("a.NDJSON") == ("jsonl", False) and catalog_format("a.json.gz") == ("json", True)
    sniffed = tmp_path / "export"
    write_parquet([{"id": "1"}], sniffed)
    assert catalog_format(sniffed) == ("parquet", False)
    sniffed.write_bytes(gzip.compress(b'[{"id": "1"}]'))
    assert catalog_format(sniffed) == ("json", True)
    with pytest.raises(fe.FilterEngineError, match="compresses itself"):
        catalog_format("clips.parquet.gz")


CORPUS = Path(__file__).resolve().parents[1] / "conformance"


def _corpus_sample(every=13):
    out = []
    for path in sorted(CORPUS.glob("filters_*.json")) + [CORPUS / "query.json", CORPUS / "values_rules.json"]:
        for g, group in enumerate(json.loads(path.read_text())):
            cases = [c for c in group["cases"] if "expected" in c and "default_operator" not in c]
            out.extend((f"{path.stem}-{g}-{i}", group, case) for i, case in enumerate(cases) if i % every == 0)
    return out


CORPUS_SAMPLE = _corpus_sample()


@pytest.mark.parametrize("engine, shape", [("duckdb", "jsonl"), ("polars", "parquet"), ("polars", "jsonl")])
def test_a_sample_of_the_conformance_corpus_previews_the_same_or_is_refused(engine, shape, tmp_path):
    written: dict[int, Path] = {}
    same = refused = 0
    for name, group, case in CORPUS_SAMPLE:
        if {"polars": "polars", "duckdb": "sql"}[engine] in case.get("skip", {}):
            continue  # a documented limit of the backend the engine runs (the corpus says why)
        cliplist = {"listtype": "dynamic", "filters": case.get("filters", [])}
        options = {"q": case.get("q"), "now": group["now"], "schema": group.get("schema")}
        try:
            expected = fe.preview(cliplist, group["records"], limit=1000, **options)
        except fe.FilterEngineError:
            continue  # the playlist itself is invalid (or a SearchRequest's shape): nothing to compare
        if id(group) not in written:
            path = written[id(group)] = tmp_path / f"g{len(written)}.{shape}"
            if shape == "parquet":
                write_parquet(group["records"], path, group.get("schema"))
            else:
                path.write_text("".join(json.dumps(r) + "\n" for r in group["records"]))
        try:
            got = fe.preview(cliplist, written[id(group)], limit=1000, engine=engine, **options)
        except (fe.UnsupportedError, fe.EngineRecordError):
            refused += 1
            continue
        assert (got.items, got.total) == (expected.items, expected.total), name
        same += 1
    print(f"{engine} from {shape}: {same} cases the same, {refused} refused")
    assert same > 0
