"""The ``q`` parser: parse, format and parse again, compile on both backends, evaluate, explain.

Checks, besides "nothing but a FilterEngineError escapes":

- ``parse_query(format_query(node)) == node`` under either default operator;
- the python and reference backends compile alike and answer every record alike;
- the canonical text selects what the query selects;
- ``explain`` with the query agrees with the reference backend.
"""

from __future__ import annotations

import filterengine as fe

from .oracle import NOW, Finding, agree, check_error, outcome, text_of
from .records import window


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    try:
        node = fe.parse_query(text)
    except fe.FilterEngineError as err:
        check_error(err, text)
        return
    try:
        canonical = fe.format_query(node)
    except fe.FilterEngineError as err:
        raise Finding(f"format_query fails on a parsed query: {err}") from err
    for operator in ("OR", "AND"):
        try:
            again = fe.parse_query(canonical, default_operator=operator)
        except fe.FilterEngineError as err:
            raise Finding(f"the canonical text {canonical!r} does not parse: {err}") from err
        if again != node:
            raise Finding(f"round trip under {operator}: {text!r} -> {canonical!r} parses to another tree")
    records = window(data)
    python = outcome(lambda: fe.compile_query(text, now=NOW, backend="python"), text)
    reference = outcome(lambda: fe.compile_query(text, now=NOW, backend="reference"), text)
    answers = agree("q", python, reference, records)
    if not answers:
        return
    fast_canonical = fe.compile_query(canonical, now=NOW, backend="python")
    for i, record in enumerate(records):
        if fast_canonical(record) != answers[i]:
            raise Finding(f"the canonical text {canonical!r} answers record {i} otherwise")
    for i, record in enumerate(records[:1]):  # explain re-parses every clause: one record is enough
        report = fe.explain({"title": "fuzz", "filters": []}, record, now=NOW, q=text)
        if report.matched != answers[i]:
            raise Finding(f"explain says {report.matched} for record {i}, the backends {answers[i]}")
        report.to_dict()
        str(report)
