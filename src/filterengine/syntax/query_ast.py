"""The syntax tree of a ``q`` query: what was written, with positions; no meaning yet.

:mod:`filterengine.syntax.query` builds it from Lark's parse, and
:mod:`filterengine.query.lower` gives it meaning with a schema. Texts are kept
raw (escapes and all) so the lowering can tell an escaped ``\\*`` from a wildcard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from typing import Any, TypeVar, Union

__all__ = [
    "Term",
    "Quoted",
    "RangeBound",
    "RangeQ",
    "Group",
    "Fielded",
    "OrQ",
    "AndQ",
    "NotQ",
    "Prefixed",
    "Clause",
]


@dataclass(frozen=True, slots=True)
class Term:
    """A word as written (``raw`` keeps its backslashes), with its ``~`` and ``^`` suffixes."""

    raw: str
    pos: int
    fuzzy: str | None = None  # the text after "~" ("" for a bare "~")
    boost: str | None = None  # the text after "^"


@dataclass(frozen=True, slots=True)
class Quoted:
    """A phrase ``"..."``: ``raw`` is the text between the quotes, escapes kept."""

    raw: str
    pos: int
    slop: str | None = None
    boost: str | None = None


@dataclass(frozen=True, slots=True)
class RangeBound:
    raw: str
    pos: int
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class RangeQ:
    lower: RangeBound
    upper: RangeBound
    lower_inclusive: bool
    upper_inclusive: bool
    pos: int
    boost: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Juxtaposed clauses (``a b -c +d``); a parenthesized group may carry a boost."""

    clauses: tuple[Clause, ...]
    pos: int
    boost: str | None = None


@dataclass(frozen=True, slots=True)
class Fielded:
    """``name:child``; ``name`` is raw (escapes kept)."""

    name: str
    pos: int
    child: Clause


@dataclass(frozen=True, slots=True)
class OrQ:
    children: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class AndQ:
    children: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class NotQ:
    child: Clause
    pos: int


@dataclass(frozen=True, slots=True)
class Prefixed:
    """``+child`` (required) or ``-child`` (prohibited)."""

    op: str
    child: Clause
    pos: int


Clause = Union[Term, Quoted, RangeQ, Group, Fielded, OrQ, AndQ, NotQ, Prefixed]


_Node = TypeVar("_Node")


def builder(cls: type[_Node]) -> Callable[..., _Node]:
    """A fast constructor for the node class ``cls``, taking every field in order.

    It makes the same object as ``cls(...)`` (these classes have no
    ``__post_init__``) by setting the slots directly, without the class call and
    the generated ``__init__``: the parser makes a node per clause and this is a
    sizeable part of a parse.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    assert all(f.default_factory is MISSING for f in fields(cls))  # type: ignore[arg-type]
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    env.update({f"_set_{n}": getattr(cls, n).__set__ for n in names})
    body = "".join(f"    _set_{n}(node, {n})\n" for n in names)
    exec(f"def build({', '.join(names)}):\n    node = _new(_cls)\n{body}    return node\n", env)
    built: Callable[..., _Node] = env["build"]
    return built
