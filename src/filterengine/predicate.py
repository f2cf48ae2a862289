"""The compiled predicate users hold: ``pred(record)`` and ``pred.filter(records)``.

A predicate is a plain Python function carrying its metadata as attributes, so
that calling it costs exactly one function call, as a hand-written function does
(a class instance with ``__call__`` would add a second frame to every call).
``isinstance(pred, Predicate)`` holds for every predicate, and ``Predicate(node,
now, backend)`` builds one from IR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from .backends import reference
from .backends.python import compile_program
from .errors import FilterEngineError, Problem
from .ir import Node
from .runtime.clock import utcnow

__all__ = ["Predicate", "BACKENDS", "make_predicate"]

BACKENDS = ("python", "reference")

_MARK = "__filterengine_predicate__"


class _PredicateType(type):
    def __instancecheck__(cls, obj: object) -> bool:
        return getattr(obj, _MARK, False) is True

    if not TYPE_CHECKING:

        def __call__(cls, node, now=None, backend="python", warnings=()):
            return make_predicate(node, now, backend, warnings)


class Predicate(metaclass=_PredicateType):
    """A compiled filter: call it on a record, or stream records through :meth:`filter`.

    Safe to share between threads. When it was compiled without ``now``, each call
    (and each :meth:`filter` pass) reads the current UTC time. Attributes:
    ``node`` (the optimized IR it runs), ``backend``, ``now``, ``warnings`` (the
    problems that did not stop compilation) and ``source`` (the generated code).

    >>> import filterengine as fe
    >>> pred = fe.compile_filters([{"filters": [{"field": "status", "operator": "is", "value": "published"}]}])
    >>> pred({"status": "published"}), pred({"status": "draft"}), pred({})
    (True, False, False)
    >>> [r["id"] for r in pred.filter([{"id": 1, "status": "published"}, {"id": 2}])]
    [1]
    >>> isinstance(pred, fe.Predicate), pred.backend
    (True, 'python')
    """

    node: Node
    backend: str
    now: datetime | None
    warnings: tuple[Problem, ...]
    source: str

    def __init__(self, node: Node, now: datetime | None = None, backend: str = "python",
                 warnings: Iterable[Problem] = ()) -> None:
        """Build a predicate from IR (see :func:`make_predicate`)."""

    # The two methods every predicate has; declared here for type checkers and docs.
    def __call__(self, record: Mapping[str, Any]) -> bool:  # type: ignore[empty-body]
        """Whether ``record`` matches."""

    def filter(self, records: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:  # type: ignore[empty-body]
        """Lazily yield the matching records, in order (one clock reading per pass)."""


def make_predicate(node: Node, now: datetime | None = None, backend: str = "python",
                   warnings: Iterable[Problem] = ()) -> Predicate:
    """The predicate running ``node`` on ``backend``, with the clock fixed at ``now`` (or read per call)."""
    if backend not in BACKENDS:
        raise FilterEngineError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    Matcher = Callable[[Any], bool]
    Filterer = Callable[[Iterable[Any]], Iterator[Any]]
    bind: Callable[[datetime], Matcher]
    bind_filter: Callable[[datetime, Matcher], Filterer]
    if backend == "python":
        program = compile_program(node)
        bind, bind_filter = program.bind, program.bind_filter
        depends_on_now, source = program.depends_on_now, program.source
    else:
        bind = _reference_binder(node)
        bind_filter = _reference_filter
        depends_on_now = True
        source = "# reference backend: the IR is interpreted by filterengine.backends.reference\n"
    fixed = now if now is not None else (None if depends_on_now else utcnow())
    match: Matcher
    filter_records: Filterer
    if fixed is not None:
        match = bind(fixed)
        at = fixed
        compiled: list[Filterer] = []  # the filter, made on first use

        def filter_records(records: Iterable[Any]) -> Iterator[Any]:
            if not compiled:
                compiled.append(bind_filter(at, match))
            return compiled[0](records)
    else:

        def match(record: Any) -> bool:
            return bind(utcnow())(record)

        def filter_records(records: Iterable[Any]) -> Iterator[Any]:
            at = utcnow()
            return bind_filter(at, bind(at))(records)

    pred: Any = match  # a new function object per predicate: its attributes are its own
    pred.__name__ = pred.__qualname__ = "predicate"
    pred.__doc__ = "A filterengine predicate: call it on a record; see filterengine.Predicate."
    pred.node = node
    pred.backend = backend
    pred.now = now
    pred.warnings = tuple(warnings)
    pred.source = source
    pred.filter = filter_records
    setattr(pred, _MARK, True)
    return cast(Predicate, pred)


def _reference_binder(node: Node) -> Callable[[datetime], Callable[[Any], bool]]:
    evaluate = reference.evaluate_node

    def bind(now: datetime) -> Callable[[Any], bool]:
        def match(record: Any) -> bool:
            return evaluate(node, record, now)

        return match

    return bind


def _reference_filter(now: datetime, match: Callable[[Any], bool]) -> Callable[[Iterable[Any]], Iterator[Any]]:
    return lambda records: filter(match, records)
