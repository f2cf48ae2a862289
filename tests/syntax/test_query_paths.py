"""Every way into the q parser gives the same tree or the same error.

Three entries (see :mod:`filterengine.syntax.query`): the shortcut for ``word`` and
``name:word``, the fast entry of :mod:`filterengine.syntax.lark_fast` (Lark's
internals, on verified Lark versions) and ``Lark.parse`` (public API only). The
fast entry and ``Lark.parse`` run over every ``q`` of the conformance corpus and
over generated text; the shortcut is compared with the full parser over
generated simple queries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lark
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lark.exceptions import LarkError, UnexpectedCharacters

import filterengine as fe
from filterengine.query import lower_query
from filterengine.schema import PLATFORM_SCHEMA
from filterengine.syntax import query as syntax
from filterengine.syntax.lark_fast import VERIFIED_LARK, fast_entry
from filterengine.syntax.query import FAST_ENV, MAX_NESTING, parse_full, parse_query_syntax

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "conformance"
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

HAS_FAST = lark.__version__ in VERIFIED_LARK
needs_fast = pytest.mark.skipif(not HAS_FAST, reason=f"no fast entry on Lark {lark.__version__}")


def _q_strings(value: Any) -> Iterator[str]:
    """Every string under a key named "q", at any depth (the corpus layout may change)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "q" and isinstance(item, str):
                yield item
            else:
                yield from _q_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _q_strings(item)


def corpus_queries() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(CORPUS.glob("*.json")):
        for q in _q_strings(json.loads(path.read_text(encoding="utf-8"))):
            found[q] = None
    return list(found)


def outcome(parse: Any, text: str) -> object:
    """The tree and its IR, or everything an error shows."""
    try:
        tree = parse(text)
    except fe.QuerySyntaxError as err:
        return ("error", str(err), err.reason, err.position, err.line, err.column, err.expected)
    except fe.LimitExceededError as err:  # nesting too deep
        return ("limit", str(err), err.to_dict())
    try:
        ir: object = lower_query(tree, text, PLATFORM_SCHEMA)
    except fe.QuerySyntaxError as err:
        ir = ("lowering error", str(err))
    return ("tree", tree, ir)


def fast(text: str) -> object:
    return parse_full(text, "fast")


def public(text: str) -> object:
    return parse_full(text, "public")


def test_the_corpus_is_found() -> None:
    queries = corpus_queries()
    assert len(queries) >= 50
    assert any(outcome(public, q)[0] == "error" for q in queries)


@needs_fast
def test_every_corpus_query_parses_alike_on_both_entries() -> None:
    differ = [q for q in corpus_queries() if outcome(fast, q) != outcome(public, q)]
    assert not differ


def test_every_corpus_query_parses_alike_with_and_without_the_shortcut() -> None:
    differ = [q for q in corpus_queries() if outcome(parse_query_syntax, q) != outcome(public, q)]
    assert not differ


# Text that looks like queries: the characters the syntax cares about, and words.
pieces = st.one_of(
    st.sampled_from(list('+-&|!(){}[]^"~*?:\\/ \t\n') + ["AND", "OR", "NOT", "TO", "&&", "||", "/*", "*/", "NOW",
                                                          "title", "views", "2024-03-02T08:15:00Z", "1", "a", "ä",
                                                          "*:*", "[1 TO 5]", '"a b"', "~2", "^3", "\u3000"]),
    st.text(max_size=2),
)
query_like = st.lists(pieces, max_size=20).map("".join)


@needs_fast
@SETTINGS
@given(st.one_of(query_like, st.text(max_size=20)))
@example("a AND AND b")
@example("title:OR")
@example("a)")
@example("x:[1 TO")
def test_generated_text_parses_alike_on_both_entries(text: str) -> None:
    assert outcome(fast, text) == outcome(public, text)


def _deep(n: int) -> list[str]:
    return [
        "(" * n + "a" + ")" * n,
        "NOT " * n + "a",
        "!" * n + "a",
        "-(" * n + "a" + ")" * n,
        "title:(" * n + "a" + ")" * n,
        "".join(f"x{i} AND NOT (y{i} OR (" for i in range(n // 3)) + "z" + "))" * (n // 3),
        "a:" * n,
        "+(" * n,
    ]


@needs_fast
@pytest.mark.parametrize("n", [MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, 10_000])
def test_nesting_is_bounded_alike_on_both_entries(n: int) -> None:
    for text in _deep(n):
        assert outcome(fast, text) == outcome(public, text), text
    with pytest.raises(fe.LimitExceededError, match="nested too deep"):
        public("(" * (MAX_NESTING + 1) + "a" + ")" * (MAX_NESTING + 1))


@needs_fast
@pytest.mark.parametrize("depth", [1, 5, 80])
def test_a_custom_nesting_bound_is_kept_alike_on_both_entries(depth: int, monkeypatch: pytest.MonkeyPatch) -> None:
    limits = fe.Limits(depth=depth, query_length=100_000)
    texts = _deep(depth) + _deep(depth + 1)
    parsers = syntax._shared()
    with_fast = [outcome(lambda t: parse_query_syntax(t, limits), text) for text in texts]
    monkeypatch.setattr(parsers, "entry", parsers.public)
    with_public = [outcome(lambda t: parse_query_syntax(t, limits), text) for text in texts]
    assert with_fast == with_public
    assert any(o[0] == "limit" for o in with_fast) and any(o[0] == "tree" for o in with_fast)


def test_an_unverified_lark_gets_no_fast_entry() -> None:
    assert fast_entry(syntax._lark(), version="1.1.9") is None
    assert fast_entry(syntax._lark(), version="2.0.0") is None


def test_a_fast_entry_that_cannot_be_built_is_none() -> None:
    class NotLark:
        parser = None
        terminals: list[object] = []
        ignore_tokens: list[str] = []

    assert fast_entry(NotLark(), version=lark.__version__) is None  # type: ignore[arg-type]


def test_a_lark_without_the_private_modules_gets_no_fast_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (fast_entry(syntax._lark(), version=lark.__version__) is not None) == HAS_FAST
    monkeypatch.setitem(sys.modules, "lark.parsers.lalr_parser_state", None)  # its import now fails
    assert fast_entry(syntax._lark(), version=lark.__version__) is None


def test_only_lark_fast_imports_lark_internals() -> None:
    public = ("from lark import ", "from lark.exceptions import ", "from lark.lark import PostLex", "import lark\n")
    for path in sorted((ROOT / "src" / "filterengine").rglob("*.py")):
        if path.name == "lark_fast.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.lstrip().startswith(("import lark", "from lark")):
                assert line.lstrip().startswith(public), (path, line)


def test_the_environment_selects_the_public_entry() -> None:
    code = "from filterengine.syntax.query import selected_path; print(selected_path())"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env[FAST_ENV] = "0"
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "public"
    env.pop(FAST_ENV)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == ("fast" if HAS_FAST else "public")


@pytest.mark.parametrize(
    ("raised", "position"),
    [
        (RecursionError("maximum recursion depth exceeded"), 0),
        (LarkError("something new"), 3),
        (UnexpectedCharacters("a b", 2, 1, 3, allowed={"WORD"}), 2),  # no parser state: words from .allowed
    ],
)
def test_any_lark_error_or_recursion_error_is_a_query_syntax_error(raised: Exception, position: int) -> None:
    def entry(text: str, bound: int) -> object:
        raise raised

    with pytest.raises(fe.QuerySyntaxError) as caught:
        syntax._parse("a b", entry)  # type: ignore[arg-type]
    assert caught.value.position == position
    assert caught.value.__cause__ is None
