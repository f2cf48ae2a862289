"""What every target checks besides "no foreign exception": errors are well formed, backends agree."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import filterengine as fe

#: The clock every target compiles with (relative dates then have one meaning).
NOW = "2024-05-10T12:00:00Z"


class Finding(AssertionError):
    """Two answers that must be equal differ, or an error is malformed."""


def text_of(data: bytes) -> str:
    """The input as text: UTF-8, with each undecodable byte as a lone surrogate (U+DC80..U+DCFF)."""
    return data.decode("utf-8", "surrogateescape")


def check_error(err: fe.FilterEngineError, text: str | None = None, source: str | None = None) -> None:
    """An error is plain data for a service: ``to_dict()`` is JSON, a position lies inside ``text``
    (the text parsed), and no Lark terminal name shows unless the input (``source``) has it."""
    body = err.to_dict()
    json.dumps(body)
    str(err)
    if text is not None and "position" in body and not 0 <= body["position"] <= len(text):
        raise Finding(f"position {body['position']} outside a text of {len(text)} characters")
    for name in ("__ANON", "$END"):
        if name in str(err) and name not in (source if source is not None else text or ""):
            raise Finding(f"a Lark terminal name leaks into the message: {err}")


def outcome(compile_: Callable[[], fe.Predicate], text: str | None = None, source: str | None = None) -> fe.Predicate | str:
    """The predicate ``compile_()`` returns, or the class name of the FilterEngineError it raises."""
    try:
        return compile_()
    except fe.FilterEngineError as err:
        check_error(err, text, source)
        return type(err).__name__


def agree(what: str, python: fe.Predicate | str, reference: fe.Predicate | str, records: Sequence[Any]) -> list[bool]:
    """Both backends compile (or fail) alike and answer every record alike; the answers."""
    if isinstance(python, str) or isinstance(reference, str):
        if python != reference or not isinstance(python, str):
            raise Finding(f"{what}: python backend gives {_show(python)}, reference gives {_show(reference)}")
        return []
    answers = []
    for i, record in enumerate(records):
        fast, oracle = python(record), reference(record)
        if fast is not True and fast is not False or oracle is not True and oracle is not False:
            raise Finding(f"{what}: record {i} gave {fast!r} (python) and {oracle!r} (reference), not booleans")
        if fast != oracle:
            raise Finding(f"{what}: record {i} {_record(record)}: python says {fast}, reference says {oracle}")
        answers.append(oracle)
    filtered = [r for r in python.filter(records)]
    if [id(r) for r in filtered] != [id(r) for r, yes in zip(records, answers) if yes]:
        raise Finding(f"{what}: pred.filter() selects other records than pred()")
    return answers


def _show(value: object) -> str:
    return value if isinstance(value, str) else "a predicate"


def _record(record: Any) -> str:
    try:
        text = json.dumps(record, ensure_ascii=True, default=repr)
    except (ValueError, RecursionError):
        text = "<not JSON>"
    return text if len(text) < 300 else text[:300] + "..."
