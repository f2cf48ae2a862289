"""One exception tree for every input error, rooted at :class:`FilterEngineError`.

Every error caused by bad input (a filterset, a time expression, a query, clip data
handed to the CLI) is a ``FilterEngineError``, which is a ``ValueError`` so that code
catching ``ValueError`` keeps working. API misuse with wrong Python types may raise
``TypeError`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .span import render_caret

__all__ = [
    "FilterEngineError",
    "Problem",
    "FiltersetError",
    "TimeExpressionError",
    "QuerySyntaxError",
    "InputError",
    "PlaylistFileError",
    "UsageError",
    "UnsupportedError",
]


class FilterEngineError(ValueError):
    """Root of every error filterengine raises for bad input.

    ``code`` is a stable identifier of the kind of error (see "Error codes" in
    docs/errors.md); tests and tools match it instead of the message wording.
    """

    code = "invalid"
    title = "Invalid input"

    def to_dict(self) -> dict[str, Any]:
        """The error as an RFC 9457 problem-details object, ready to be a 400 response body.

        ``type`` names the kind of error (``urn:filterengine:problem:<code>``),
        ``title`` says it in words, ``detail`` is the message; subclasses add where
        (``position``/``line``/``column``, or ``problems`` with JSON pointers).
        Every member is plain JSON data. See docs/errors.md.

        >>> FilterEngineError("now must be an ISO 8601 date-time, not 'x'").to_dict()["type"]
        'urn:filterengine:problem:invalid'
        """
        body: dict[str, Any] = {
            "type": f"urn:filterengine:problem:{self.code}",
            "title": self.title,
            "status": 400,
            "detail": str(self),
            "code": self.code,
        }
        body.update(self._where())
        return body

    def _where(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found while validating: where (a JSON pointer) and what.

    ``severity`` is ``"error"`` or ``"warning"``; warnings (such as an ignored
    filter with an empty value) never stop compilation. ``code`` is a stable
    identifier of the problem (``"unknown_operator"``, ``"not_a_number"``, ...;
    see "Error codes" in docs/errors.md), ``"invalid"`` when none finer applies.
    ``error`` is the error behind the problem when there is one (a
    :class:`TimeExpressionError` with its ``.position``, for a bad time expression).
    """

    path: str
    message: str
    severity: str = "error"
    code: str = "invalid"
    error: FilterEngineError | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as plain JSON data: ``pointer``, ``code``, ``severity``, ``detail``."""
        return {"pointer": self.path, "code": self.code, "severity": self.severity, "detail": self.message}


class FiltersetError(FilterEngineError):
    """A cliplist or its filters are invalid; ``.problems`` lists every problem found.

    When the only error has an error behind it (``Problem.error``, such as the
    :class:`TimeExpressionError` of a bad ``"7DAYZ"``), that error is the
    ``__cause__`` of this one.
    """

    code = "filterset"
    title = "Invalid filters"

    def _where(self) -> dict[str, Any]:
        return {"problems": [p.to_dict() for p in self.problems]}

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"] or list(self.problems)
        lines = [str(p) for p in errors]
        head = "invalid filters" if len(lines) != 1 else "invalid filter"
        super().__init__(head + ":\n  " + "\n  ".join(lines))
        if len(errors) == 1 and errors[0].error is not None:
            self.__cause__ = errors[0].error


class _PositionedError(FilterEngineError):
    """An error at a 0-based offset of a one-line or multi-line text."""

    kind = "error"

    def __init__(self, message: str, text: str, position: int, expected: Sequence[str] = ()):
        position = max(0, min(position, len(text)))
        self.reason = message
        self.text = text
        self.position = position
        self.line = text.count("\n", 0, position) + 1
        self.column = position - (text.rfind("\n", 0, position) + 1) + 1
        self.expected: tuple[str, ...] = tuple(expected)
        super().__init__(self._render())

    def _where(self) -> dict[str, Any]:
        return {"position": self.position, "line": self.line, "column": self.column, "expected": list(self.expected)}

    def _render(self) -> str:
        msg = f"{self.kind}: {self.reason} at line {self.line}, column {self.column}"
        if self.expected:
            msg += "; expected " + _or_list(self.expected)
        return msg + "\n" + render_caret(self.text, self.position)


def _or_list(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


class TimeExpressionError(_PositionedError):
    """A relative time expression (``"7DAYS"``) or date-math value is malformed.

    ``.position`` is the 0-based offset of the problem in ``.text``; ``str(err)``
    shows the expression with a caret under it.
    """

    kind = "invalid time expression"
    code = "time_expression"
    title = "Invalid time expression"


class QuerySyntaxError(_PositionedError):
    """A ``q`` query does not parse; ``.position``, ``.line``, ``.column``, ``.expected``."""

    kind = "query syntax error"
    code = "query_syntax"
    title = "Query syntax error"


class InputError(FilterEngineError):
    """A file (playlist or catalog) is unreadable or malformed: ``source``, ``line``, ``pointer``."""

    code = "input_file"
    title = "Unreadable input file"

    def _where(self) -> dict[str, Any]:
        where: dict[str, Any] = {"source": self.source}
        if self.line is not None:
            where["line"] = self.line
        if self.pointer:
            where["pointer"] = self.pointer
        return where

    def __init__(self, source: str, reason: str, line: int | None = None, pointer: str | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        self.pointer = pointer
        where = [source]
        if line is not None:
            where.append(f"line {line}")
        if pointer:
            where.append(pointer)
        super().__init__(": ".join(where + [reason]))


class PlaylistFileError(FilterEngineError):
    """Problems in a playlist file, each shown as ``FILE: PATH: message``."""

    code = "playlist_file"
    title = "Invalid playlist file"

    def _where(self) -> dict[str, Any]:
        return {"source": self.source, "problems": [p.to_dict() for p in self.problems]}

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = [p for p in problems if p.severity == "error"] or list(problems)
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))


class UnsupportedError(FilterEngineError):
    """A construct the target cannot express with the exact meaning filterengine gives it.

    ``construct`` names it (``"fuzzy term"``, ``"proximity phrase"``, ...) and
    ``dialect`` the target (``"sqlite"``); nothing is ever translated into
    something that means something else.

    >>> err = UnsupportedError("fuzzy term", "postgres")
    >>> err.to_dict()["construct"], err.to_dict()["dialect"], str(err)
    ('fuzzy term', 'postgres', 'postgres cannot express a fuzzy term exactly')
    """

    code = "unsupported"
    title = "Not expressible on this target"

    def __init__(self, construct: str, dialect: str, why: str | None = None):
        self.construct = construct
        self.dialect = dialect
        self.why = why
        super().__init__(f"{dialect} cannot express a {construct} exactly" + (f": {why}" if why else ""))

    def _where(self) -> dict[str, Any]:
        return {"construct": self.construct, "dialect": self.dialect}


class UsageError(Exception):
    """A command-line mistake (the CLI exits with status 2); not an input error."""
