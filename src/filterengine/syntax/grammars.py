"""Loading the Lark grammars shipped in the package, and building each parser once.

The ``.lark`` files live in the repository's top-level ``grammar/`` folder (the
source of truth) and are shipped inside the wheel as ``filterengine/grammar/``.
An installed package loads them from there; a source checkout (an editable
install) falls back to the repository folder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark

__all__ = ["grammar_text", "grammar_location", "shared_parser"]

_REPO_GRAMMAR = Path(__file__).resolve().parents[3] / "grammar"


def grammar_location(name: str) -> str:
    """Where the grammar file ``name`` is loaded from (for tests and diagnostics)."""
    packaged = resources.files("filterengine").joinpath("grammar").joinpath(name)
    if packaged.is_file():
        return str(packaged)
    local = _REPO_GRAMMAR / name
    if local.is_file():
        return str(local)
    raise FileNotFoundError(f"grammar file {name!r} is missing from the filterengine installation")


def grammar_text(name: str) -> str:
    packaged = resources.files("filterengine").joinpath("grammar").joinpath(name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return Path(grammar_location(name)).read_text(encoding="utf-8")


_lock = threading.Lock()
_parsers: dict[str, Lark] = {}


def shared_parser(name: str, build: Callable[[str], Lark] | None = None, **options: Any) -> Lark:
    """The process-wide LALR parser for grammar ``name``, built on first use.

    Lark's LALR parser keeps no state between ``parse`` calls, so one instance
    serves every thread.
    """
    parser = _parsers.get(name)
    if parser is None:
        with _lock:
            parser = _parsers.get(name)
            if parser is None:
                text = grammar_text(name)
                parser = build(text) if build else Lark(text, parser="lalr", **options)
                _parsers[name] = parser
    return parser
