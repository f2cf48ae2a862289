"""Run the conformance corpus (``tests/conformance/*.json``) on every backend.

Each file is a list of groups, in the manner of jmespath's compliance suite::

    {"description": "...",
     "now": "2024-05-10T12:00:00Z" | null,
     "schema": {...},                      # optional, as for Schema.from_dict
     "records": [{"id": ..., ...}, ...],   # given once, shared by the group's cases
     "cases": [...]}

and each case is::

    {"description": "...",
     "filters": <any filters shape>, "q": "...",   # either or both
     "default_operator": "OR" | "AND",             # optional, with q
     "expected": [ids of the matching records, in record order]
       | "error": "<kind>",                        # see "Error codes" in docs/errors.md
         "position": 0-based offset,               # optional, positioned errors
         "pointer": "/0/filters/1/value",          # optional, a problem's JSON pointer
         "problems": [{"code", "pointer"}, ...],   # optional, every error problem, in order
     "skip": {"<backend>": "why"},                 # optional, the only way to skip
     "unsupported": {"<backend>": "construct"}}    # optional: that backend must raise UnsupportedError

``error`` is an error class's code (``filterset``, ``query_syntax``, ...) or a
problem code (``unknown_operator``, ...) that one of the problems of the raised
:class:`filterengine.FiltersetError` carries; never message wording.

Every case runs on every adapter of :mod:`conformance_backends`; every case with
``q`` runs again through the canonical text of its query (which must parse back
to the same IR), and every ``q``-only case runs again as ``compile_filters([], q=...)``.
An unknown key anywhere fails the run, so a typo cannot silently skip a check.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import filterengine as fe
from filterengine import predicate
from filterengine.syntax import parse_query_syntax

from .conformance_backends import BACKENDS, FAMILIES, ONCE_PER_IR

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "conformance"
FILES = sorted(CORPUS.glob("*.json"))

GROUP_KEYS = {"description", "now", "schema", "records", "cases"}
REQUIRED_GROUP_KEYS = GROUP_KEYS - {"schema"}
CASE_KEYS = {"description", "filters", "q", "default_operator", "expected", "error", "position", "pointer",
             "problems", "skip", "unsupported"}
ERROR_DETAIL_KEYS = {"position", "pointer", "problems"}

#: The 17 operators of issue 2, as documented.
OPERATOR_NAMES = (
    "is", "isNot", "isAnyOf", "isNotAnyOf", "isEmpty", "isNotEmpty", "contains", "doesNotContain",
    "containsAnyOf", "containsAllOf", "doesNotContainAnyOf", "isBefore", "isAfter",
    "isSmallerThan", "isGreaterThan", "isInTheLast", "isNotInTheLast",
)

Group = dict[str, Any]
Case = dict[str, Any]


def _load(path: Path) -> list[Group]:
    with path.open(encoding="utf-8") as handle:
        groups: list[Group] = json.load(handle)
    return groups


def _cases() -> Iterator[tuple[str, Group, Case]]:
    for path in FILES:
        for g, group in enumerate(_load(path)):
            for c, case in enumerate(group["cases"]):
                yield f"{path.stem}:{g}.{c} {case.get('description')}", group, case


# --- variants: the same case, run another way ---------------------------------------------------

def _as_written(group: Group, case: Case) -> Case:
    return case


def _canonical(group: Group, case: Case) -> Case:
    """The case with its q replaced by the canonical text, which must give the same IR."""
    schema = group.get("schema")
    tree = fe.parse_query(case["q"], schema, case.get("default_operator", "OR"))
    text = fe.format_query(tree, schema)
    assert fe.parse_query(text, schema) == tree, text
    return {**{k: v for k, v in case.items() if k != "default_operator"}, "q": text}


def _with_no_filters(group: Group, case: Case) -> Case:
    """The q-only case ANDed with an empty filters list, through compile_filters."""
    return {**case, "filters": []}


VARIANTS: dict[str, Callable[[Group, Case], Case]] = {
    "as-written": _as_written,
    "canonical-q": _canonical,
    "filters+q": _with_no_filters,
}


def _variants(case: Case) -> list[str]:
    if "q" not in case or "error" in case:
        return ["as-written"]
    if "filters" in case:
        return ["as-written", "canonical-q"]
    return list(VARIANTS)


def _params() -> Iterator[Any]:
    for name, group, case in _cases():
        for variant in _variants(case):
            for backend in BACKENDS:
                # The other variants give the same IR (asserted on the in-process backends): SQL and Polars run each IR once.
                if variant == "as-written" or backend not in ONCE_PER_IR:
                    yield pytest.param(group, case, variant, backend, id=f"{name} [{variant}]-{backend}",
                                       marks=[pytest.mark.spark] if backend == "spark" else [])


@pytest.mark.parametrize(("group", "case", "variant", "backend"), list(_params()))
def test_case(group: Group, case: Case, variant: str, backend: str) -> None:
    reason = _for_backend(case.get("skip", {}), backend)
    if reason:
        pytest.skip(f"{backend}: {reason}")
    run = BACKENDS[backend]
    construct = _for_backend(case.get("unsupported", {}), backend)
    if construct:
        with pytest.raises(fe.UnsupportedError) as refused:
            run(group, VARIANTS[variant](group, case))
        assert refused.value.construct == construct and refused.value.dialect == backend, str(refused.value)
        return
    if "error" in case:
        with pytest.raises(fe.FilterEngineError) as raised:
            run(group, case)
        _check_error(raised.value, case)
        return
    assert run(group, VARIANTS[variant](group, case)) == case["expected"]


def _for_backend(marks: dict[str, str], backend: str) -> str | None:
    """What ``skip`` or ``unsupported`` says for ``backend``, by its name or its family's."""
    if backend in marks:
        return marks[backend]
    return next((v for family, v in marks.items() if backend in FAMILIES.get(family, ())), None)


