"""Compiled predicates vs hand-written Python functions, side by side in one process.

Over JSON-decoded synthetic clips (``synthetic.json_clips``: ISO date strings, a JSON boolean, lists
of tags, cats and publications, a few fields missing), for each workload:

1. checks that the compiled predicate (``pred(r)`` and ``pred.filter``) and the reference backend
   select the same ids as the hand-written twin; exits 1 with the differing ids otherwise;
2. times, interleaved round by round (the order rotates each round), ``[r for r in recs if hand(r)]``,
   ``[r for r in recs if pred(r)]`` and ``list(pred.filter(recs))``, and reports each call style's
   ratio to the hand-written loop of the same round (median and min over rounds) and ns/record;
   the reference backend's ratio is timed the same way on a 10,000-clip slice, with fewer rounds;
3. prints the compile time of a typical filterset (2,000 *different* ones, so a compile cache
   cannot hide the work) and of compiling an equal filterset again (a cache hit, if there is one);
4. prints a Markdown table for the README and the worst median ratio; ``--target X`` exits 1 when
   that ratio is above X.

The W1-W3 filtersets and the style of their twins come from the project's reference measurement,
/work/shared/bench/predicate_ratio.py. A twin is what a careful engineer writes for these record
shapes with filterengine's documented semantics: ``r.get``, ``datetime.fromisoformat`` on the date
strings inside the function, tuples and frozensets as constants. Garbage collection is off while a
loop is timed (as ``timeit`` does). The machine's noise hits every call style of a round alike; read
the median, and the min as the least disturbed round. Nothing here is asserted by the test suite.

    python benchmarks/bench_predicate.py [--records 100000] [--rounds 9] [--target 1.3]
"""

from __future__ import annotations

import argparse
import copy
import gc
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import filterengine as fe
from synthetic import CORPUS_NOW as NOW
from synthetic import json_clips

Record = dict[str, Any]
UTC = UTC
REFERENCE_SLICE = 10_000

_fromiso = datetime.fromisoformat


def _date(s: Any) -> datetime | None:
    return _fromiso(s) if s is not None else None


def F(field: str, operator: str, value: Any) -> dict[str, Any]:
    return {"type": "mediaclip", "field": field, "operator": operator, "value": value}


def groups(*filtersets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"filters": list(fs)} for fs in filtersets]


# --- W1: three equalities, one on a JSON boolean ---

W1 = groups([F("mediatype", "is", "video")], [F("status", "is", "published")],
            [F("transcodingFinished", "is", "true")])


def hand_w1(r: Record) -> bool:
    return r.get("mediatype") == "video" and r.get("status") == "published" and r.get("transcodingFinished") is True


# --- W2: a set, a list-or-text filterset, a relative date, a negation ---

W2 = groups([F("mediatype", "isAnyOf", ["video", "audio"])],
            [F("tags", "containsAnyOf", ["sport", "news"]), F("title", "contains", "final")],
            [F("publisheddate", "isInTheLast", "30DAYS")],
            [F("status", "isNot", "draft")])
W2_LO = NOW - timedelta(days=30)


def hand_w2(r: Record) -> bool:
    if r.get("mediatype") not in ("video", "audio"):
        return False
    t = r.get("tags") or ()
    title = r.get("title")
    if not ("sport" in t or "news" in t or (title is not None and "final" in title.lower())):
        return False
    d = _date(r.get("publisheddate"))
    if d is None or not (W2_LO <= d <= NOW):
        return False
    return r.get("status") != "draft"


# --- W3: five filtersets of four filters ---

W3 = groups(
    [F("mediatype", "isNotAnyOf", ["video", "image"]), F("tags", "containsAllOf", ["sport", "live"]),
     F("usetype", "is", "advertisement"), F("sourcetype", "isAnyOf", ["live", "youtube"])],
    [F("createddate", "isAfter", "2024-09-01"), F("publisheddate", "isBefore", "2023-01-01"),
     F("tags", "containsAnyOf", ["news", "breaking", "update"]), F("title", "contains", "live")],
    [F("publication", "containsAnyOf", ["104"]), F("cat", "containsAllOf", ["12", "7"]),
     F("tags", "doesNotContainAnyOf", ["archive", "test", "internal"]), F("status", "isNot", "published")],
    [F("cat", "doesNotContainAnyOf", ["3", "5"]), F("mediatype", "is", "image"),
     F("publisheddate", "isAfter", "2025-03-01"), F("transcodingFinished", "is", "false")],
    [F("publication", "containsAllOf", ["101", "105"]), F("publication", "containsAnyOf", ["102", "103"]),
     F("sourcetype", "isNotAnyOf", ["ftp", "api"]), F("title", "contains", "news")])
C1 = datetime(2024, 9, 1, tzinfo=UTC)
P1 = datetime(2023, 1, 1, tzinfo=UTC)
P2 = datetime(2025, 3, 1, tzinfo=UTC)


