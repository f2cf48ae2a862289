"""Cliplist ``filters`` JSON (any of its three shapes) -> validated IR, with JSON pointers.

Validation collects every problem before raising; ignored filters (empty values)
are reported as warnings. Sizes are measured first (:mod:`.size`), and each value
where it is read: an input over its :class:`~filterengine.limits.Limits` raises
:class:`~filterengine.errors.LimitExceededError` at once, with the JSON pointer of
the part over the limit (it is not one of the problems).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import LimitExceededError, Problem, TimeExpressionError
from ..ir import And, Bound, ContainsAll, DateMath, Equals, IsEmpty, Node, Not, Or, Range, Scalar, Substring
from ..limits import DEFAULT_LIMITS, Limits, int_digits, number_digits
from ..runtime.display import MAX_DIGITS, literal, writable
from ..runtime.values import to_number
from ..schema import Schema
from ..span import quoted, render_caret
from ..syntax import parse_date_value, parse_reach
from .model import SEARCH_REQUEST_KEYS, is_search_request
from .operators import OPERATORS, Operator, lookup_operator
from .size import check_filters_size

__all__ = ["lower_filters", "lower_filterset", "lower_filter", "iter_filtersets", "Lowered"]

_OPERATOR_NAMES = [op.name for op in OPERATORS]
_SCALARS = (str, int, float, bool)


@dataclass
class Lowered:
    """The result of lowering: the IR and every problem found (errors and warnings)."""

    node: Node
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def iter_filtersets(filters: Any, base: str, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """``(pointer, filterset)`` for each filterset in any of the three documented shapes."""
    if filters is None:
        return
    if isinstance(filters, list):
        for i, fs in enumerate(filters):
            yield f"{base}/{i}", fs
        return
    if isinstance(filters, dict):
        if is_search_request(filters):
            for key, value in filters.items():
                if key not in SEARCH_REQUEST_KEYS:
                    problems.append(Problem(f"{base}/{_escape(str(key))}", f"key {quoted(key)} of a SearchRequest is ignored",
                                            "warning", code="ignored_key"))
                elif key == "q" and value is not None and not isinstance(value, str):
                    problems.append(Problem(f"{base}/q", "q must be a string", code="not_a_string"))
            sets = filters.get("filterSet")
            if sets is None:
                return
            if not isinstance(sets, list):
                problems.append(Problem(f"{base}/filterSet", "must be a list of filtersets", code="bad_filters_shape"))
                return
            for i, fs in enumerate(sets):
                yield f"{base}/filterSet/{i}", fs
            return
        numbered = []
        for key, fs in filters.items():
            if key == "sort":
                continue
            if isinstance(key, str) and key.isascii() and key.isdigit():  # not "¹": int() refuses it
                numbered.append((int(key), key, fs))
            else:
                problems.append(
                    Problem(f"{base}/{_escape(str(key))}", "unexpected key; filtersets are keyed \"0\", \"1\", ... beside an optional \"sort\"",
                            code="unexpected_key")
                )
        for _, key, fs in sorted(numbered):
            yield f"{base}/{key}", fs
        return
    problems.append(Problem(base or "/", "filters must be a list of filtersets, an object keyed \"0\", \"1\", ..., or a SearchRequest", code="bad_filters_shape"))


def lower_filters(filters: Any, schema: Schema, base: str = "", limits: Limits = DEFAULT_LIMITS) -> Lowered:
    """Lower a cliplist's ``filters`` value: AND of filtersets, OR inside each."""
    check_filters_size(filters, base, limits)
    problems: list[Problem] = []
    conjuncts: list[Node] = []
    for path, filterset in iter_filtersets(filters, base, problems):
        node = lower_filterset(filterset, path, schema, problems, limits)
        if node is not None:
            conjuncts.append(node)
    return Lowered(And(tuple(conjuncts)), problems)


