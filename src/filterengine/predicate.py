"""The compiled predicate users hold: ``pred(record)`` and ``pred.filter(records)``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Mapping

from .backends import reference
from .backends.python import compile_program
from .runtime.clock import utcnow
from .errors import FilterEngineError, Problem
from .ir import Node

__all__ = ["Predicate", "BACKENDS"]

BACKENDS = ("python", "reference")


class Predicate:
    """A compiled filter: call it on a record, or stream records through :meth:`filter`.

    Safe to share between threads. When it was compiled without ``now``, each call
    (and each :meth:`filter` pass) reads the current UTC time.

    >>> import filterengine as fe
    >>> pred = fe.compile_filters([{"filters": [{"field": "status", "operator": "is", "value": "published"}]}])
    >>> pred({"status": "published"}), pred({"status": "draft"}), pred({})
    (True, False, False)
    >>> [r["id"] for r in pred.filter([{"id": 1, "status": "published"}, {"id": 2}])]
    [1]
    """

    __slots__ = ("node", "backend", "warnings", "now", "_program", "_bound")

    def __init__(self, node: Node, now: datetime | None, backend: str = "python", warnings: Iterable[Problem] = ()):
        if backend not in BACKENDS:
            raise FilterEngineError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        self.node = node
        self.backend = backend
        self.now = now
        self.warnings: tuple[Problem, ...] = tuple(warnings)
        self._program = compile_program(node) if backend == "python" else None
        depends = self._program.depends_on_now if self._program else True
        if now is not None:
            self._bound: Callable[[Any], bool] | None = self._bind(now)
        elif not depends:
            self._bound = self._bind(utcnow())
        else:
            self._bound = None

    def _bind(self, now: datetime) -> Callable[[Any], bool]:
        if self._program is not None:
            return self._program.bind(now)
        node = self.node
        return lambda record: reference.evaluate_node(node, record, now)

    @property
    def source(self) -> str:
        """The generated Python source (the ``python`` backend), for inspection."""
        if self._program is None:
            return "# reference backend: the IR is interpreted by filterengine.backends.reference\n"
        return self._program.source

    def __call__(self, record: Mapping[str, Any]) -> bool:
        match = self._bound or self._bind(utcnow())
        return match(record)

    def filter(self, records: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        """Lazily yield the matching records, in order (one clock reading per pass)."""
        match = self._bound or self._bind(utcnow())
        return filter(match, records)

    def __repr__(self) -> str:
        return f"<Predicate backend={self.backend!r} node={self.node!r}>"