def _class_codes() -> set[str]:
    """The codes of the error classes (``filterset``, ``query_syntax``, ...)."""
    found, todo = set(), [fe.FilterEngineError]
    while todo:
        cls = todo.pop()
        found.add(cls.code)
        todo.extend(cls.__subclasses__())
    return found


def _check_error(err: fe.FilterEngineError, case: Case) -> None:
    kind = case["error"]
    problems = [p for p in getattr(err, "problems", ()) if p.severity == "error"]
    if kind in _class_codes():
        assert err.code == kind, f"{type(err).__name__} ({err.code}), not {kind}: {err}"
        fits = problems
    else:
        fits = [p for p in problems if p.code == kind]
        assert fits, f"no problem with code {kind!r}: {[p.code for p in problems]}\n{err}"
    if "pointer" in case:
        assert case["pointer"] in [p.path for p in fits], f"{[(p.code, p.path) for p in problems]}"
    if "problems" in case:
        assert [{"code": p.code, "pointer": p.path} for p in problems] == case["problems"], str(err)
    if "position" in case:
        assert getattr(err, "position", None) == case["position"], str(err)


# --- the corpus itself ----------------------------------------------------------------------------

def _documented_codes() -> dict[str, str]:
    """``code -> meaning`` from the "Error codes" section of docs/errors.md."""
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    section = text.split("\n## Error codes\n", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^- `(\w+)`: (.+)$", section, re.M))


def test_every_adapter_module_backend_is_in_the_runner() -> None:
    assert set(predicate.BACKENDS) <= set(BACKENDS), "an in-process backend without a conformance adapter"


def test_corpus_is_well_formed() -> None:
    assert len(FILES) >= 10, FILES
    documented = set(_documented_codes())
    for path in FILES:
        groups = _load(path)
        assert isinstance(groups, list) and groups, path.name
        for group in groups:
            where = f"{path.name}: {group.get('description')!r}"
            assert isinstance(group, dict), where
            assert REQUIRED_GROUP_KEYS <= set(group) <= GROUP_KEYS, f"{where}: keys {sorted(group)}"
            assert isinstance(group["description"], str) and group["description"], where
            assert group["now"] is None or isinstance(group["now"], str), where
            assert group.get("schema") is None or isinstance(group["schema"], dict), where
            assert isinstance(group["records"], list), where
            assert all(isinstance(r, dict) and "id" in r for r in group["records"]), where
            ids = [r["id"] for r in group["records"]]
            assert len(ids) == len(set(ids)), f"{where}: duplicate record ids"
            assert isinstance(group["cases"], list) and group["cases"], where
            descriptions = [c.get("description") for c in group["cases"]]
            assert len(descriptions) == len(set(descriptions)), f"{where}: duplicate case description"
            inputs = [json.dumps([c.get("filters"), c.get("q"), c.get("default_operator")]) for c in group["cases"]]
            assert len(inputs) == len(set(inputs)), f"{where}: the same input twice"
            for case in group["cases"]:
                _check_case(case, ids, documented, f"{where} / {case.get('description')!r}")


def _check_case(case: Case, ids: list[Any], documented: set[str], here: str) -> None:
    assert isinstance(case, dict), here
    assert set(case) <= CASE_KEYS, f"{here}: unknown keys {sorted(set(case) - CASE_KEYS)}"
    assert isinstance(case.get("description"), str) and case["description"], here
    assert "filters" in case or "q" in case, here
    assert "q" not in case or isinstance(case["q"], str), here
    assert "default_operator" not in case or ("q" in case and case["default_operator"] in ("OR", "AND")), here
    assert ("expected" in case) != ("error" in case), here
    if "expected" in case:
        expected = case["expected"]
        assert not ERROR_DETAIL_KEYS & set(case), here
        assert all(e in ids for e in expected), f"{here}: unknown id"
        assert expected == sorted(expected, key=ids.index), f"{here}: not in record order"
        assert len(expected) == len(set(expected)), here
    else:
        assert case["error"] in documented, f"{here}: undocumented error code {case['error']!r}"
        assert "position" not in case or isinstance(case["position"], int), here
        assert "pointer" not in case or isinstance(case["pointer"], str), here
        for problem in case.get("problems", []):
            assert set(problem) == {"code", "pointer"} and problem["code"] in documented, here
    for key in ("skip", "unsupported"):
        marks = case.get(key, {})
        assert isinstance(marks, dict), here
        for backend, reason in marks.items():
            assert backend in BACKENDS or backend in FAMILIES, f"{here}: {key} names an unknown backend {backend!r}"
            assert isinstance(reason, str) and reason.strip(), f"{here}: a {key} needs a reason"
    assert "unsupported" not in case or "expected" in case, f"{here}: unsupported is for matching cases"


def test_the_checks_catch_typos_and_honour_skips() -> None:
    documented = set(_documented_codes())
    good: Case = {"description": "d", "q": "a", "expected": []}
    _check_case(good, [], documented, "here")
    for bad in [{**good, "exepcted": []}, {**good, "skip": {"no-such-backend": "why"}},
                {**good, "skip": {"python": " "}}, {**good, "position": 1},
                {"description": "d", "q": "(", "error": "no_such_code"}]:
        with pytest.raises(AssertionError):
            _check_case(bad, [], documented, "here")
    group: Group = {"description": "g", "now": None, "records": [], "cases": [good]}
    with pytest.raises(pytest.skip.Exception, match="python: not expressible"):
        test_case(group, {**good, "skip": {"python": "not expressible"}}, "as-written", "python")


def test_error_codes_are_documented_and_used_by_the_source() -> None:
    documented = _documented_codes()
    src = ROOT / "src" / "filterengine"
    written = set()
    for path in [src / "errors.py", src / "schema.py", *(src / "filterset").glob("*.py"), src / "playlist" / "check.py"]:
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r"\bcode\s*=\s*\"(\w+)\"", text))
        written |= set(re.findall(r"\(\"[^\"]*\", \"(\w+)\"\)", text)) & documented.keys()  # (why, code) pairs
    assert written, "no codes found in the source"
    assert written <= documented.keys(), f"codes without a line in docs/errors.md: {written - documented.keys()}"
    assert documented.keys() <= written | _class_codes(), f"documented but never set: {documented.keys() - written}"