def lower_filterset(
    filterset: Any, path: str, schema: Schema, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> Node | None:
    if not isinstance(filterset, dict):
        problems.append(Problem(path, "a filterset must be an object with a \"filters\" list", code="filterset_not_an_object"))
        return None
    items = filterset.get("filters")
    if items is None:
        problems.append(Problem(path, "filterset without filters is ignored", "warning", code="empty_filterset"))
        return None
    if not isinstance(items, list):
        problems.append(Problem(f"{path}/filters", "must be a list of filters", code="filters_not_a_list"))
        return None
    disjuncts = []
    for i, item in enumerate(items):
        node = lower_filter(item, f"{path}/filters/{i}", schema, problems, limits)
        if node is not None:
            disjuncts.append(node)
    if not disjuncts:
        if not any(p.severity == "error" and p.path.startswith(path + "/") for p in problems):
            problems.append(Problem(path, "filterset left without filters is ignored", "warning", code="empty_filterset"))
        return None
    return Or(tuple(disjuncts))


def lower_filter(
    item: Any, path: str, schema: Schema, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> Node | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, "a filter must be an object with field, operator and value", code="filter_not_an_object"))
        return None
    before = len(problems)
    name = item.get("field")
    if not isinstance(name, str) or not name.strip():
        why, code = ("is missing", "missing_field") if name is None else ("must be a non-empty string", "bad_field")
        problems.append(Problem(f"{path}/field", f"field {why}", code=code))
    operator = _operator(item, path, problems)
    if len(problems) > before or operator is None or not isinstance(name, str):
        return None
    if name in schema.unsupported:
        problems.append(Problem(f"{path}/field", f"field {quoted(name)} cannot be evaluated here: {schema.unsupported[name]}",
                                code="unsupported_field"))
        return None
    values: list[tuple[str, Scalar]] = []
    if operator.takes_value:
        found_values = _values(item, path, problems, limits)
        if found_values is None:
            return None
        values = found_values
    # A group (the platform's "fulltext") is any of its fields: the positive test ORed over them.
    members = schema.groups.get(name, (name,))
    tests: list[Node] = []
    for i, member in enumerate(members):
        fld = schema.field(member)
        if not operator.takes_value:
            tests.append(IsEmpty(fld))
            continue
        report = problems if i == 0 else []  # the same value's problems once
        found = _lower_values(operator, fld, values, report, limits)
        if found is None:
            return None
        tests.append(found)
    node: Node = tests[0] if len(tests) == 1 else (And(tuple(tests)) if not operator.takes_value else Or(tuple(tests)))
    return Not(node) if operator.negated else node


def _operator(item: dict[str, Any], path: str, problems: list[Problem]) -> Operator | None:
    raw = item.get("operator")
    if not isinstance(raw, str):
        why, code = ("is missing", "missing_operator") if raw is None else ("must be a string", "bad_operator")
        problems.append(Problem(f"{path}/operator", f"operator {why}", code=code))
        return None
    operator = lookup_operator(raw.strip())
    if operator is None:
        lowered = {n.lower(): n for n in _OPERATOR_NAMES}
        close = difflib.get_close_matches(raw.strip().lower(), list(lowered), n=1, cutoff=0.6)
        hint = f"; did you mean {lowered[close[0]]!r}?" if close else f"; expected one of {', '.join(_OPERATOR_NAMES)}"
        problems.append(Problem(f"{path}/operator", f"unknown operator {quoted(raw)}{hint}", code="unknown_operator"))
    return operator


def _values(item: dict[str, Any], path: str, problems: list[Problem], limits: Limits) -> list[tuple[str, Scalar]] | None:
    """``(pointer, scalar)`` for each usable member of the value; None if the filter is ignored."""
    value = item.get("value")
    vpath = f"{path}/value"
    members = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    out: list[tuple[str, Scalar]] = []
    bad = False
    for index, member in members:
        mpath = vpath if index is None else f"{vpath}/{index}"
        if member is None or member == "":
            continue
        if not isinstance(member, _SCALARS):
            problems.append(Problem(mpath, f"a filter value must be a string, number or boolean, not {_json_kind(member)}",
                                    code="bad_value"))
            bad = True
            continue
        if isinstance(member, float) and not math.isfinite(member):
            if member != member:
                problems.append(Problem(mpath, "a filter value cannot be NaN", code="nan_value"))
            else:  # JSON has no infinity, but Python's json reads 1e400 as one
                problems.append(Problem(mpath, f"a filter value must be a finite number, not {member!r}", code="infinite_value"))
            bad = True
            continue
        if isinstance(member, int) and not isinstance(member, bool) and abs(member) >= 10**limits.digits:
            raise LimitExceededError("digits", limits.digits, int_digits(member), "number too long", "digits",
                                     pointer=mpath)
        if isinstance(member, int) and not isinstance(member, bool) and not writable(int(member)):
            problems.append(Problem(mpath, f"a filter value must be a number of at most {MAX_DIGITS:,} digits, not "
                                    f"{literal(member)}", code="bad_value"))
            bad = True
            continue
        out.append((mpath, member))
    if bad:
        return None
    if not out:
        problems.append(Problem(vpath, "filter with an empty value is ignored", "warning", code="empty_value"))
        return None
    return out


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _lower_values(
    operator: Operator,
    fld: Any,
    values: list[tuple[str, Scalar]],
    problems: list[Problem],
    limits: Limits,
) -> Node | None:
    family = operator.family
    scalars = tuple(v for _, v in values)
    if family in ("equals", "contains_all") and fld.kind == "date":
        # A date field compares instants, as ``q`` does: "...T09:30:00Z" is "...T10:30:00+01:00".
        points: list[Node] = []
        for mpath, value in values:
            instant = _date_bound(value, mpath, problems, limits)
            if instant is not None:
                points.append(Range(fld, "date", Bound(instant, True), Bound(instant, True)))
        if len(points) != len(values):
            return None
        if len(points) == 1:
            return points[0]
        return Or(tuple(points)) if family == "equals" else And(tuple(points))
    if family == "equals":
        return Equals(fld, scalars)
    if family == "contains_all":
        return ContainsAll(fld, scalars)
    if family == "substring":
        return Substring(fld, scalars)
    ranges: list[Node] = []
    for mpath, value in values:
        node = _range(family, fld, mpath, value, problems, limits)
        if node is not None:
            ranges.append(node)
    if len(ranges) != len(values):
        return None
    return ranges[0] if len(ranges) == 1 else Or(tuple(ranges))


