"""The filter alone on Polars: ``fe.to_polars`` vs a hand-written Polars expression, over the same frame, in one run.

For two playlist shapes of bench_predicate.py (W1, W2) over ``--clips`` synthetic clips
(``synthetic.json_clips``), this script builds the frame once with ``fe.to_frame`` (its time
reported separately), checks that ``fe.to_polars``'s expression and a hand-written one over the
same columns select the same rows (exits 1 if not), then times, in interleaved rounds,
``frame.filter(expr).height`` for both, and prints clips per second and the ratio
(median over rounds; goal: within 1.5x). Nothing here is asserted by the test suite.

    python benchmarks/bench_columnar.py [--clips 1000000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import filterengine as fe  # noqa: E402
from bench_predicate import W1, W2  # noqa: E402
from synthetic import CORPUS_NOW as NOW  # noqa: E402
from synthetic import json_clips  # noqa: E402


def hand_w1() -> pl.Expr:
    return ((pl.col("mediatype") == "video") & (pl.col("status") == "published")
            & pl.col("transcodingFinished")).fill_null(False)


def hand_w2() -> pl.Expr:
    tags = pl.col("tags").list.eval(pl.element().is_in(["sport", "news"])).list.any()
    title = pl.col("title__fold").str.contains("final", literal=True)
    date = pl.col("publisheddate")
    return ((pl.col("mediatype").is_in(["video", "audio"])).fill_null(False)
            & (tags.fill_null(False) | title.fill_null(False))
            & date.is_between(NOW - timedelta(days=30), NOW).fill_null(False)
            & ~(pl.col("status") == "draft").fill_null(False))


SHAPES = [("W1", "three equalities, one on a boolean", W1, hand_w1),
          ("W2", "isAnyOf, containsAnyOf OR contains, isInTheLast, isNot", W2, hand_w2)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    clips = json_clips(args.clips)
    start = time.perf_counter()
    frame = fe.to_frame(clips)
    built = time.perf_counter() - start
    print(f"to_frame: {args.clips} clips in {built:.1f} s ({args.clips / built:,.0f} clips/s)")
    del clips

    print("| workload | matches | fe.to_polars clips/s | hand-written clips/s | to_polars/hand |")
    print("|---|---|---|---|---|")
    worst = 0.0
    for label, what, playlist, hand in SHAPES:
        ours, theirs = fe.to_polars(playlist, now=NOW), hand()
        got, want = frame.filter(ours)["_row"], frame.filter(theirs)["_row"]
        if not got.equals(want):
            print(f"{label}: fe.to_polars selects {got.len()} rows, the hand-written expression {want.len()}")
            return 1
        times: dict[str, list[float]] = {"ours": [], "hand": []}
        for r in range(args.rounds):
            order = [("ours", ours), ("hand", theirs)]
            for name, expr in order if r % 2 == 0 else order[::-1]:
                t0 = time.perf_counter()
                frame.filter(expr).height  # noqa: B018
                times[name].append(time.perf_counter() - t0)
        ours_s, hand_s = statistics.median(times["ours"]), statistics.median(times["hand"])
        ratio = ours_s / hand_s
        worst = max(worst, ratio)
        print(f"| {label}: {what} | {got.len()} | {args.clips / ours_s:,.0f} | {args.clips / hand_s:,.0f} | {ratio:.2f} |")
    print(f"worst median to_polars/hand-written ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
