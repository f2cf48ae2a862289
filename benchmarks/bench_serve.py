"""Requests per second and latency of ``GET /sapi/cliplist/{id}`` of a smart list, served by ``filterengine serve``.

For each database (SQLite in a file, a throw-away PostgreSQL on loopback started as the tests do,
tests/backends/sql/postgres_server.py) and each catalog size, the script loads synthetic clips
(benchmarks/synthetic.py) into the database, starts ``filterengine serve`` on it in its own process,
stores one smart list (four filtersets, a relative date, sorted by publisheddate, 15 clips) and a
static list of the same 15 clips (no scan: the cost of HTTP and the store alone), and then sends
``--requests`` GETs of each from ``--concurrency`` clients on loopback (httpx over asyncio, in this
process). It prints requests per second and the 50th and 99th percentile latency. SQLite
databases are kept in benchmarks/data/ (git-ignored) and reused; PostgreSQL is loaded on every run.

    python benchmarks/bench_serve.py                       # 100,000 and 1,000,000 clips, both databases
    python benchmarks/bench_serve.py --sizes 100000 --databases sqlite --requests 500

Every answer is checked (status 200, the same 15 clips each time); no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "backends" / "sql"))

import httpx  # noqa: E402

from filterengine.serve import Store  # noqa: E402
from synthetic import clips  # noqa: E402

SMART = {
    "title": "Recent sport, video or live",
    "listtype": "dynamic",
    "sort": "publisheddate desc",
    "limit": 15,
    "filters": [
        {"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["sport", "football"]}]},
        {"filters": [{"field": "status", "operator": "is", "value": "published"}]},
        {"filters": [{"field": "mediatype", "operator": "isAnyOf", "value": ["video", "live"]}]},
        {"filters": [{"field": "publisheddate", "operator": "isInTheLast", "value": "365DAYS"}]},
    ],
}


def load(url: str, size: int) -> float:
    """Migrate ``url`` and load ``size`` synthetic clips into it; the seconds it took."""
    started = time.perf_counter()
    store = Store.open(url)
    try:
        store.migrate()
        store.load_clips(clips(size))
    finally:
        store.close()
    return time.perf_counter() - started


def sqlite_database(folder: Path, size: int) -> tuple[str, float | None]:
    """A SQLite file of ``size`` clips, made once (under a temporary name, renamed when whole)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"serve-sqlite-{size}.db"
    if path.exists():
        return f"sqlite:///{path}", None
    partial = path.with_suffix(".partial")
    for leftover in folder.glob(partial.name + "*"):
        leftover.unlink()
    seconds = load(f"sqlite:///{partial}", size)
    for suffix in ("-wal", "-shm"):  # closed cleanly: the WAL is checkpointed into the file
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return f"sqlite:///{path}", seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "filterengine", "serve", "--database", url, "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise SystemExit(f"filterengine serve exited with status {process.returncode}")
        try:
            httpx.get(base + "/openapi.json", timeout=5)
            return process, base
        except httpx.TransportError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.2)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def hammer(base: str, path: str, requests: int, concurrency: int, expected: list[str]) -> tuple[float, list[float]]:
    """``requests`` GETs of ``path`` from ``concurrency`` clients; the wall time and each latency (seconds)."""
    latencies: list[float] = []
    left = requests
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or [c["id"] for c in response.json()["items"]] != expected:
                    raise SystemExit(f"unexpected answer: {response.status_code} {response.text[:200]}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(database: str, url: str, size: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """One server on ``url``: the smart list and a static list of 15 clips, at each concurrency."""
    process, base = start_server(url)
    rows = []
    try:
        smart = httpx.put(base + "/sapi/cliplist", json=SMART, timeout=120).json()
        first = httpx.get(f"{base}/sapi/cliplist/{smart['id']}", timeout=600).json()["items"]
        static = httpx.put(base + "/sapi/cliplist", timeout=120, json={
            "title": "Picks", "listtype": "static", "items": [{"id": c["id"]} for c in first]}).json()
        for kind, stored in (("smart", smart), ("static", static)):
            path = f"/sapi/cliplist/{stored['id']}"
            expected = [c["id"] for c in first]
            for concurrency in args.concurrency:
                asyncio.run(hammer(base, path, args.warmup, concurrency, expected))
                seconds, latencies = asyncio.run(hammer(base, path, args.requests, concurrency, expected))
                rows.append({"database": database, "clips": size, "list": kind, "concurrency": concurrency,
                             "requests": len(latencies), "rps": len(latencies) / seconds,
                             "p50": percentile(latencies, 0.50) * 1000, "p99": percentile(latencies, 0.99) * 1000})
                print(f"{database} {size:,} clips, {kind} list, {concurrency} clients: {rows[-1]['rps']:,.1f} requests/s",
                      flush=True)
            httpx.delete(base + path, timeout=120)
    finally:
        stop_server(process)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="catalog sizes")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=2_000, help="measured requests per run (default 2,000)")
    parser.add_argument("--warmup", type=int, default=100, help="requests sent first, not measured (default 100)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16], help="clients at once, each value a run (default 1 16)")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data", help="where SQLite databases are kept")
    args = parser.parse_args()

    results = []
    for database in args.databases:
        for size in args.sizes:
            if database == "sqlite":
                url, seconds = sqlite_database(args.data_dir, size)
                if seconds is not None:
                    print(f"sqlite: loaded {size:,} clips in {seconds:.0f} s", flush=True)
                results += run(database, url, size, args)
            else:
                from postgres_server import PostgresServer

                server = PostgresServer().start()
                try:
                    url = f"postgresql://postgres@127.0.0.1:{server.port}/postgres"
                    seconds = load(url, size)
                    print(f"postgres: loaded {size:,} clips in {seconds:.0f} s", flush=True)
                    results += run(database, url, size, args)
                finally:
                    server.stop()

    print("\nGET /sapi/cliplist/{id}: a smart list (4 filtersets, sort publisheddate desc, 15 clips) and a static list "
          f"of the same 15 clips; clients on loopback, {args.requests:,} requests after {args.warmup} warm-up\n")
    print("| database | clips | list | clients | requests/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['database']} | {r['clips']:,} | {r['list']} | {r['concurrency']} | {r['rps']:,.1f} | {r['p50']:.1f} | {r['p99']:.1f} |")


if __name__ == "__main__":
    main()