def hand_w3(r: Record) -> bool:
    get = r.get
    t = get("tags") or ()
    title = (get("title") or "").lower()
    if not (get("mediatype") not in ("video", "image") or ("sport" in t and "live" in t)
            or get("usetype") == "advertisement" or get("sourcetype") in ("live", "youtube")):
        return False
    c = _date(get("createddate"))
    p = _date(get("publisheddate"))
    if not ((c is not None and c >= C1) or (p is not None and p <= P1)
            or "news" in t or "breaking" in t or "update" in t or "live" in title):
        return False
    pub = get("publication") or ()
    cat = get("cat") or ()
    # doesNotContainAnyOf is a substring test on each element, negated.
    if not ("104" in pub or ("12" in cat and "7" in cat)
            or not any("archive" in x or "test" in x or "internal" in x for x in t)
            or get("status") != "published"):
        return False
    if not (not any("3" in x or "5" in x for x in cat) or get("mediatype") == "image"
            or (p is not None and p >= P2) or get("transcodingFinished") is False):
        return False
    return (("101" in pub and "105" in pub) or "102" in pub or "103" in pub
            or get("sourcetype") not in ("ftp", "api") or "news" in title)


# --- latest news: is, containsAnyOf, isInTheLast ---

LATEST_NEWS = groups([F("status", "is", "published")],
                     [F("cat", "containsAnyOf", ["news", "politics"])],
                     [F("publisheddate", "isInTheLast", "7DAYS")])
_NEWS = frozenset(["news", "politics"])
_NEWS_LO = NOW - timedelta(days=7)


def hand_latest_news(r: Record) -> bool:
    if r.get("status") != "published":
        return False
    if _NEWS.isdisjoint(r.get("cat") or ()):
        return False
    d = _date(r.get("publisheddate"))
    return d is not None and _NEWS_LO <= d <= NOW


# --- sport with exclusions: containsAnyOf, isNotAnyOf, doesNotContain, isGreaterThan OR is ---

SPORT_EXCLUSIONS = groups([F("cat", "containsAnyOf", ["sport", "football", "tennis"])],
                          [F("usetype", "isNotAnyOf", ["commercial", "promo"])],
                          [F("title", "doesNotContain", "vote")],
                          [F("views", "isGreaterThan", 1000), F("mediatype", "is", "live")])
_SPORT = frozenset(["sport", "football", "tennis"])
_EXCLUDED_USE = frozenset(["commercial", "promo"])


def hand_sport(r: Record) -> bool:
    if _SPORT.isdisjoint(r.get("cat") or ()):
        return False
    if r.get("usetype") in _EXCLUDED_USE:
        return False
    title = r.get("title")
    if title is not None and "vote" in title.lower():
        return False
    views = r.get("views")  # a JSON number or a numeric string
    if views is not None and float(views) >= 1000:
        return True
    return r.get("mediatype") == "live"


class Workload(NamedTuple):
    label: str
    title: str
    filters: list[dict[str, Any]]
    hand: Callable[[Record], bool]


WORKLOADS = [
    Workload("W1", "three equalities, one on a JSON boolean", W1, hand_w1),
    Workload("W2", "isAnyOf, containsAnyOf OR contains, isInTheLast, isNot", W2, hand_w2),
    Workload("W3", "five filtersets of four filters", W3, hand_w3),
    Workload("latest news", "is, containsAnyOf, isInTheLast", LATEST_NEWS, hand_latest_news),
    Workload("sport", "sport with exclusions, 5 operators", SPORT_EXCLUSIONS, hand_sport),
]


# --- timing ---

def _loop(fn: Callable[[Record], bool]) -> Callable[[list[Record]], Any]:
    def run(recs: list[Record]) -> Any:
        return [r for r in recs if fn(r)]
    return run


def _filter(pred: Any) -> Callable[[list[Record]], Any]:
    def run(recs: list[Record]) -> Any:
        return list(pred.filter(recs))
    return run


def _time(run: Callable[[list[Record]], Any], recs: list[Record]) -> int:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        run(recs)
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def interleaved(runs: dict[str, Callable[[list[Record]], Any]], recs: list[Record], rounds: int) -> dict[str, list[int]]:
    """ns per run of each entry, one of each per round, the order rotating from round to round."""
    names = list(runs)
    times: dict[str, list[int]] = {name: [] for name in names}
    for i in range(rounds):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            times[name].append(_time(runs[name], recs))
    return times


class Ratio(NamedTuple):
    median: float
    min: float
    ns_per_record: float


def ratio(times: dict[str, list[int]], name: str, n: int) -> Ratio:
    per_round = [t / h for t, h in zip(times[name], times["hand"])]
    return Ratio(statistics.median(per_round), min(per_round), statistics.median(times[name]) / n)


def ids(recs: Any) -> list[str]:
    return [r["id"] for r in recs]


def disagreement(label: str, style: str, got: list[str], want: list[str]) -> str | None:
    if got == want:
        return None
    extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    return (f"{label}: {style} selects {len(got):,} clips, the hand-written twin {len(want):,}; "
            f"only {style}: {extra[:5]}, only hand-written: {missing[:5]}"
            + ("" if extra or missing else " (same ids, different order)"))


