"""How fast hostile inputs are turned down, and what they cost with the limits raised.

    .venv/bin/python benchmarks/bench_limits.py            # --scale 0.1 for a quicker run

Prints, for each input of issue 9 ("No limits"), the time until ``LimitExceededError`` with the
default ``fe.Limits()`` and the length of its message; then, with the limit raised so the input is
accepted, the compile time and the time per call. The last column compares a call on a list of
N values with a call on one value (range lists collapse to their outermost bound: about 1x).
Times are one run on this machine; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import filterengine as fe

RECORD = {"publisheddate": "2020-01-01T00:00:00Z", "views": 5, "status": "x"}


def timed(call: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    start = time.perf_counter()
    result: Any = None
    for _ in range(repeat):
        try:
            result = call()
        except fe.FilterEngineError as err:
            result = err
    return (time.perf_counter() - start) / repeat, result


def one_filter(field: str, operator: str, value: Any) -> list[dict[str, Any]]:
    return [{"filters": [{"field": field, "operator": operator, "value": value}]}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every input size by this")
    n = parser.parse_args().scale

    def size(count: int) -> int:
        return max(1, int(count * n))

    fe.compile_query("warm:up")
    # Each input is made before the clock starts: only filterengine's work is timed.
    q_long, q_clauses = "a " * size(295_000), "status:x " * size(100_000)
    many_filters = [{"filters": [{"field": "status", "operator": "is", "value": f"v{i}"} for i in range(size(100_000))]}]
    range_values = one_filter("views", "isGreaterThan", list(range(size(1_000_000))))
    reaches = one_filter("publisheddate", "isInTheLast", [f"{i + 1}DAYS" for i in range(size(100_000))])
    long_reach = one_filter("publisheddate", "isInTheLast", "1MINUTE " * size(62_500))
    inputs: list[tuple[str, Callable[[fe.Limits], Any], fe.Limits]] = [
        (f"q of {len(q_long):,} characters", lambda lim: fe.compile_query(q_long, limits=lim),
         fe.Limits(query_length=10**7, clauses=10**6)),
        (f"q of {size(100_000):,} clauses", lambda lim: fe.compile_query(q_clauses, limits=lim),
         fe.Limits(query_length=10**7, clauses=10**6)),
        (f"{size(100_000):,} filters", lambda lim: fe.compile_filters(many_filters, limits=lim), fe.Limits(clauses=10**6)),
        (f"{size(1_000_000):,} range values", lambda lim: fe.compile_filters(range_values, limits=lim),
         fe.Limits(values=10**7)),
        (f"isInTheLast with {size(100_000):,} values", lambda lim: fe.compile_filters(reaches, limits=lim),
         fe.Limits(values=10**7)),
        (f"time expression of {size(500_000):,} characters", lambda lim: fe.compile_filters(long_reach, limits=lim),
         fe.Limits(time_expression=10**7)),
    ]
    print(f"{'input':42} {'turned down':>12} {'message':>8} {'compile (raised)':>17} {'per call':>10}")
    for label, build, raised in inputs:
        refused, err = timed(lambda: build(fe.Limits()))
        message = len(str(err)) if isinstance(err, fe.FilterEngineError) else 0
        compiled, pred = timed(lambda: build(raised))
        per_call = timed(lambda: pred(RECORD), 20)[0] if callable(pred) else float("nan")
        print(f"{label:42} {refused * 1000:9.3f} ms {message:8d} {compiled:15.3f} s {per_call * 1e6:7.1f} us")
    many = fe.compile_filters(one_filter("publisheddate", "isInTheLast", [f"{i + 1}DAYS" for i in range(size(10_000))]))
    one = fe.compile_filters(one_filter("publisheddate", "isInTheLast", f"{size(10_000)}DAYS"))
    ratios = sorted(timed(lambda: many(RECORD), 500)[0] / timed(lambda: one(RECORD), 500)[0] for _ in range(9))
    print(f"isInTheLast, now=None: a call on {size(10_000):,} values / a call on one value: {ratios[4]:.2f}x"
          " (median of 9 interleaved rounds)")


if __name__ == "__main__":
    main()
