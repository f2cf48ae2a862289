"""Threads: 8 threads share predicates, the compile cache and the parsers, and answer as one thread does.

Every task below is run once in this thread for the expected answers; then the cache is emptied
and 8 threads, released together by a barrier, run every task many times, each thread in its
own order, while they evaluate shared predicates on both backends, compile (cache hits, misses
and evictions: one task empties the cache), parse and format queries, and run ``preview`` and
``explain``. Every answer must be the sequential one. A short switch interval makes the threads
change places often, mid-operation. Nothing here measures time.
"""

from __future__ import annotations

import json
import random
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import filterengine as fe
from filterengine import cache

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-20T12:00:00Z"
THREADS = 8
ROUNDS = 5

with (ROOT / "examples" / "clips.jsonl").open(encoding="utf-8") as _file:
    RECORDS: list[dict[str, Any]] = [json.loads(line) for _, line in zip(range(200), _file)]
PLAYLISTS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples" / "playlists").glob("*.json"))}
DYNAMIC = [name for name, doc in PLAYLISTS.items() if doc.get("listtype") == "dynamic"]
QUERIES = [
    'title:"storm closes"~2 -status:draft',
    "cat:(news OR sport) AND publisheddate:[NOW-7DAYS TO NOW]",
    "views:[100 TO *] foot* roam~1",
    "(harbour OR derby)^2 tags:goals",
    "title:harbour AND NOT cat:weather",
    "a AND AND b",
    "title:(goal OR",
    "createddate:{2026-07-01T00:00:00Z TO NOW/DAY]",
]

Task = Callable[[], Any]


def _ids(records: Any) -> list[Any]:
    return [r["id"] for r in records]


def _tasks() -> Iterator[Task]:
    # Shared predicates, compiled once, evaluated by every thread (call and .filter).
    shared = [fe.compile_filters(PLAYLISTS[name], now=NOW, backend=b) for name in DYNAMIC for b in ("python", "reference")]
    shared += [fe.compile_query(q, now=NOW, backend=b) for q in QUERIES[:5] for b in ("python", "reference")]
    for pred in shared:
        yield lambda pred=pred: [r["id"] for r in RECORDS if pred(r)]
        yield lambda pred=pred: _ids(pred.filter(RECORDS))
    # Compiling: the same input again (a cache hit once it is in), and new input (misses).
    for name in DYNAMIC:
        for b in ("python", "reference"):
            yield lambda name=name, b=b: _ids(fe.compile_filters(PLAYLISTS[name], now=NOW, backend=b).filter(RECORDS))
    for k in range(24):
        filters = [{"filters": [{"field": "views", "operator": "isGreaterThan", "value": 40 * k}]},
                   {"filters": [{"field": "title", "operator": "contains", "value": "abcdefghijklmnopqrstuvwxyz"[k]}]}]
        backend = ("python", "reference")[k % 2]
        yield lambda f=filters, b=backend: _ids(fe.compile_filters(f, now=NOW, backend=b).filter(RECORDS))
        yield lambda k=k: _ids(fe.compile_query(f"views:[{40 * k} TO *] -cat:news", now=NOW).filter(RECORDS))
    yield lambda: cache.clear()
    # Parsing and formatting queries, errors included.
    for q in QUERIES:
        yield lambda q=q: _parsed(q)
    # preview and explain, which compile, sort and walk the IR.
    for name in PLAYLISTS:
        yield lambda name=name: _page(fe.preview(PLAYLISTS[name], RECORDS, now=NOW, limit=25))
        yield lambda name=name: _page(fe.preview(PLAYLISTS[name], RECORDS, now=NOW, q="title:storm OR cat:sport",
                                                 sort="views desc, id", backend="reference"))
    for name in DYNAMIC:
        for record in RECORDS[:4]:
            yield lambda name=name, record=record: fe.explain(PLAYLISTS[name], record, now=NOW, q="-status:draft").to_dict()


def _parsed(q: str) -> Any:
    try:
        node = fe.parse_query(q)
    except fe.QuerySyntaxError as err:
        return ("error", err.position, err.reason)
    return (node, fe.format_query(node))


def _page(page: fe.Page) -> Any:
    return (page.total, [item.get("id") for item in page.items])


TASKS = list(_tasks())


@pytest.fixture
def often_switching() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def test_eight_threads_answer_as_one_does(often_switching: None) -> None:
    expected = [task() for task in TASKS]
    cache.clear()
    barrier = threading.Barrier(THREADS)
    failures: list[str] = []
    runs = [0] * THREADS

    def work(index: int) -> None:
        order = list(range(len(TASKS)))
        random.Random(index).shuffle(order)  # every task once per round, in an order of this thread's own
        barrier.wait()
        for round_ in range(ROUNDS):
            for i in range(len(TASKS)):
                t = order[(i + round_ * 7) % len(TASKS)]
                try:
                    got = TASKS[t]()
                except Exception as err:  # reported below, with the task, in the main thread
                    failures.append(f"thread {index}, task {t}: {type(err).__name__}: {err}")
                    continue
                if got != expected[t]:
                    failures.append(f"thread {index}, task {t}: {got!r:.300} != {expected[t]!r:.300}")
                runs[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, "\n".join(failures[:20])
    assert sum(runs) == THREADS * ROUNDS * len(TASKS)
