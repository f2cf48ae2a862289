"""Playlists in SQL engines vs the compiled Python predicate, over the same synthetic clips, in one run.

For the three playlist shapes of bench_predicate.py (W1-W3), over ``--clips`` synthetic clips
(``synthetic.json_clips``, the predicate benchmark's), this script:

1. loads the clips into DuckDB (in memory), SQLite (in memory) and PostgreSQL (a throw-away local
   server, tests/backends/sql/postgres_server.py, or ``--postgres DSN``) with ``fe.sql.load``, and
   reports each load's time separately (normalising every value with the runtime rules included);
2. checks that each engine counts the same matches as ``pred.filter`` over the dicts (exits 1 if not);
3. times, in interleaved rounds, ``len(list(pred.filter(clips)))`` and each engine running the
   playlist's ``count_sql`` (a scan of the whole table), and prints clips per second side by side
   (median over rounds). Nothing here is asserted by the test suite.

    python benchmarks/bench_sql.py [--clips 1000000] [--rounds 3] [--engines duckdb sqlite postgres]
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "backends" / "sql"))

import filterengine as fe  # noqa: E402
from bench_predicate import W1, W2, W3  # noqa: E402
from synthetic import CORPUS_NOW as NOW  # noqa: E402
from synthetic import json_clips  # noqa: E402

SHAPES = [("W1", "three equalities, one on a JSON boolean", W1),
          ("W2", "isAnyOf, containsAnyOf OR contains, isInTheLast, isNot", W2),
          ("W3", "five filtersets of four filters", W3)]


def connect(name: str, dsn: str | None) -> tuple[Any, Callable[[], None]]:
    if name == "duckdb":
        import duckdb

        conn = duckdb.connect(":memory:")
        return conn, conn.close
    if name == "sqlite":
        conn = sqlite3.connect(":memory:")
        return conn, conn.close
    import psycopg

    if dsn:
        conn = psycopg.connect(dsn, autocommit=True)
        return conn, conn.close
    from postgres_server import PostgresServer

    server = PostgresServer().start()
    conn = server.connect(autocommit=True)

    def stop() -> None:
        conn.close()
        server.stop()

    return conn, stop


def scalar(conn: Any, sql: str, params: Any) -> int:
    cursor = conn.cursor()
    cursor.execute(sql, params)
    return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=1_000_000, help="synthetic clips (default 1000000)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds (default 3)")
    parser.add_argument("--engines", nargs="+", default=["duckdb", "sqlite", "postgres"],
                        choices=["duckdb", "sqlite", "postgres"])
    parser.add_argument("--postgres", metavar="DSN", help="an existing PostgreSQL (default: start a local one)")
    args = parser.parse_args()

    clips = json_clips(args.clips)
    print(f"{len(clips):,} synthetic clips; now {NOW.isoformat()}")
    engines: dict[str, Any] = {}
    stops = []
    try:
        for name in args.engines:
            conn, stop = connect(name, args.postgres)
            stops.append(stop)
            table = "bench_clips"
            if name == "postgres":
                conn.execute(f'DROP TABLE IF EXISTS "{table}"')
            start = time.perf_counter()
            fe.sql.create_table(conn, dialect=name, table=table)
            report = fe.sql.load(conn, clips, dialect=name, table=table)
            if name == "postgres":
                conn.execute(f'ANALYZE "{table}"')
            seconds = time.perf_counter() - start
            print(f"load {name}: {report.rows:,} clips in {seconds:.1f} s ({report.rows / seconds:,.0f} clips/s), "
                  f"{report.unreadable} unreadable values")
            engines[name] = (conn, table)

        header = f"{'playlist':<6} {'matches':>9} {'python':>14}" + "".join(f" {n:>14}" for n in engines)
        lines = [header, "-" * len(header)]
        for label, _title, filters in SHAPES:
            pred = fe.compile_filters(filters, now=NOW)
            want = len(list(pred.filter(clips)))
            queries = {n: fe.to_sql(filters, dialect=n, now=NOW, table=t) for n, (_, t) in engines.items()}
            for name, query in queries.items():
                got = scalar(engines[name][0], query.count_sql, query.count_params)
                if got != want:
                    sys.exit(f"{label}: {name} counts {got:,} matches, the predicate {want:,}")
            runs: dict[str, Callable[[], Any]] = {"python": lambda: len(list(pred.filter(clips)))}
            for name, query in queries.items():
                runs[name] = (lambda c=engines[name][0], q=query: scalar(c, q.count_sql, q.count_params))
            times: dict[str, list[float]] = {n: [] for n in runs}
            order = list(runs)
            for r in range(args.rounds):
                for name in order[r % len(order):] + order[:r % len(order)]:
                    gc.disable()
                    start = time.perf_counter()
                    runs[name]()
                    times[name].append(time.perf_counter() - start)
                    gc.enable()
            rate = {n: len(clips) / statistics.median(t) for n, t in times.items()}
            lines.append(f"{label:<6} {want:>9,} {rate['python']:>14,.0f}" + "".join(f" {rate[n]:>14,.0f}" for n in engines))
        print("\nclips per second (median of rounds; engines run the playlist's count_sql over the whole table):")
        print("\n".join(lines))
    finally:
        for stop in stops:
            stop()


if __name__ == "__main__":
    main()
