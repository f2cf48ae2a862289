"""Read one catalog in every layout the CLI accepts, and a gzip bomb: time and peak memory of each.

Every layout should cost about what JSON lines cost (linear time, memory that does not grow with
the input), and a bomb should be refused early. Prints, for each layout, the CPU seconds of reading
all records (best of ``--rounds``), the ratio to JSON lines measured in this run, and the peak of
Python allocations (tracemalloc, a separate read).

    python benchmarks/bench_catalog.py                 # 40,000 clips
    python benchmarks/bench_catalog.py --clips 2000    # a quick run
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filterengine.cli.catalog import open_catalog
from filterengine.errors import InputError
from synthetic import json_clips

MiB = 1 << 20


def layouts(clips: list[dict[str, Any]]) -> dict[str, bytes]:
    one_line = json.dumps(clips).encode()
    return {
        "JSON lines": "".join(json.dumps(c) + "\n" for c in clips).encode(),
        "one-line array (json.dump)": one_line,
        "pretty array (indent=2)": json.dumps(clips, indent=2).encode(),
        "pretty values (jq '.items[]')": "".join(json.dumps(c, indent=2) + "\n" for c in clips).encode(),
        "one-line {\"items\": [...]}": json.dumps({"items": clips}).encode(),
        "gzip one-line array": gzip.compress(one_line, 6),
    }


def bomb() -> bytes:
    """2 MiB of gzip that expands to one 2 GiB line: '[{"id": "aaaa...'."""
    return gzip.compress(b'[{"id": "') + gzip.compress(b"a" * MiB, 9) * 2048


def read(data: bytes) -> tuple[int, str]:
    """Records read, and the error that stopped the reading ('' if none)."""
    count = 0
    try:
        for _ in open_catalog(io.BytesIO(data), "catalog"):
            count += 1
    except InputError as err:
        return count, err.reason
    return count, ""


def cpu_seconds(data: bytes, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        read(data)
        best = min(best, time.process_time() - start)
    return best


def peak_bytes(data: bytes) -> int:
    tracemalloc.start()
    try:
        read(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=40_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    clips = json_clips(args.clips)
    inputs = layouts(clips)
    base = cpu_seconds(inputs["JSON lines"], args.rounds)
    print(f"\nreading {args.clips:,} clips (filterengine.cli.catalog), Python {sys.version.split()[0]}; "
          f"CPU seconds, best of {args.rounds}\n")
    header = f"{'layout':32} {'input':>10} {'records':>9} {'seconds':>8} {'/JSONL':>7} {'peak (tracemalloc)':>19}"
    print(header)
    print("-" * len(header))
    for name, data in inputs.items():
        count, error = read(data)
        assert not error and count == len(clips), (name, error)
        seconds = base if name == "JSON lines" else cpu_seconds(data, args.rounds)
        print(f"{name:32} {len(data) / MiB:8.1f}MB {count:9,} {seconds:8.3f} {seconds / base:6.2f}x "
              f"{peak_bytes(data) / MiB:17.2f}MB")
    data = bomb()
    start = time.process_time()
    count, error = read(data)
    seconds = time.process_time() - start
    print(f"\ngzip bomb: {len(data) / MiB:.1f} MB expanding to 2 GiB on one line: refused in {seconds:.3f} s, "
          f"peak {peak_bytes(data) / MiB:.1f} MB of Python allocations\n  ({error})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