# --- compile time ---

def compile_times(count: int) -> tuple[float, float]:
    """Mean seconds per compile of `count` different W2-like filtersets (a value varies), and per
    compile of an equal copy of one already compiled (what a compile cache would answer)."""
    different = [groups([F("mediatype", "isAnyOf", ["video", "audio"])],
                        [F("tags", "containsAnyOf", ["sport", "news"]), F("title", "contains", f"final {i}")],
                        [F("publisheddate", "isInTheLast", "30DAYS")],
                        [F("status", "isNot", "draft")]) for i in range(count)]
    equal = [copy.deepcopy(W2) for _ in range(count)]
    fe.compile_filters(W2, now=NOW)
    start = time.perf_counter()
    for filters in different:
        fe.compile_filters(filters, now=NOW)
    miss = (time.perf_counter() - start) / count
    start = time.perf_counter()
    for filters in equal:
        fe.compile_filters(filters, now=NOW)
    hit = (time.perf_counter() - start) / count
    return miss, hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="synthetic clips (default 100000)")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved timing rounds (default 9)")
    parser.add_argument("--target", type=float, default=None,
                        help="exit 1 if the worst median compiled/hand-written ratio is above this")
    parser.add_argument("--compiles", type=int, default=2000, help="compiles timed per measure (default 2000)")
    args = parser.parse_args()
    if args.records < 1 or args.rounds < 1 or args.compiles < 1:
        parser.error("--records, --rounds and --compiles must be at least 1")

    recs = json_clips(args.records)
    head = recs[:REFERENCE_SLICE]
    ref_rounds = max(1, args.rounds // 3)
    print(f"{len(recs):,} JSON-decoded synthetic clips, now={NOW:%Y-%m-%dT%H:%M:%SZ}, {args.rounds} interleaved "
          f"rounds; reference backend on {len(head):,} clips, {ref_rounds} round(s)\n")

    compiled = [(w, fe.compile_filters(w.filters, now=NOW), fe.compile_filters(w.filters, now=NOW, backend="reference"))
                for w in WORKLOADS]
    problems = []
    for w, pred, ref in compiled:
        want = ids(_loop(w.hand)(recs))
        found = [disagreement(w.label, "pred(r)", ids(_loop(pred)(recs)), want),
                 disagreement(w.label, "pred.filter", ids(pred.filter(recs)), want),
                 disagreement(w.label, "the reference backend", ids(_loop(ref)(head)), ids(_loop(w.hand)(head)))]
        found = [f for f in found if f]
        problems += found
        if not found:
            print(f"{w.label}: compiled and hand-written agree: {len(want):,} of {len(recs):,} clips match")
    if problems:
        print("\nDISAGREE: a compiled predicate and its hand-written twin select different clips", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)

    rows = []
    for w, pred, ref in compiled:
        times = interleaved({"hand": _loop(w.hand), "pred": _loop(pred), "filter": _filter(pred)}, recs, args.rounds)
        call, stream = ratio(times, "pred", len(recs)), ratio(times, "filter", len(recs))
        hand_ns = statistics.median(times["hand"]) / len(recs)
        ref_times = interleaved({"hand": _loop(w.hand), "ref": _loop(ref)}, head, ref_rounds)
        scale = ratio(ref_times, "ref", len(head))
        rows.append((w, call, stream))
        print(f"\n{w.label}: {w.title}")
        print(f"  hand-written  [r for r in recs if hand(r)]   {hand_ns:7.0f} ns/record")
        print(f"  compiled      [r for r in recs if pred(r)]   {call.ns_per_record:7.0f} ns/record"
              f"   {call.median:.2f}x (min {call.min:.2f}x)")
        print(f"  compiled      list(pred.filter(recs))        {stream.ns_per_record:7.0f} ns/record"
              f"   {stream.median:.2f}x (min {stream.min:.2f}x)")
        print(f"  reference     backend='reference'            {scale.ns_per_record:7.0f} ns/record"
              f"   {scale.median:.2f}x")

    miss, hit = compile_times(args.compiles)
    print(f"\ncompile a typical filterset (W2, {args.compiles:,} different ones): {miss * 1e3:.3f} ms")
    print(f"compile an equal filterset again (cache hit, if any):        {hit * 1e3:.3f} ms")

    print("\n| workload | pred(r)/hand | .filter/hand |")
    print("|---|---|---|")
    for w, call, stream in rows:
        print(f"| {w.label}: {w.title} | {call.median:.2f}x | {stream.median:.2f}x |")
    worst_ratio, worst_where = max((r.median, f"{w.label}, {style}")
                                   for w, call, stream in rows for r, style in ((call, "pred(r)"), (stream, ".filter")))
    target = "" if args.target is None else f" (target <= {args.target:.2f}x)"
    print(f"\nworst median compiled/hand-written ratio: {worst_ratio:.2f}x ({worst_where}){target}")
    if args.target is not None and worst_ratio > args.target:
        print(f"above target {args.target:.2f}x", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
