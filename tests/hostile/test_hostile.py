"""The hostile corpus (``cases/*.json``, one file per family): every case on its modes, in a separate
process, with a timeout.

A case is ``{"description", "q" and/or "filters" (or a whole "cliplist"), "now"?, "sort"?, "limit"?,
"offset"?, "schema"?, "limits"?, "key"?, "records", "modes"?, "expected": [ids] | "error": class name}``;
large inputs, and values JSON cannot carry into Python as they are, are written with the generators of
:func:`evaluate.expand`. Records are named by their ``key`` field (default ``id``); ``limits`` are the
arguments of :class:`filterengine.Limits`. ``modes`` defaults to python, reference and explain; ``preview`` runs
:func:`filterengine.preview` (sorting included) and answers the page's ids in order. The bound is
generous (a loaded 2-core machine); what it catches is the exponential or quadratic blow-up, which
takes tens of seconds. Nothing else here measures speed.

One child process (``evaluate.py``) answers the cases in turn and is replaced after a late answer.
``python tests/hostile/test_hostile.py [--timeout S]`` prints the time of every case on every mode.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = [
    case for path in sorted((HERE / "cases").glob("*.json")) for case in json.loads(path.read_text(encoding="utf-8"))
]
MODES = ("python", "reference", "explain")
ALL_MODES = (*MODES, "preview")
#: Seconds for compiling and evaluating one case (import time excluded).
BOUND = 2.0


class Child:
    """An ``evaluate.py`` process: :meth:`ask` answers one case on one mode, or None when late."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        if self.process is None:
            self.process = subprocess.Popen([sys.executable, str(HERE / "evaluate.py")], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True)
            assert self.process.stdout is not None
            assert self.process.stdout.readline().strip() == "ready"
        return self.process

    def ask(self, case: dict[str, Any], mode: str, timeout: float) -> tuple[dict[str, Any] | None, float]:
        process = self.start()
        assert process.stdin is not None and process.stdout is not None
        start = time.perf_counter()
        process.stdin.write(json.dumps({"case": case, "mode": mode}) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            self.stop()
            return None, time.perf_counter() - start
        line = process.stdout.readline()
        seconds = time.perf_counter() - start
        if not line:  # the child died: show why in the assertion
            self.stop()
            return {"crashed": process.returncode}, seconds
        answer: dict[str, Any] = json.loads(line)
        return answer, seconds

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                if pipe is not None:
                    pipe.close()
            self.process = None


@pytest.fixture(scope="module")
def child() -> Iterator[Child]:
    c = Child()
    yield c
    c.stop()


RUNS = [(case, mode) for case in CASES for mode in case.get("modes", MODES)]


@pytest.mark.parametrize(("case", "mode"), RUNS, ids=[f"{c['description']}-{m}" for c, m in RUNS])
def test_hostile_case(case: dict[str, Any], mode: str, child: Child) -> None:
    answer, seconds = child.ask(case, mode, BOUND)
    assert answer is not None, f"no answer within {BOUND} s"
    expected = {"error": case["error"]} if "error" in case else {"ids": case["expected"]}
    assert answer == expected


def test_corpus_shape() -> None:
    for case in CASES:
        keys = {"description", "q", "filters", "cliplist", "now", "sort", "limit", "offset", "schema", "limits", "key",
                "records", "modes", "expected", "error"}
        assert set(case) <= keys, case
        assert ("q" in case or "filters" in case or "cliplist" in case) and ("expected" in case) != ("error" in case), case
        assert set(case.get("modes", MODES)) <= set(ALL_MODES), case
    descriptions = [c["description"] for c in CASES]
    assert len(set(descriptions)) == len(descriptions)


if __name__ == "__main__":
    limit = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 30.0
    runner = Child()
    for each in CASES:
        for how in each.get("modes", MODES):
            got, took = runner.ask(each, how, limit)
            shown = f">{limit:.0f} s (timeout)" if got is None else f"{took:.3f} s {got}"
            print(f"{each['description'][:60]:60}  {how:9}  {shown}", flush=True)
    runner.stop()
