"""The generic walker: children, transform (same object when nothing changes), walk, field_of."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from filterengine import ir
from filterengine.walk import NODE_TYPES, children, field_of, is_node, transform, walk

from .sexpr import field, parse

SRC = Path(__file__).resolve().parents[2] / "src" / "filterengine"


def test_children_of_every_node_type() -> None:
    tree = parse('(and (or (= a 1) (empty b)) (not (boost (all) 2.0)) (range views number (ge 1.0) *))')
    assert [type(n).__name__ for n in children(tree)] == ["Or", "Not", "Range"]
    assert children(parse("(not (all))")) == (ir.MatchAll(),)
    assert children(parse("(boost (all) 2.0)")) == (ir.MatchAll(),)
    for leaf in ("(all)", "(= a 1)", "(all-of a 1)", "(contains a 1)", "(empty a)", "(range a number * *)",
                 '(phrase title 0 "a")', '(wildcard a "x*")', '(fuzzy a "x" 1)'):
        assert children(parse(leaf)) == ()
    assert {t.__name__ for t in NODE_TYPES} == {
        "MatchAll", "And", "Or", "Not", "Equals", "ContainsAll", "Substring", "IsEmpty", "Range", "Phrase",
        "Wildcard", "Fuzzy", "Boost"}


def test_transform_keeps_untouched_subtrees_and_rebuilds_bottom_up() -> None:
    tree = parse("(and (or (= a 1) (empty b)) (not (boost (empty cat) 2.0)))")
    assert transform(tree, lambda n: n) is tree
    stripped = transform(tree, lambda n: n.child if isinstance(n, ir.Boost) else n)
    assert stripped == parse("(and (or (= a 1) (empty b)) (not (empty cat)))")
    assert children(stripped)[0] is children(tree)[0]  # the untouched Or is shared, not copied
    seen: list[str] = []
    transform(tree, lambda n: seen.append(type(n).__name__) or n)
    assert seen == ["Equals", "IsEmpty", "Or", "IsEmpty", "Boost", "Not", "And"]


def test_walk_and_field_of() -> None:
    tree = parse('(or (= a 1) (not (phrase title:text 0 "x")) (all))')
    assert [type(n).__name__ for n in walk(tree)] == ["Or", "Equals", "Not", "Phrase", "MatchAll"]
    assert [field_of(n) for n in walk(tree)] == [None, field("a"), None, field("title:text"), None]
    assert is_node(tree) and not is_node(field("a")) and not is_node((tree,))


def test_mypy_flags_a_node_type_the_walker_forgets(tmp_path: Path) -> None:
    # A copy of ir.py and walk.py in which children() no longer handles Fuzzy.
    package = tmp_path / "copy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "ir.py").write_text((SRC / "ir.py").read_text())
    source = (SRC / "walk.py").read_text()
    broken, count = re.subn(r"(def children.*?) \| Fuzzy\(\):", r"\1:", source, count=1, flags=re.S)
    assert count == 1
    (package / "walk.py").write_text(broken)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "copy"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Argument 1 to "assert_never" has incompatible type "Fuzzy"' in result.stdout, result.stdout
