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

from .span import encodable, render_caret, shorten

__all__ = [
    "FilterEngineError",
    "Problem",
    "FiltersetError",
    "TimeExpressionError",
    "QuerySyntaxError",
    "LimitExceededError",
    "InputError",
    "EngineRecordError",
    "PlaylistFileError",
    "SchemaError",
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
        Every member is plain JSON data, and its text always encodes as UTF-8: a lone
        surrogate of the input (JSON's ``"\\ud800"``) is written as that escape. See docs/errors.md.

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
        return _encodable(body)  # type: ignore[no-any-return]

    def _where(self) -> dict[str, Any]:
        return {}


def _encodable(data: Any) -> Any:
    """Problem details (strings, numbers, lists and dicts of them) with every string :func:`encodable`."""
    if isinstance(data, str):
        return encodable(data)
    if isinstance(data, list):
        return [_encodable(item) for item in data]
    if isinstance(data, dict):
        return {_encodable(key): _encodable(value) for key, value in data.items()}
    return data


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
        # A pointer holds the input's keys: a message shows a bounded part of it.
        return f"{shorten(self.path or '/', _SHOWN_POINTER)}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as plain JSON data: ``pointer``, ``code``, ``severity``, ``detail`` (text that encodes)."""
        return {"pointer": encodable(self.path), "code": self.code, "severity": self.severity, "detail": encodable(self.message)}


#: The most characters of a JSON pointer a message shows.
_SHOWN_POINTER = 120
#: The most problems a message lists (``.problems`` and ``to_dict()`` hold every one).
SHOWN_PROBLEMS = 20


def _listed(problems: Sequence[Problem]) -> list[str]:
    lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"... and {len(problems) - SHOWN_PROBLEMS:,} more")
    return lines


class FiltersetError(FilterEngineError):
    """A cliplist or its filters are invalid; ``.problems`` lists every problem found.

    When the only error has an error behind it (``Problem.error``, such as the
    :class:`TimeExpressionError` of a bad ``"7DAYZ"``), that error is the
    ``__cause__`` of this one. The message lists the first :data:`SHOWN_PROBLEMS`
    errors; ``.problems`` and ``to_dict()`` hold them all.
    """

    code = "filterset"
    title = "Invalid filters"

    def _where(self) -> dict[str, Any]:
        return {"problems": [p.to_dict() for p in self.problems]}

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"] or list(self.problems)
        lines = _listed(errors)
        head = "invalid filters" if len(errors) != 1 else "invalid filter"
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


class LimitExceededError(FilterEngineError):
    """An input is larger than its :class:`~filterengine.Limits` allow; raised before any expensive work.

    ``.limit`` names the limit (a field of ``Limits``: ``"query_length"``,
    ``"clauses"``, ...), ``.maximum`` is its value and ``.actual`` the value the
    input reached (for a nesting depth: the first level too deep). Where it is
    known, ``.position`` (with ``.line`` and ``.column``) is the offset in the
    query or expression, ``.pointer`` the JSON pointer in the document.
    """

    code = "limit_exceeded"
    title = "Input exceeds a limit"

    def __init__(
        self,
        limit: str,
        maximum: int,
        actual: int,
        subject: str,
        unit: str = "",
        *,
        text: str | None = None,
        position: int | None = None,
        pointer: str | None = None,
    ):
        self.limit = limit
        self.maximum = maximum
        self.actual = actual
        self.subject = subject
        self.unit = unit
        self.text = text
        self.position = position
        self.pointer = pointer
        self.line: int | None = None
        self.column: int | None = None
        amount = f"{actual:,} {unit}".rstrip()
        message = f"{subject}: {amount}, over the limit of {maximum:,} (Limits.{limit})"
        where = [] if pointer is None else [shorten(pointer or "/", _SHOWN_POINTER)]
        caret = ""
        if text is not None and position is not None:
            position = self.position = max(0, min(position, len(text)))
            self.line = text.count("\n", 0, position) + 1
            self.column = position - (text.rfind("\n", 0, position) + 1) + 1
            where.append(f"line {self.line}, column {self.column}")
            caret = "\n" + render_caret(text, position)
        elif position is not None:
            where.append(f"offset {position}")
        super().__init__(message + (" at " + ", ".join(where) if where else "") + caret)

    def _where(self) -> dict[str, Any]:
        where: dict[str, Any] = {"limit": self.limit, "maximum": self.maximum, "actual": self.actual}
        if self.pointer is not None:
            where["pointer"] = self.pointer
        if self.position is not None:
            where["position"] = self.position
            if self.line is not None:
                where["line"] = self.line
                where["column"] = self.column
        return where

    def located(
        self, *, text: str | None = None, position: int | None = None, pointer: str | None = None
    ) -> LimitExceededError:
        """The same error, placed in a larger input: in ``text`` at ``position``, and/or at ``pointer``."""
        return LimitExceededError(
            self.limit,
            self.maximum,
            self.actual,
            self.subject,
            self.unit,
            text=text if text is not None else self.text,
            position=position if position is not None else self.position,
            pointer=pointer if pointer is not None else self.pointer,
        )


class InputError(FilterEngineError):
    """A file (playlist or catalog) is unreadable or malformed: ``source``, ``line``, ``pointer``,
    and ``column`` (counted in characters, from 1) when the problem is at one place in a line."""

    code = "input_file"
    title = "Unreadable input file"

    def _where(self) -> dict[str, Any]:
        where: dict[str, Any] = {"source": self.source}
        if self.line is not None:
            where["line"] = self.line
        if self.column is not None:
            where["column"] = self.column
        if self.pointer:
            where["pointer"] = self.pointer
        return where

    def __init__(self, source: str, reason: str, line: int | None = None, pointer: str | None = None,
                 column: int | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        self.column = column
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
        super().__init__("\n".join(f"{source}: {line}" for line in _listed(self.problems)))


class SchemaError(FilterEngineError):
    """A schema is malformed (a ``schema=`` mapping, or a :class:`~filterengine.Schema` or
    :class:`~filterengine.FieldSpec` built with values of the wrong type); ``.problems`` say
    what and where, by JSON pointer into the schema.
    """

    code = "schema"
    title = "Invalid schema"

    def _where(self) -> dict[str, Any]:
        return {"problems": [p.to_dict() for p in self.problems]}

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = [str(p) for p in self.problems]
        super().__init__("invalid schema:\n  " + "\n  ".join(lines))


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


class EngineRecordError(FilterEngineError):
    """A catalog record a columnar engine cannot read by filterengine's rules (``fe.preview(engine=...)``).

    ``source`` is the file, ``record`` the record's place in it (from 1), ``field`` the
    field whose value the engine would read differently, ``engine`` the engine. Only
    ``engine="python"`` (or a catalog converted to Parquet) reads every record.

    >>> err = EngineRecordError("clips.jsonl", 3, "publisheddate", "duckdb", "'Tue, 03 Nov 2026' is not a strict ISO 8601 date")
    >>> err.to_dict()["record"], str(err).split(": ")[0]
    (3, 'clips.jsonl')
    """

    code = "engine_record"
    title = "Record not readable by this engine"

    def __init__(self, source: str, record: int, field: str, engine: str, reason: str):
        self.source = source
        self.record = record
        self.field = field
        self.engine = engine
        self.reason = reason
        super().__init__(
            f"{source}: record {record}: field {field!r}: {reason}; {engine} reads only values its rules give "
            f"the same meaning as filterengine's: preview with engine=\"python\", or convert the catalog to Parquet "
            f"(filterengine convert CATALOG out.parquet) and preview that")

    def _where(self) -> dict[str, Any]:
        return {"source": self.source, "record": self.record, "field": self.field, "engine": self.engine}


class UsageError(Exception):
    """A command-line mistake (the CLI exits with status 2); not an input error."""
