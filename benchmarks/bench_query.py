"""How long a ``q`` query takes to parse, and how its predicate runs.

Prints the time of ``fe.parse_query`` for one-word queries, each a different
word (as users call it: no two calls parse the same text), split into the parse
(text -> syntax tree) and the lowering (syntax tree -> IR). Then, for each typical
query, ``fe.parse_query`` in microseconds, split the same way, with its ratio to
the 100 us target, and the parse by each entry into Lark: the fast entry
(syntax/lark_fast.py, Lark's internals) and ``Lark.parse`` (the public API, used on
Lark versions the fast entry was not verified on). Then ``format_query`` and
``compile_query`` (parse + code generation); then, over synthetic clips, the cost
of a q predicate relative to the same test written as a filterset, and the
reference evaluator's ratio for scale. Every number is the best of several
interleaved runs in this one process; nothing is asserted.

    python benchmarks/bench_query.py [--repeat 7] [--number 2000] [--records 20000]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import filterengine as fe
from filterengine.query import lower_query
from filterengine.schema import PLATFORM_SCHEMA
from filterengine.syntax.query import parse_full, parse_query_syntax, selected_path
from synthetic import NOW, clips

TARGET_US = 100.0

TYPICAL = [
    "football",
    'title:"my fantastic new title"',
    "status:published AND NOT usetype:commercial",
    "publisheddate:[NOW-7DAYS TO NOW]",
    "cat:(news OR sport) -status:draft",
    "foot* roam~1 views:[100 TO *]",
    'title:"harbour dawn"~3^2 +publisheddate:[NOW-30DAYS/DAY TO NOW] -usetype:promo',
]

# q predicates next to the filterset that means the same thing.
EQUIVALENT: list[tuple[str, list[dict[str, Any]]]] = [
    ("status:published", [{"filters": [{"field": "status", "operator": "is", "value": "published"}]}]),
    ("cat:(news OR sport) AND -status:draft",
     [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news", "sport"]}]},
      {"filters": [{"field": "status", "operator": "isNot", "value": "draft"}]}]),
    ("views:[100 TO *] AND publisheddate:[NOW-7DAYS TO NOW]",
     [{"filters": [{"field": "views", "operator": "isGreaterThan", "value": 100}]},
      {"filters": [{"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYS"}]}]),
]
# q predicates with no filterset twin: text matching.
TEXTUAL = ["title:goal", 'title:"harbour dawn"~2', "title:harb*", "title:gaol~1", "football -status:draft"]


def best_us(fn: Callable[[], Any], number: int, repeat: int) -> float:
    """Best time per call in microseconds (fn runs `number` times per round)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number * 1e6


def best_pass(fn: Callable[[Any], bool], records: list[Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for r in records:
            fn(r)
        best = min(best, time.perf_counter() - start)
    return best


def best_each_us(fn: Callable[[Any], Any], inputs: list[Any], repeat: int) -> float:
    """Best time per call in microseconds, one call per input."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in inputs:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return best / len(inputs) * 1e6


def _us(value: float) -> str:
    return "- (not on this Lark)" if value == float("inf") else f"{value:.1f} us"


def distinct_words(n: int) -> list[str]:
    rng = random.Random(1)
    found: dict[str, None] = {}
    while len(found) < n:
        found["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))] = None
    return list(found)


def one_word_times(number: int, repeat: int) -> None:
    words = distinct_words(number)
    trees = [(parse_query_syntax(w), w) for w in words]
    total = syntax = fast = public = lowering = float("inf")
    for _ in range(repeat):
        total = min(total, best_each_us(fe.parse_query, words, 1))
        syntax = min(syntax, best_each_us(parse_query_syntax, words, 1))
        if selected_path() == "fast":
            fast = min(fast, best_each_us(lambda w: parse_full(w, "fast"), words, 1))
        public = min(public, best_each_us(lambda w: parse_full(w, "public"), words, 1))
        lowering = min(lowering, best_each_us(lambda tw: lower_query(tw[0], tw[1], PLATFORM_SCHEMA), trees, 1))
    print(f"one-word parse_query over {len(words)} different words (best of {repeat})")
    print(f"  parse_query {total:.1f} us = parse {syntax:.1f} us + lowering {lowering:.1f} us (+ the rest)")
    print(f"  the same words by the full parser: fast entry {_us(fast)}, Lark.parse {_us(public)}")
    print(f"  (the parse entry in use here is {selected_path()!r})\n")


def parse_times(number: int, repeat: int) -> None:
    print(f"parse_query per typical query (best of {repeat} x {number}; target < {TARGET_US:.0f} us)")
    print(f"  {'total us':>8} {'parse us':>8} {'lower us':>8} {'/target':>7} {'fast us':>8} {'public us':>9}  query")
    worst = 0.0
    has_fast = selected_path() == "fast"
    for q in TYPICAL:
        tree = parse_query_syntax(q)
        # interleave the measurements so that load on the machine hits all alike
        total = syntax = lowering = fast = public = float("inf")
        for _ in range(repeat):
            total = min(total, best_us(lambda: fe.parse_query(q), number, 1))
            syntax = min(syntax, best_us(lambda: parse_query_syntax(q), number, 1))
            lowering = min(lowering, best_us(lambda: lower_query(tree, q, PLATFORM_SCHEMA), number, 1))
            if has_fast:
                fast = min(fast, best_us(lambda: parse_full(q, "fast"), number, 1))
            public = min(public, best_us(lambda: parse_full(q, "public"), number, 1))
        worst = max(worst, total)
        print(f"  {total:8.1f} {syntax:8.1f} {lowering:8.1f} {total / TARGET_US:7.2f} {fast:8.1f} {public:9.1f}  {q}"
              .replace(" inf", "   -"))
    print(f"  worst parse time {worst:.1f} us = {worst / TARGET_US:.2f} of the target")
    node = fe.parse_query(TYPICAL[-1])
    fmt = best_us(lambda: fe.format_query(node), max(1, number // 10), repeat)
    comp = best_us(lambda: fe.compile_query(TYPICAL[-1], now=NOW), max(1, number // 10), repeat)
    print(f"  format_query {fmt:.1f} us, compile_query (parse + codegen) {comp:.1f} us, for the last query")


def predicate_ratios(n: int, repeat: int) -> None:
    records = list(clips(n))
    print(f"\npredicates over {n} synthetic clips (best of {repeat})")
    print(f"  {'q/filterset':>11} {'reference/q':>11}  query")
    for q, filters in EQUIVALENT:
        fast = fe.compile_query(q, now=NOW)
        twin = fe.compile_filters(filters, now=NOW)
        oracle = fe.compile_query(q, now=NOW, backend="reference")
        assert [fast(r) for r in records] == [twin(r) for r in records], q
        t_q, t_f, t_r = (best_pass(p, records, repeat) for p in (fast, twin, oracle))
        print(f"  {t_q / t_f:11.2f} {t_r / t_q:11.2f}  {q}")
    for q in TEXTUAL:
        fast = fe.compile_query(q, now=NOW)
        oracle = fe.compile_query(q, now=NOW, backend="reference")
        assert [fast(r) for r in records] == [oracle(r) for r in records], q
        t_q, t_r = best_pass(fast, records, repeat), best_pass(oracle, records, repeat)
        per = t_q / n * 1e6
        print(f"  {'-':>11} {t_r / t_q:11.2f}  {q}   ({per:.2f} us per clip)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--records", type=int, default=20000)
    args = parser.parse_args()
    one_word_times(args.number, args.repeat)
    parse_times(args.number, args.repeat)
    predicate_ratios(args.records, args.repeat)


if __name__ == "__main__":
    main()
