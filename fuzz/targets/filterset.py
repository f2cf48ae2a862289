"""Filterset compilation: a cliplist's ``filters`` in every shape, valid and not, on both backends.

An input starting with ``{`` is JSON text of a case, ``{"filters", "q"?, "now"?, "sort"?,
"records"?}`` (so the conformance corpus seeds it and mutations stay JSON-like); any other
input is read by ``atheris.FuzzedDataProvider`` into a document built of operator and field
names, values of every JSON type at their edges, and random text.

Checks, besides "nothing but a FilterEngineError escapes":

- the python and reference backends compile alike and answer every record alike;
- ``explain`` agrees with them, and ``preview`` counts and pages exactly the matching records.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import atheris

import filterengine as fe
from filterengine.filterset.model import is_filters_document
from filterengine.filterset.operators import OPERATORS
from filterengine.schema import PLATFORM_SCHEMA

from .oracle import NOW, Finding, agree, check_error, outcome, text_of
from .records import window

OPERATOR_NAMES = [op.name for op in OPERATORS] + ["IS", "isnotanyof", "containsAny", "", " is", "__class__", "eq"]
FIELD_NAMES = sorted(PLATFORM_SCHEMA.fields) + ["publishedDate", "catSort", "views_int", "a", "d", "meta.league", "meta",
                                                "title.x", "", " ", "__class__", "hasInteractivity", "x y"]
WORDS = ["", " ", "0", "1", "-1", "1.5", "1e2", "1e999", "nan", "inf", "true", "FALSE", "a", "A", "news", "Goal",
         "x y", "*", "?", "a*b", "\\", "\"", "'); DROP TABLE clips; --", "__import__('os')", "{0}", "%s", "\u0000",
         "e\u0301", "\u0130", "\udc80"]
TIMES = ["7DAYS", "1HOUR", "1 week", "NOW-7DAYS/DAY", "NOW-1MONTH+2DAYS", "10YEARS", "8000YEARS 8000YEARS", "0DAYS",
         "NOW", "NOW/DAY", "2024-01-01", "2024-05-03T12:00:00Z", "2024-01-01T00:00:00Z+1MONTH", "9999-12-31T23:59:59-14:00",
         "Mon, 29 Nov 2021 15:20:37 +0100", "99999999999DAYS"]
QUERIES = ["title:derby", "cat:(news OR sport) -status:draft", "publisheddate:[NOW-7DAYS TO NOW]", "views:[10 TO *]",
           "roam~1", "\"a b\"~2", "*:*", "", " ", "title:", "a AND"]
SORTS = ["id desc", "publisheddate desc", "title asc, id", "views", "cat desc", "x", "", "id sideways"]
NOWS = [NOW, "2026-11-20T12:00:00Z", "0001-01-02T00:00:00Z", "9999-12-30T00:00:00Z", "2024-05-10T12:00:00+14:00"]
#: Sizes at and around limits: nesting (64) and clauses or values (1,000); then Python's limits,
#: its int-to-str digits (4,300) and its recursion depth (1,000 frames). Counts of clauses and values
#: stop at the first group: each clause costs compile time, and a run should try many inputs.
COUNTS = [0, 1, 2, 3, 10, 63, 64, 65, 200, 1000, 1001]
DIGITS = [*COUNTS, 4300, 4301, 5000]
DEPTHS = [*COUNTS, 5000]
KEYS = ["filters", "field", "operator", "value", "type", "filterSet", "q", "sort", "0", "1", "listtype", "items", "x"]


class _Builder:
    def __init__(self, data: bytes):
        self.fdp = atheris.FuzzedDataProvider(data)

    def pick(self, options: list[Any]) -> Any:
        return options[self.fdp.ConsumeIntInRange(0, len(options) - 1)]

    def text(self) -> str:
        return str(self.fdp.ConsumeUnicode(self.fdp.ConsumeIntInRange(0, 12)))

    def value(self, depth: int = 0) -> Any:
        kind = self.fdp.ConsumeIntInRange(0, 14)
        if kind == 0:
            return self.pick(WORDS)
        if kind == 1:
            return self.text()
        if kind == 2:
            return self.fdp.ConsumeIntInRange(-5, 5)
        if kind == 3:
            return self.fdp.ConsumeInt(8)
        if kind == 4:
            return self.fdp.ConsumeFloat()
        if kind == 5:
            return self.fdp.ConsumeBool()
        if kind == 6:
            return None
        if kind == 7 and depth < 3:
            return [self.value(depth + 1) for _ in range(self.fdp.ConsumeIntInRange(0, 4))]
        if kind == 8 and depth < 3:
            return {self.pick(KEYS) if self.fdp.ConsumeBool() else self.text(): self.value(depth + 1)
                    for _ in range(self.fdp.ConsumeIntInRange(0, 3))}
        if kind == 9:
            return self.pick(TIMES)
        if kind == 10:
            return self.pick([1715342400, 1715342400000, -62135596800, 253402300800, 0, 2**63, -(2**63)])
        if kind == 11:
            return 10 ** self.fdp.ConsumeIntInRange(0, 40) * self.pick([1, -1])
        if kind == 12:
            return self.pick([math.inf, -math.inf, math.nan, 1e308, 5e-324, -0.0])
        if kind == 13:
            return self.big()
        return self.pick(TIMES + WORDS)

    def big(self) -> Any:
        """A value past a size limit: many digits, deep nesting, a long list or string."""
        kind = self.fdp.ConsumeIntInRange(0, 7)
        n = self.pick(DIGITS if kind in (0, 1, 2, 7) else DEPTHS if kind == 3 else COUNTS)
        if kind == 0:
            return "9" * n
        if kind == 1:
            return 10**n
        if kind == 2:
            return f"{n}" + "9" * n + self.pick(["DAYS", " DAYS", "", ".5", "e5"])
        if kind == 3:
            nested: Any = self.value(3)
            for _ in range(n):
                nested = [nested] if n % 2 else {"x": nested}
            return nested
        if kind == 4:
            return [self.pick(WORDS + TIMES) for _ in range(n)]
        if kind == 5:
            return list(range(n))
        if kind == 6:
            return self.pick(WORDS + TIMES) * n
        return "1" + "0" * n + "DAYS"

    def filter(self) -> Any:
        shape = self.fdp.ConsumeIntInRange(0, 15)
        if shape == 0:
            return self.value()
        out: dict[str, Any] = {
            "field": self.pick(FIELD_NAMES) if shape != 1 else self.value(),
            "operator": self.pick(OPERATOR_NAMES) if shape != 2 else self.value(),
            "value": self.value(),
        }
        if shape == 3:
            del out[self.pick(["field", "operator", "value"])]
        if shape == 4:
            out[self.pick(KEYS)] = self.value()
        return out

    def filterset(self) -> Any:
        filters = [self.filter() for _ in range(self.fdp.ConsumeIntInRange(0, 4))]
        shape = self.fdp.ConsumeIntInRange(0, 9)
        if shape == 0:
            return filters
        if shape == 1:
            return self.value()
        return {"filters": filters}

    def document(self) -> Any:
        sets = [self.filterset() for _ in range(self.fdp.ConsumeIntInRange(0, 4))]
        shape = self.fdp.ConsumeIntInRange(0, 5)
        if shape == 0:
            return sets
        if shape == 1:
            doc: dict[str, Any] = {str(i): fs for i, fs in enumerate(sets)}
            if self.fdp.ConsumeBool():
                doc["sort"] = self.pick(SORTS)
            return doc
        if shape == 2:
            envelope: dict[str, Any] = {"type": "SearchRequest", "filterSet": sets}
            if self.fdp.ConsumeBool():
                envelope["q"] = self.pick(QUERIES)
            return envelope
        if shape == 3:
            cliplist: dict[str, Any] = {"title": "fuzz", "filters": sets}
            for key in ("listtype", "q", "sort", "limit", "items"):
                if self.fdp.ConsumeIntInRange(0, 3) == 0:
                    cliplist[key] = self.value()
            return cliplist
        if shape == 4:
            return self.value()
        return [self.filter() for _ in range(self.fdp.ConsumeIntInRange(0, 4))]

    def big_query(self) -> str:
        """A q past a size limit: deep nesting, many clauses, long numbers or words."""
        n, digits = self.pick(COUNTS), self.pick(DIGITS)
        return self.pick([
            "(" * n + "a" + ")" * n, "NOT " * n + "a", " OR ".join(["a"] * n), "views:" + "9" * digits,
            "title:" + "a*" * n + "b", 'title:"' + "a " * n + 'b"~3', "publisheddate:[NOW-" + "9" * digits + "DAYS TO NOW]",
            "title:" + "a" * digits + "~2", "views:[" + "9" * digits + " TO *]",
        ])

    def record(self) -> dict[str, Any]:
        return {"id": self.text(), **{self.pick(FIELD_NAMES): self.value() for _ in range(self.fdp.ConsumeIntInRange(0, 5))}}

    def case(self) -> dict[str, Any]:
        case: dict[str, Any] = {"filters": self.document(), "now": self.pick(NOWS)}
        if self.fdp.ConsumeIntInRange(0, 3) == 0:
            case["q"] = self.pick(QUERIES) if self.fdp.ConsumeBool() else self.text() if self.fdp.ConsumeBool() else self.big_query()
        if self.fdp.ConsumeBool():
            case["sort"] = self.pick(SORTS) if self.fdp.ConsumeBool() else self.text()
        case["records"] = [self.record() for _ in range(self.fdp.ConsumeIntInRange(0, 4))]
        return case


def _read_json_case(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or too deep or too long a number for Python's json
        return None
    if not isinstance(value, dict) or "filters" not in value:
        return {"filters": value}
    case: dict[str, Any] = {"filters": value["filters"]}
    for key, kind in (("q", str), ("now", str), ("sort", str), ("records", list)):
        if isinstance(value.get(key), kind):
            case[key] = value[key]
    case["records"] = [r for r in case.get("records", []) if isinstance(r, dict)]
    return case


def test_one_input(data: bytes) -> None:
    case = _read_json_case(text_of(data)) if data[:1] == b"{" else _Builder(data).case()
    if case is None:
        return
    doc, q, now = case["filters"], case.get("q"), case.get("now", NOW)
    records = case.get("records", []) + window(data, 8)
    source = text_of(data)
    python = outcome(lambda: fe.compile_filters(doc, now=now, q=q, backend="python"), source=source)
    reference = outcome(lambda: fe.compile_filters(doc, now=now, q=q, backend="reference"), source=source)
    answers = agree("filters", python, reference, records)
    if isinstance(python, str):
        return
    # The cliplist compile_filters reads the document as (see filterengine.compiler.lower).
    cliplist = doc if isinstance(doc, Mapping) and ("filters" in doc or is_filters_document(doc)) else {"filters": doc}
    try:
        static = fe.Cliplist.from_dict(cliplist).is_static
    except fe.FilterEngineError:
        return
    for i, record in enumerate(records[:2]):
        try:
            report = fe.explain(cliplist, record, now=now, q=q)
        except fe.FilterEngineError as err:
            check_error(err, source=source)
            if isinstance(err, fe.LimitExceededError) and err.limit == "record_depth":
                continue  # documented: explain reads a clip only as deep as Limits.record_depth
            if not static:
                raise Finding(f"explain raises {type(err).__name__} on filters that compile: {err}") from err
            continue
        json.dumps(report.to_dict())
        str(report)
        if not static and report.matched != answers[i]:
            raise Finding(f"explain says {report.matched} for record {i}, the backends {answers[i]}")
    try:
        page = fe.preview(cliplist, records, now=now, q=q, sort=case.get("sort"), limit=len(records) + 1)
    except fe.FilterEngineError as err:
        check_error(err, source=source)
        return
    if not static:
        matching = {id(r) for r, yes in zip(records, answers) if yes}
        if page.total != len(matching) or {id(r) for r in page.items} != matching:
            raise Finding(f"preview returns {page.total} records, the backends select {len(matching)}")
    page.to_sapi()