def _operators(filters: Any) -> Iterator[str]:
    """Every operator name written anywhere in a filters value, whatever its shape."""
    if isinstance(filters, dict):
        if isinstance(filters.get("operator"), str):
            yield filters["operator"]
        for value in filters.values():
            yield from _operators(value)
    elif isinstance(filters, list):
        for value in filters:
            yield from _operators(value)


def test_corpus_uses_every_operator() -> None:
    used = {name.strip().lower() for _, _, case in _cases() for name in _operators(case.get("filters"))}
    missing = [name for name in OPERATOR_NAMES if name.lower() not in used]
    assert not missing, f"operators never exercised by the corpus: {missing}"


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from _walk(getattr(node, f.name))
    elif isinstance(node, tuple):
        for child in node:
            yield from _walk(child)


def _unescaped(raw: str, chars: str) -> bool:
    return bool(re.search(r"(?<!\\)(?:\\\\)*[" + re.escape(chars) + "]", raw))


#: Every construct of the q syntax, by what its syntax tree (or its text) shows.
Q_CONSTRUCTS: dict[str, Callable[[str, list[Any]], bool]] = {
    "bare term": lambda q, ns: any(type(n).__name__ == "Term" for n in ns),
    "fielded term": lambda q, ns: any(type(n).__name__ == "Fielded" and type(n.child).__name__ == "Term" for n in ns),
    "field group": lambda q, ns: any(type(n).__name__ == "Fielded" and type(n.child).__name__ == "Group" for n in ns),
    "match all *:*": lambda q, ns: any(type(n).__name__ == "Fielded" and n.name == "*" for n in ns),
    "phrase": lambda q, ns: any(type(n).__name__ == "Quoted" for n in ns),
    "proximity": lambda q, ns: any(type(n).__name__ == "Quoted" and n.slop is not None for n in ns),
    "fuzzy": lambda q, ns: any(type(n).__name__ == "Term" and n.fuzzy is not None for n in ns),
    "wildcard *": lambda q, ns: any(type(n).__name__ == "Term" and _unescaped(n.raw, "*") and n.raw != "*" for n in ns),
    "wildcard ?": lambda q, ns: any(type(n).__name__ == "Term" and _unescaped(n.raw, "?") for n in ns),
    "escape": lambda q, ns: any(type(n).__name__ == "Term" and "\\" in n.raw for n in ns),
    "boost": lambda q, ns: any(getattr(n, "boost", None) is not None for n in ns),
    "inclusive range": lambda q, ns: any(type(n).__name__ == "RangeQ" and n.lower_inclusive and n.upper_inclusive for n in ns),
    "exclusive range": lambda q, ns: any(type(n).__name__ == "RangeQ" and not n.lower_inclusive and not n.upper_inclusive for n in ns),
    "mixed range": lambda q, ns: any(type(n).__name__ == "RangeQ" and n.lower_inclusive != n.upper_inclusive for n in ns),
    "open range bound *": lambda q, ns: any(type(n).__name__ == "RangeBound" and n.raw == "*" for n in ns),
    "date math": lambda q, ns: any(type(n).__name__ in ("RangeBound", "Term") and n.raw.upper().startswith("NOW") for n in ns),
    "AND": lambda q, ns: any(type(n).__name__ == "AndQ" for n in ns),
    "OR": lambda q, ns: any(type(n).__name__ == "OrQ" for n in ns),
    "NOT": lambda q, ns: any(type(n).__name__ == "NotQ" for n in ns),
    "+required": lambda q, ns: any(type(n).__name__ == "Prefixed" and n.op == "+" for n in ns),
    "-prohibited": lambda q, ns: any(type(n).__name__ == "Prefixed" and n.op == "-" for n in ns),
    "parentheses": lambda q, ns: any(type(n).__name__ == "Group" for n in ns[1:]),
    "comment": lambda q, ns: "/*" in q,
}


def test_corpus_uses_every_q_construct() -> None:
    seen: set[str] = set()
    default_and = False
    for _, _, case in _cases():
        if "q" not in case or "error" in case:
            continue
        default_and = default_and or case.get("default_operator") == "AND"
        nodes = list(_walk(parse_query_syntax(case["q"])))
        seen |= {name for name, shows in Q_CONSTRUCTS.items() if shows(case["q"], nodes)}
    missing = [name for name in Q_CONSTRUCTS if name not in seen]
    assert not missing, f"q constructs never exercised by a matching case: {missing}"
    assert default_and, "no case with default_operator AND"


def test_corpus_size() -> None:
    total = sum(1 for _ in _cases())
    assert total >= 600, total
