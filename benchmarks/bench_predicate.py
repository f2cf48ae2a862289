"""Compiled predicate vs a hand-written Python function of the same filterset.

Prints, for each filterset, the cost ratio compiled/hand-written over the same
records in one process (target: <= 1.3x), the reference evaluator's ratio for
scale, and the compile time of a typical filterset (target: < 1 ms).

    python benchmarks/bench_predicate.py [--records 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

import filterengine as fe  # noqa: E402
from synthetic import NOW, clips  # noqa: E402

_fromiso = datetime.fromisoformat


def _date(value: Any) -> datetime | None:
    if value.__class__ is not str:
        return None
    try:
        d = _fromiso(value)
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


# --- the filtersets, each with the function an engineer would write by hand ---

LATEST_NEWS = [
    {"filters": [{"field": "status", "operator": "is", "value": "published"}]},
    {"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news", "politics"]}]},
    {"filters": [{"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYS"}]},
]
_NEWS = frozenset(["news", "politics"])
_CUTOFF = NOW - timedelta(days=7)


def latest_news_by_hand(r: dict[str, Any]) -> bool:
    if r.get("status") != "published":
        return False
    cats = r.get("cat")
    if not cats or _NEWS.isdisjoint(cats):
        return False
    d = _date(r.get("publisheddate"))
    return d is not None and _CUTOFF <= d <= NOW


SPORT_EXCLUSIONS = [
    {"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["sport", "football", "tennis"]}]},
    {"filters": [{"field": "usetype", "operator": "isNotAnyOf", "value": ["commercial", "promo"]}]},
    {"filters": [{"field": "title", "operator": "doesNotContain", "value": "vote"}]},
    {"filters": [
        {"field": "views", "operator": "isGreaterThan", "value": 1000},
        {"field": "mediatype", "operator": "is", "value": "live"},
    ]},
]
_SPORT = frozenset(["sport", "football", "tennis"])
_EXCLUDED_USE = frozenset(["commercial", "promo"])


def sport_by_hand(r: dict[str, Any]) -> bool:
    cats = r.get("cat")
    if not cats or _SPORT.isdisjoint(cats):
        return False
    if r.get("usetype") in _EXCLUDED_USE:
        return False
    title = r.get("title")
    if isinstance(title, str) and "vote" in title.lower():
        return False
    views = r.get("views")
    if isinstance(views, str):
        try:
            views = float(views)
        except ValueError:
            views = None
    if isinstance(views, (int, float)) and views >= 1000:
        return True
    return r.get("mediatype") == "live"


CASES: list[tuple[str, list[Any], Callable[[dict[str, Any]], bool]]] = [
    ("latest news (is, containsAnyOf, isInTheLast)", LATEST_NEWS, latest_news_by_hand),
    ("sport with exclusions (6 operators)", SPORT_EXCLUSIONS, sport_by_hand),
]


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    records = list(clips(args.records))
    print(f"{len(records):,} synthetic clips, best of {args.repeat} runs\n")
    worst = 0.0
    for name, filters, by_hand in CASES:
        compiled = fe.compile_filters(filters, now=NOW)
        reference = fe.compile_filters(filters, now=NOW, backend="reference")
        expected = [r["id"] for r in records if by_hand(r)]
        got = [r["id"] for r in compiled.filter(records)]
        assert got == expected, f"{name}: compiled and hand-written disagree"
        # Interleaved runs, best of each: the machine's noise hits both sides alike.
        t_hand = t_comp = float("inf")
        for _ in range(args.repeat):
            t_hand = min(t_hand, best_of(1, lambda: sum(1 for r in records if by_hand(r))))
            t_comp = min(t_comp, best_of(1, lambda: sum(1 for _ in compiled.filter(records))))
        t_ref = best_of(max(1, args.repeat // 2), lambda: sum(1 for _ in reference.filter(records)))
        ratio = t_comp / t_hand
        worst = max(worst, ratio)
        print(f"{name}")
        print(f"  matches             {len(expected):>10,}")
        print(f"  hand-written        {t_hand / len(records) * 1e9:>10.0f} ns/record")
        print(f"  compiled            {t_comp / len(records) * 1e9:>10.0f} ns/record   ratio {ratio:.2f}x (target <= 1.30x)")
        print(f"  reference           {t_ref / len(records) * 1e9:>10.0f} ns/record   ratio {t_ref / t_hand:.2f}x")
    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        fe.compile_filters(SPORT_EXCLUSIONS, now=NOW)
    per_compile = (time.perf_counter() - start) / n
    print(f"\ncompile a typical filterset: {per_compile * 1e3:.3f} ms (target < 1 ms)")
    print(f"worst compiled/hand-written ratio: {worst:.2f}x")


if __name__ == "__main__":
    main()