def _date_bound(value: Scalar, path: str, problems: list[Problem] | None, limits: Limits) -> DateMath | None:
    """``value`` as an instant (ISO 8601, date math, epoch number); a ``not_a_date`` problem if not."""
    try:
        return parse_date_value(value, limits)
    except LimitExceededError as err:
        raise err.located(pointer=path) from None
    except TimeExpressionError as err:
        if problems is not None:
            problems.append(Problem(path, f"{quoted(value)} is not a date: {err.reason} at offset {err.position}",
                                    code="not_a_date", error=err))
        return None
    except TypeError:
        if problems is not None:
            problems.append(Problem(path, f"{quoted(value)} is not a date (expected ISO 8601 or date math such as NOW-7DAYS)",
                                    code="not_a_date"))
        return None


def _number_bound(value: Scalar, path: str, problems: list[Problem] | None, limits: Limits) -> int | float | None:
    if isinstance(value, str) and len(value) > limits.digits:
        digits = number_digits(value)
        if digits > limits.digits:
            raise LimitExceededError("digits", limits.digits, digits, "number too long", "digits", pointer=path)
    number = to_number(value)
    if number is None and problems is not None:
        problems.append(Problem(path, f"{quoted(value)} is not a number", code="not_a_number"))
    return number


def _range(family: str, fld: Any, path: str, value: Scalar, problems: list[Problem], limits: Limits) -> Node | None:
    if family in ("smaller", "greater", "before", "after"):
        # The platform compiles both pairs to the same inclusive range: the field's
        # kind decides what the value is; a field of no known kind reads the value
        # as the operator's own kind first (a number for isSmallerThan, a date for
        # isBefore), else as the other one.
        own = "number" if family in ("smaller", "greater") else "date"
        other = "date" if own == "number" else "number"
        kinds = (fld.kind,) if fld.kind in ("number", "date") else (own, other)
        upper = family in ("smaller", "before")
        for i, kind in enumerate(kinds):
            report = problems if i == 0 else None
            bound_value: Any = (_number_bound if kind == "number" else _date_bound)(value, path, report, limits)
            if bound_value is not None:
                if i > 0:  # the first kind's problem is not one
                    del problems[len(problems) - 1]
                bound = Bound(bound_value, True)
                return Range(fld, kind, None, bound) if upper else Range(fld, kind, bound, None)
        return None
    # in_the_last
    if not isinstance(value, str):
        problems.append(Problem(path, f"{quoted(value)} is not a time expression such as \"7DAYS\"",
                                code="not_a_time_expression"))
        return None
    try:
        start = parse_reach(value, limits)
    except LimitExceededError as err:
        raise err.located(pointer=path) from None
    except TimeExpressionError as err:
        problems.append(Problem(path, f"{err.reason} at offset {err.position}\n{render_caret(err.text, err.position)}",
                                code="invalid_time_expression", error=err))
        return None
    return Range(fld, "date", Bound(start, True), Bound(DateMath(None), True))

