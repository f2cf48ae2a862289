"""Preview time per engine: python (JSON lines decoded in Python) vs DuckDB and Polars (JSON lines, Parquet).

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


def _parquet(jsonl: Path, clips: int, via: str) -> Path:
    """The catalog as Parquet in the table layout with ``_record``.

    ``via="python"``: :func:`write_parquet` (``fe.to_frame``: every column, the runtime's
    normalisation; minutes per million clips). ``via="duckdb"``: DuckDB's JSON view
    (:mod:`filterengine.engines.duckdb_json`) copied to Parquet, seconds per million clips,
    with the typed columns whose every value DuckDB reads as the runtime does; fields of no
    kind and ``_extra`` are left out (a playlist testing them is refused on that file).
    """
    path = DATA / f"engines-{clips}-{via}.parquet"
    if path.exists():
        return path
    start = time.perf_counter()
    partial = path.with_suffix(".partial")
    if via == "python":
        write_parquet(_lines(jsonl), partial)
    else:
        _duckdb_parquet(jsonl, partial)
    partial.replace(path)
    print(f"wrote {path.name} in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:,.0f} MB)")
    return path


def _duckdb_parquet(jsonl: Path, out: Path) -> None:
    import duckdb

    from filterengine.engines.duckdb_json import RECORD_TEXT, json_view
    from filterengine.layout.columns import ROW, Layout

    layout = Layout.of(fe.PLATFORM_SCHEMA)
    view = json_view(str(jsonl), "jsonl", False, layout)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"CREATE VIEW clips AS {view.sql}")
    checks = sorted({ok for oks in view.checks.values() for ok in oks})
    found = con.execute("SELECT " + ", ".join(f'count(*) FILTER (WHERE NOT "{ok}")' for ok in checks) + " FROM clips").fetchone()
    bad = {ok for ok, n in zip(checks, found or ()) if n}
    kept = [c.name for c in layout.columns
            if c.name in view.columns and c.kind != "dynamic" and not set(view.checks.get(c.name, ())) & bad]
    print(f"DuckDB-written Parquet: {len(kept)} typed columns; left out: {sorted(view.reasons[ok][0] for ok in bad)} "
          "(values DuckDB does not read as the runtime does), fields of no kind and _extra")
    columns = ", ".join(f'"{name}"' for name in kept)
    con.execute(f'COPY (SELECT "{RECORD_TEXT}" AS _record, {columns} FROM clips ORDER BY "{ROW}") '
                f"TO '{out}' (FORMAT parquet)")


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
    parser.add_argument("--parquet", choices=("python", "duckdb"), default="duckdb",
                        help="how the Parquet file is written (default duckdb: seconds, typed columns only)")
    args = parser.parse_args(argv)
    jsonl = DATA / f"clips-{args.clips}.jsonl"
    if not jsonl.exists():
        generate(args.clips, jsonl)
    parquet = _parquet(jsonl, args.clips, args.parquet)
    print(f"\n{args.clips:,} clips; best of {args.rounds}; clips/s (and speed-up over python)\n")
    print("| playlist | python JSONL | duckdb JSONL | polars JSONL | duckdb Parquet | polars Parquet |")
    print("|---|---|---|---|---|---|")
    for name in ("latest-news", "sport-highlights", "weekend-culture-picks"):
        playlist = json.loads((PLAYLISTS / f"{name}.json").read_text())
        base, expected = _best(lambda: fe.preview(playlist, _lines(jsonl), now=NOW), args.rounds)
        cells = [f"{args.clips / base:,.0f}"]
        for engine, path in (("duckdb", jsonl), ("polars", jsonl), ("duckdb", parquet), ("polars", parquet)):
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
