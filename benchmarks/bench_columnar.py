"""Columnar playlists at catalog scale: the filter alone on Polars and DuckDB, and previews per engine, in one run.

For each size of ``--sizes`` (default 1,000,000 clips), the catalog of ``synthetic.iter_json_clips``
is written once to ``--data`` (default benchmarks/data/, git-ignored) as JSON lines,
``columnar-N.jsonl``, and converted with ``filterengine convert`` to ``columnar-N.parquet``
(the convert's time and peak memory are recorded beside it, ``columnar-N.parquet.json``,
and shown again when the files are reused). Then, for the three playlist shapes of
bench_predicate.py (W1, W2, W3), each measurement runs in its own subprocess (so its peak
memory, ``ru_maxrss``, is its own):

- filter alone, Polars: the columns the two expressions read are loaded from the Parquet
  file into a frame; ``frame.filter(expr).height`` for ``fe.to_polars`` and for a
  hand-written expression, interleaved round by round (goal: within 1.5x);
- filter alone, DuckDB: ``SELECT COUNT(*)`` over ``read_parquet`` of the file, with
  ``fe.to_sql``'s WHERE and with a hand-written one, interleaved (goal: within 1.5x);
- preview: ``fe.preview(cliplist, clips, engine=...)`` of a dynamic cliplist of the shape
  (sort ``publisheddate desc``, 15 items): python (records decoded from the JSON lines as
  they stream by), duckdb and polars from the JSON-lines file and from the Parquet file;
  a combination an engine refuses is shown as n/a with the reason.

Each measurement checks that ours and the hand-written twin select the same clips (exits 1
if not), and previews that every engine returns the python engine's page. Times are medians
over ``--rounds``; previews that read the JSON lines run once for catalogs of 1,000,000 clips or more.
Nothing here is asserted by the test suite.

    python benchmarks/bench_columnar.py [--sizes 1000000,10000000] [--rounds 3] [--data DIR]
    python benchmarks/bench_columnar.py --clips 2000 --rounds 1     # one small size
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_predicate import W1, W2, W3  # noqa: E402
from synthetic import CORPUS_NOW as NOW  # noqa: E402
from synthetic import iter_json_clips  # noqa: E402

SHAPES = {"W1": ("three equalities, one on a boolean", W1),
          "W2": ("isAnyOf, containsAnyOf OR contains, isInTheLast, isNot", W2),
          "W3": ("5 groups of 4: negations, dates, list and substring tests", W3)}
PREVIEWS = [("python", "jsonl"), ("duckdb", "jsonl"), ("polars", "jsonl"), ("duckdb", "parquet"), ("polars", "parquet")]
SORT = "publisheddate desc"


# -- the hand-written twins ------------------------------------------------------------------------


def hand_polars(shape: str) -> Any:
    import polars as pl

    col, el = pl.col, pl.element

    def f(e: Any) -> Any:
        return e.fill_null(False)

    def has(name: str, value: str) -> Any:
        return f(col(name).list.contains(value))

    def substr_any(name: str, *parts: str) -> Any:
        test = el().str.contains(parts[0], literal=True)
        for p in parts[1:]:
            test = test | el().str.contains(p, literal=True)
        return f(col(name).list.eval(test).list.any())

    title = col("title__fold")
    if shape == "W1":
        return f((col("mediatype") == "video") & (col("status") == "published") & col("transcodingFinished"))
    if shape == "W2":
        tags = col("tags").list.eval(el().is_in(["sport", "news"])).list.any()
        return (f(col("mediatype").is_in(["video", "audio"]))
                & (f(tags) | f(title.str.contains("final", literal=True)))
                & f(col("publisheddate").is_between(NOW - timedelta(days=30), NOW))
                & ~f(col("status") == "draft"))
    created, published = col("createddate"), col("publisheddate")
    return ((~f(col("mediatype").is_in(["video", "image"])) | (has("tags", "sport") & has("tags", "live"))
             | f(col("usetype") == "advertisement") | f(col("sourcetype").is_in(["live", "youtube"])))
            & (f(created >= _dt(2024, 9, 1)) | f(published <= _dt(2023, 1, 1)) | has("tags", "news")
               | has("tags", "breaking") | has("tags", "update") | f(title.str.contains("live", literal=True)))
            & (has("publication", "104") | (has("cat", "12") & has("cat", "7"))
               | ~substr_any("tags", "archive", "test", "internal") | ~f(col("status") == "published"))
            & (~substr_any("cat", "3", "5") | f(col("mediatype") == "image") | f(published >= _dt(2025, 3, 1))
               | f(col("transcodingFinished") == False))  # noqa: E712 (a Polars expression)
            & ((has("publication", "101") & has("publication", "105")) | has("publication", "102")
               | has("publication", "103") | ~f(col("sourcetype").is_in(["ftp", "api"]))
               | f(title.str.contains("news", literal=True))))


def _dt(y: int, m: int, d: int) -> Any:
    return NOW.replace(year=y, month=m, day=d)


HAND_SQL = {
    "W1": "mediatype = 'video' AND status = 'published' AND transcodingFinished",
    "W2": ("mediatype IN ('video', 'audio') AND (list_has_any(tags, ['sport', 'news']) OR contains(title__fold, 'final'))"
           " AND publisheddate BETWEEN TIMESTAMPTZ '2025-05-02 00:00:00+00' AND TIMESTAMPTZ '2025-06-01 00:00:00+00'"
           " AND NOT coalesce(status = 'draft', false)"),
    "W3": ("(coalesce(mediatype NOT IN ('video', 'image'), true) OR list_has_all(tags, ['sport', 'live'])"
           " OR usetype = 'advertisement' OR sourcetype IN ('live', 'youtube'))"
           " AND (createddate >= TIMESTAMPTZ '2024-09-01 00:00:00+00' OR publisheddate <= TIMESTAMPTZ '2023-01-01 00:00:00+00'"
           " OR list_has_any(tags, ['news', 'breaking', 'update']) OR contains(title__fold, 'live'))"
           " AND (list_contains(publication, '104') OR list_has_all(cat, ['12', '7'])"
           " OR NOT coalesce(len(list_filter(tags, lambda x: contains(x, 'archive') OR contains(x, 'test')"
           " OR contains(x, 'internal'))) > 0, false) OR coalesce(status <> 'published', true))"
           " AND (NOT coalesce(len(list_filter(cat, lambda x: contains(x, '3') OR contains(x, '5'))) > 0, false)"
           " OR mediatype = 'image' OR publisheddate >= TIMESTAMPTZ '2025-03-01 00:00:00+00' OR transcodingFinished = false)"
           " AND (list_has_all(publication, ['101', '105']) OR list_has_any(publication, ['102', '103'])"
           " OR coalesce(sourcetype NOT IN ('ftp', 'api'), true) OR contains(title__fold, 'news'))"),
}


# -- one measurement (run in a subprocess) ---------------------------------------------------------


def _interleaved(rounds: int, runs: dict[str, Any]) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            t0 = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def measure_filter_polars(parquet: Path, shape: str, rounds: int) -> dict[str, Any]:
    import polars as pl

    import filterengine as fe

    ours, hand = fe.to_polars(SHAPES[shape][1], now=NOW), hand_polars(shape)
    columns = sorted(set(ours.meta.root_names()) | set(hand.meta.root_names()) | {"_row"})
    start = time.perf_counter()
    frame = pl.read_parquet(parquet, columns=columns)
    loaded = time.perf_counter() - start
    got, want = frame.filter(ours)["_row"], frame.filter(hand)["_row"]
    if not got.equals(want):
        return {"error": f"fe.to_polars selects {got.len()} clips, the hand-written expression {want.len()}"}
    med = _interleaved(rounds, {"ours": lambda: frame.filter(ours).height, "hand": lambda: frame.filter(hand).height})
    return {"ours": med["ours"], "hand": med["hand"], "matches": got.len(), "load": loaded, "columns": len(columns)}


def measure_filter_duckdb(parquet: Path, shape: str, rounds: int) -> dict[str, Any]:
    import duckdb

    import filterengine as fe

    conn = duckdb.connect()
    conn.execute(f"CREATE VIEW clips AS SELECT * FROM read_parquet('{parquet}')")  # our own file name
    query = fe.to_sql(SHAPES[shape][1], now=NOW, dialect="duckdb")
    hand = f"SELECT COUNT(*) FROM clips WHERE {HAND_SQL[shape]}"
    ours_n = conn.execute(query.count_sql, query.count_params).fetchone()[0]
    hand_n = conn.execute(hand).fetchone()[0]
    if ours_n != hand_n:
        return {"error": f"fe.to_sql counts {ours_n} clips, the hand-written SQL {hand_n}"}
    med = _interleaved(rounds, {"ours": lambda: conn.execute(query.count_sql, query.count_params).fetchone(),
                                "hand": lambda: conn.execute(hand).fetchone()})
    return {"ours": med["ours"], "hand": med["hand"], "matches": ours_n}


def measure_preview(path: Path, shape: str, engine: str, rounds: int) -> dict[str, Any]:
    import filterengine as fe

    if "engine" not in fe.preview.__code__.co_varnames:
        return {"na": "engine preview not available"}
    cliplist = {"listtype": "dynamic", "filters": SHAPES[shape][1], "sort": SORT, "limit": 15}
    times, page = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        try:
            if engine == "python":
                with path.open(encoding="utf-8") as lines:
                    page = fe.preview(cliplist, (json.loads(line) for line in lines), now=NOW)
            else:
                page = fe.preview(cliplist, str(path), now=NOW, engine=engine)
        except fe.FilterEngineError as err:
            return {"na": f"{type(err).__name__}: {str(err).split(':')[0]}"}
        times.append(time.perf_counter() - t0)
    assert page is not None
    return {"seconds": statistics.median(times), "total": page.total, "ids": [c.get("id") for c in page.items]}


def run_measure(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if args.measure == "filter-polars":
        result = measure_filter_polars(path, args.shape, args.rounds)
    elif args.measure == "filter-duckdb":
        result = measure_filter_duckdb(path, args.shape, args.rounds)
    else:
        result = measure_preview(path, args.shape, args.engine, args.rounds)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    return 0


# -- the catalogs ------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def catalogs(n: int, data: Path) -> tuple[Path, Path, dict[str, Any]]:
    """The JSON-lines and Parquet catalogs of ``n`` clips, written once; and what the convert took."""
    data.mkdir(parents=True, exist_ok=True)
    jsonl, parquet = data / f"columnar-{n}.jsonl", data / f"columnar-{n}.parquet"
    if not jsonl.exists():
        t0 = time.perf_counter()
        partial = jsonl.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for clip in iter_json_clips(n):
                out.write(json.dumps(clip, ensure_ascii=False, separators=(",", ":")) + "\n")
        partial.replace(jsonl)
        print(f"wrote {n:,} clips to {jsonl} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    stats = parquet.with_name(parquet.name + ".json")
    if not parquet.exists() or not stats.exists():
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _CONVERT, str(jsonl), str(parquet)], env=_env(),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"filterengine convert failed: {proc.stderr}")
        recorded = {"seconds": time.perf_counter() - t0, **json.loads(proc.stdout)}
        stats.write_text(json.dumps(recorded))
        recorded["fresh"] = True
        return jsonl, parquet, recorded
    return jsonl, parquet, {**json.loads(stats.read_text()), "fresh": False}


#: ``filterengine convert`` in a child that reports its own peak memory.
_CONVERT = """
import json, resource, sys
from filterengine.cli import main
code = main(["convert", sys.argv[1], sys.argv[2]])
print(json.dumps({"maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
sys.exit(code)
"""


def child(measure: str, path: Path, shape: str, rounds: int, engine: str = "") -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", measure, "--path", str(path), "--shape", shape,
           "--rounds", str(rounds), "--engine", engine]
    proc = subprocess.run(cmd, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    found: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return found


# -- the table -----------------------------------------------------------------------------------------


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000", help="catalog sizes, comma-separated (default 1000000)")
    parser.add_argument("--clips", type=int, help="one catalog size (overrides --sizes)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shapes", default="W1,W2,W3")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="where the catalogs are kept (default benchmarks/data)")
    parser.add_argument("--measure", choices=("filter-polars", "filter-duckdb", "preview"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--shape", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        return run_measure(args)

    sizes = [args.clips] if args.clips else [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    print("| clips | shape | measurement | catalog | s (median) | clips/s | peak MB | ours/hand |")
    print("|---|---|---|---|---|---|---|---|")
    worst = {"polars": 0.0, "duckdb": 0.0}
    failed = False
    for n in sizes:
        jsonl, parquet, conv = catalogs(n, args.data)
        when = "" if conv["fresh"] else " (recorded when written)"
        print(f"| {n:,} | - | filterengine convert{when} | JSONL -> Parquet | {conv['seconds']:.1f} "
              f"| {_rate(n, conv['seconds'])} | {conv['maxrss_mb']:,.0f} | |")
        for shape in shapes:
            for engine, measure in (("polars", "filter-polars"), ("duckdb", "filter-duckdb")):
                found = child(measure, parquet, shape, args.rounds)
                if "error" in found:
                    print(f"| {n:,} | {shape} | filter, {engine}: ERROR {found['error']} | | | | | |")
                    failed = True
                    continue
                ratio = found["ours"] / found["hand"]
                worst[engine] = max(worst[engine], ratio)
                ours_name = "fe.to_polars" if engine == "polars" else "fe.to_sql"
                print(f"| {n:,} | {shape} | filter, {ours_name} ({found['matches']:,} match) | Parquet | {found['ours']:.3f} "
                      f"| {_rate(n, found['ours'])} | {found['maxrss_mb']:,.0f} | {ratio:.2f} |")
                print(f"| {n:,} | {shape} | filter, hand-written {engine} | Parquet | {found['hand']:.3f} "
                      f"| {_rate(n, found['hand'])} | | |")
            reference: dict[str, Any] | None = None
            for engine, source in PREVIEWS:
                path = jsonl if source == "jsonl" else parquet
                rounds = 1 if (engine == "python" or source == "jsonl") and n >= 1_000_000 else args.rounds
                found = child("preview", path, shape, rounds, engine)
                label = f"| {n:,} | {shape} | preview, engine={engine} | {'JSONL' if source == 'jsonl' else 'Parquet'} |"
                if "na" in found or "error" in found:
                    print(f"{label} n/a: {found.get('na') or found.get('error')} | | | |")
                    continue
                if reference is None:
                    reference = found
                elif (found["total"], found["ids"]) != (reference["total"], reference["ids"]):
                    print(f"{label} ERROR: a different page ({found['total']} matches) | | | |")
                    failed = True
                    continue
                print(f"{label} {found['seconds']:.2f} | {_rate(n, found['seconds'])} | {found['maxrss_mb']:,.0f} | |")
    print(f"worst median ratio, filter alone: fe.to_polars/hand-written {worst['polars']:.2f}, "
          f"fe.to_sql/hand-written (DuckDB) {worst['duckdb']:.2f} (goal: 1.5)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
