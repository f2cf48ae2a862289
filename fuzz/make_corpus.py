"""Write the seed corpora, ``fuzz/corpus/<target>/``, from the conformance and hostile corpora and the docs' examples.

``python fuzz/make_corpus.py`` replaces each seed directory with one file per distinct seed,
named by its SHA-1 as libFuzzer names the inputs it finds. Seeds are where mutation starts;
libFuzzer writes what it discovers to a working corpus (``fuzz/.work/``), never here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFORMANCE = ROOT / "tests" / "conformance"
HOSTILE = ROOT / "tests" / "hostile" / "cases"
#: Longer seeds are left out (the targets' -max_len is 8,192 bytes at most; fuzz/run.py).
MAX_SEED = 8192
DATE_OPERATORS = {"isinthelast", "isnotinthelast", "isbefore", "isafter", "issmallerthan", "isgreaterthan"}


def _groups() -> Iterator[dict[str, Any]]:
    """The conformance corpus's groups, and each hostile case as a group of its own (its large
    inputs expanded; a seed longer than libFuzzer's -max_len is cut there when read)."""
    for path in sorted(CONFORMANCE.glob("*.json")):
        yield from json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(HOSTILE.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            case = _expand(case)
            yield {"now": case.get("now", "2024-05-10T12:00:00Z"), "records": case["records"], "cases": [case]}


def _expand(value: Any) -> Any:
    """A hostile case with its generators expanded, as tests/hostile/evaluate.py does."""
    if isinstance(value, list):
        return [_expand(v) for v in value]
    if isinstance(value, dict):
        if "$repeat" in value:
            return _expand(value["$repeat"]) * value["times"]
        if "$names" in value:
            names = [f"{value['$names']}{i}" for i in range(value["count"])]
            return names[::-1] if value.get("reverse") else names
        if "$concat" in value:
            return "".join(_expand(v) for v in value["$concat"])
        return {k: _expand(v) for k, v in value.items()}
    return value


def _doc_examples(name: str) -> Iterator[dict[str, Any]]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    for block in re.findall(r"```json\n(.*?)```", text, flags=re.S):
        yield from json.loads(block)


def _walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, list):
        for v in value:
            yield from _walk(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)


def query_seeds() -> Iterator[str]:
    for group in _groups():
        for case in group["cases"]:
            if isinstance(case.get("q"), str):
                yield case["q"]
    for example in _doc_examples("query.md"):
        yield example["q"]
    for row in json.loads((ROOT / "tests" / "query" / "golden.json").read_text(encoding="utf-8")):
        yield from row[:2]


def time_seeds() -> Iterator[str]:
    sources = [case.get("filters") for group in _groups() for case in group["cases"]]
    sources += [example.get("filter", example.get("filters")) for example in _doc_examples("semantics.md")]
    for value in _walk(sources):
        if isinstance(value, dict) and str(value.get("operator", "")).lower() in DATE_OPERATORS:
            for v in _walk(value.get("value")):
                if isinstance(v, str):
                    yield v
    for q in query_seeds():  # range bounds: NOW-7DAYS/DAY, 2024-01-01T00:00:00Z+1MONTH, ...
        for bound in re.findall(r"[\[{]\s*(\S+)\s+TO\s+([^\]}\s]+)", q):
            yield from bound


def _small(records: list[Any]) -> list[Any]:
    return [r for r in records if len(json.dumps(r)) < 2000]


def filterset_seeds() -> Iterator[str]:
    for group in _groups():
        for case in group["cases"]:
            if "filters" in case:
                seed = {"filters": case["filters"], "now": group["now"], "records": _small(group["records"])[:6]}
                if "q" in case:
                    seed["q"] = case["q"]
                yield json.dumps(seed, ensure_ascii=False)
    for example in _doc_examples("semantics.md"):
        filters = example["filters"] if "filters" in example else [{"filters": [example["filter"]]}]
        seed = {"filters": filters, "records": [example["record"]] if "record" in example else []}
        yield json.dumps(seed, ensure_ascii=False)
    for path in sorted((ROOT / "examples" / "playlists").glob("*.json")):
        yield json.dumps({"filters": json.loads(path.read_text(encoding="utf-8")), "now": "2026-11-20T12:00:00Z"})


def catalog_seeds() -> Iterator[bytes]:
    lines = (ROOT / "examples" / "clips.jsonl").read_text(encoding="utf-8").splitlines()[:4]
    clips = [json.loads(line) for line in lines]
    collection = json.loads((ROOT / "examples" / "clip-service" / "clips.json").read_text(encoding="utf-8"))
    collection["items"] = collection["items"][:3]
    texts = [
        "\n".join(lines) + "\n",
        "\r\n".join(lines),
        "\ufeff" + "\n\n".join(lines),
        json.dumps(clips),
        json.dumps(clips, indent=2),
        json.dumps({"numfound": len(clips), "items": clips}),
        json.dumps(collection, indent=1),
        '{"id": 1}\n[2]\n"x"\n{"id": 3',
        '[{"id": 1}, 2, {"id": 3}',
        '{"items": 1}',
        "[]",
        "",
        '{"id": 1, "views": 1e999, "n": NaN}\n{"id": "\\ud800"}\n',
    ]
    for text in texts:
        yield text.encode("utf-8")
    for text in texts[:6]:
        yield gzip.compress(text.encode("utf-8"), mtime=0)


SEEDS = {"query": query_seeds, "timeexpr": time_seeds, "filterset": filterset_seeds, "catalog": catalog_seeds}


def write(target: str) -> int:
    folder = HERE / "corpus" / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seen = set()
    for seed in SEEDS[target]():
        data = seed if isinstance(seed, bytes) else seed.encode("utf-8", "surrogatepass")
        if len(data) > MAX_SEED:
            continue
        name = hashlib.sha1(data).hexdigest()
        if name not in seen:
            seen.add(name)
            (folder / name).write_bytes(data)
    return len(seen)


if __name__ == "__main__":
    for each in SEEDS:
        print(f"{each}: {write(each)} seeds")
