"""Preview time per engine: python (JSON lines decoded in Python) vs DuckDB (JSON lines, Parquet) vs Polars (Parquet).

Generates the catalog once into benchmarks/data/ (git-ignored): N platform-like clips
as JSON lines (gen_catalog.py) and as Parquet in the table layout with ``_record``
(:func:`filterengine.engines.files.write_parquet`). Each example playlist is previewed
on each engine; the pages are compared with python's (a refusal is printed as such),
and clips/s printed side by side. Nothing is asserted about time.

    python benchmarks/bench_engines.py                  # 1,000,000 clips
    python benchmarks/bench_engines.py --clips 20000 --rounds 1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import filterengine as fe  # noqa: E402
from filterengine.engines.files import write_parquet  # noqa: E402
from gen_catalog import DATA, generate  # noqa: E402

PLAYLISTS = HERE.parent / "examples" / "playlists"
NOW = "2026-11-20T12:00:00Z"


def _lines(path: Path) -> Iterator[Any]:
    with path.open(encoding="utf-8") as text:
        for line in text:
            if line.strip():
                yield json.loads(line)


def _parquet(jsonl: Path, clips: int) -> Path:
    path = DATA / f"engines-{clips}.parquet"
    if not path.exists():
        start = time.perf_counter()
        partial = path.with_suffix(".partial")
        write_parquet(_lines(jsonl), partial)
        partial.replace(path)
        print(f"wrote {path.name} in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:,.0f} MB)")
    return path


def _best(run: Any, rounds: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2, help="best of N (default 2)")
    args = parser.parse_args(argv)
    jsonl = DATA / f"clips-{args.clips}.jsonl"
    if not jsonl.exists():
        generate(args.clips, jsonl)
    parquet = _parquet(jsonl, args.clips)
    print(f"\n{args.clips:,} clips; best of {args.rounds}; clips/s (and speed-up over python)\n")
    print("| playlist | python JSONL | duckdb JSONL | duckdb Parquet | polars Parquet |")
    print("|---|---|---|---|---|")
    for name in ("latest-news", "sport-highlights", "weekend-culture-picks"):
        playlist = json.loads((PLAYLISTS / f"{name}.json").read_text())
        base, expected = _best(lambda: fe.preview(playlist, _lines(jsonl), now=NOW), args.rounds)
        cells = [f"{args.clips / base:,.0f}"]
        for engine, path in (("duckdb", jsonl), ("duckdb", parquet), ("polars", parquet)):
            try:
                took, page = _best(lambda: fe.preview(playlist, path, now=NOW, engine=engine), args.rounds)
            except (fe.UnsupportedError, fe.EngineRecordError) as err:
                cells.append(f"refused ({err.code})")
                continue
            same = (page.items, page.total) == (expected.items, expected.total)
            cells.append(f"{args.clips / took:,.0f} ({base / took:.1f}x){'' if same else ' DIFFERENT PAGE'}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
