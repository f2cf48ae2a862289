"""Golden files: ``golden/<pass>.txt`` holds before/after pairs for each pass (and ``optimize``).

A pair is two lines of IR text (see :mod:`tests.passes.sexpr`), pairs are separated
by blank lines, ``#`` starts a comment. After an intended change, rewrite the
"after" lines with ``python -m tests.passes.test_golden`` and review the diff.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from filterengine import passes
from filterengine.ir import Node

from .sexpr import parse, render

GOLDEN = Path(__file__).with_name("golden")
RULES: dict[str, Callable[[Node], Node]] = {rule.__name__: rule for rule in passes.PIPELINE}
RULES["optimize"] = passes.optimize


def pairs(path: Path) -> list[tuple[int, str, str]]:
    """``(line number, before, after)`` for each pair in ``path``."""
    out: list[tuple[int, str, str]] = []
    lines = [(n, line.strip()) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    block: list[tuple[int, str]] = []
    for n, line in lines + [(0, "")]:
        if line.startswith("#"):
            continue
        if line:
            block.append((n, line))
            continue
        if block:
            assert len(block) == 2, f"{path.name}:{block[0][0]}: a pair is two lines, got {len(block)}"
            out.append((block[0][0], block[0][1], block[1][1]))
            block = []
    return out


CASES = [(path.stem, n, before, after) for path in sorted(GOLDEN.glob("*.txt")) for n, before, after in pairs(path)]


def test_every_pass_has_a_golden_file_and_a_doctest() -> None:
    assert {path.stem for path in GOLDEN.glob("*.txt")} == set(RULES)
    for rule in passes.PIPELINE:
        module = inspect.getmodule(rule)
        assert module is not None and ">>> " in (module.__doc__ or "") + (rule.__doc__ or ""), rule


@pytest.mark.parametrize(("rule", "line", "before", "after"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_golden(rule: str, line: int, before: str, after: str) -> None:
    fn = RULES[rule]
    node = parse(before)
    result = fn(node)
    assert render(result) == render(parse(after))
    # Exactly that tree (repr tells 1 from 1.0 and True, which == does not).
    assert repr(result) == repr(parse(after))
    # Nothing to do: the very same object comes back.
    assert (result is node) == (render(node) == render(result))
    assert fn(result) is result


if __name__ == "__main__":  # rewrite the "after" line of every pair from the current passes
    for path in sorted(GOLDEN.glob("*.txt")):
        text = path.read_text(encoding="utf-8").splitlines()
        for n, before, _ in pairs(path):
            text[n] = render(RULES[path.stem](parse(before)))
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        print(f"rewrote {path}", file=sys.stderr)
