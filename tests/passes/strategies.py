"""Hypothesis strategies: random IR trees built directly, and messy records for them.

The pools are small on purpose, so that trees often hold what the passes act on:
the same field twice, the same value twice, fields that share a name but not a
kind or case rule, values that are ``==`` but not identical (``1``, ``1.0``, ``True``).
"""

from __future__ import annotations

import importlib.util
import random
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from hypothesis import strategies as st

from filterengine import ir
from filterengine.ir import Field
from filterengine.walk import field_of, transform, walk


def _sibling(relative: str) -> ModuleType:
    """Another test package's strategies module (``tests`` is no package, so no relative import reaches it)."""
    path = Path(__file__).parents[1] / relative
    spec = importlib.util.spec_from_file_location(f"_passes_{path.parent.name}_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


filterset_strategies = _sibling("property/strategies.py")
query_strategies = _sibling("query/strategies.py")

FIELDS = [
    Field("a", ("a",)),
    Field("a", ("a",), kind="keyword"),
    Field("a", ("a",), kind="keyword", case_insensitive=True),
    Field("cat", ("cat",)),
    Field("cat", ("cat",), kind="keyword", case_insensitive=True),
    Field("title", ("title",), kind="text"),
    Field("title", ("title",), kind="text", case_insensitive=True),
    Field("meta.x", ("meta.x",), ("meta", "x")),
    Field("views", ("views",), kind="number"),
    Field("publisheddate", ("publisheddate",), kind="date"),
    Field("status", ("status",), kind="keyword", case_insensitive=True),
]
VALUES: list[ir.Scalar] = ["news", "News", "sport", "1", "1.0", "", "a", "A", "true", "x y", "harbour", "2024-05-03",
                           0, 1, -3, True, False, 1.0, 0.0, -0.0, 2.5]
WORDS = ["harbour", "dawn", "at", "goal", "news", "x1", "a"]
PATTERNS = ["*", "har*", "?", "n?ws", "*a*", "1*", "\\*"]
NOW = datetime(2024, 5, 10, 12, tzinfo=UTC)

fields = st.sampled_from(FIELDS)
values = st.lists(st.sampled_from(VALUES), max_size=3).map(tuple)
# Few values, all with look-alikes, so that side-by-side tests and records often meet.
some_values = st.lists(st.sampled_from(["news", "News", "sport", 1, 1.0, True, "1", 0, False]),
                       min_size=1, max_size=2).map(tuple)

date_values = st.one_of(
    st.sampled_from([datetime(2024, 5, 3, 12, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC)])
    .map(lambda d: ir.DateMath(d)),
    st.sampled_from([(), (ir.Shift(-7, "DAY"),), (ir.Shift(-1, "MONTH"), ir.Round("DAY")), (ir.Round("DAY"),)])
    .map(lambda steps: ir.DateMath(None, steps)),
)
BOUND_VALUES = {
    "number": st.sampled_from([-3.0, 0.0, 1.0, 2.5, 100.0]),
    "string": st.sampled_from(["", "a", "m", "news", "z"]),
    "date": date_values,
}


@st.composite
def ranges(draw: st.DrawFn) -> ir.Range:
    kind = draw(st.sampled_from(sorted(BOUND_VALUES)))
    bound = st.none() | st.builds(ir.Bound, BOUND_VALUES[kind], st.booleans())
    return ir.Range(draw(fields), kind, draw(bound), draw(bound))


_SET_TESTS: list[type[ir.Equals] | type[ir.Substring] | type[ir.ContainsAll]] = [ir.Equals, ir.Substring, ir.ContainsAll]


def _set_tests(group: list[Field]) -> st.SearchStrategy[ir.Node]:
    def tests(kinds: list[type[ir.Equals] | type[ir.Substring] | type[ir.ContainsAll]]) -> st.SearchStrategy[ir.Node]:
        return st.builds(lambda kind, f, vs: kind(f, vs), st.sampled_from(kinds), st.sampled_from(group), some_values)

    # Mostly one kind of test side by side (what merging looks for), sometimes a mix.
    test = st.one_of(st.sampled_from(_SET_TESTS).flatmap(lambda kind: tests([kind])), tests(_SET_TESTS))
    return st.builds(lambda op, kids: op(tuple(kids)), st.sampled_from([ir.And, ir.Or]),
                     st.lists(test, min_size=2, max_size=4))


# Set tests side by side on fields of one name (kinds and case rules differ): what merging looks at.
_GROUPS = [[f for f in FIELDS if f.name == name] for name in sorted({f.name for f in FIELDS})]
siblings = st.sampled_from([g for g in _GROUPS if len(g) > 1]).flatmap(_set_tests)

leaves: st.SearchStrategy[ir.Node] = st.one_of(
    siblings,
    st.just(ir.MatchAll()),
    st.builds(ir.Equals, fields, values),
    st.builds(ir.ContainsAll, fields, values),
    st.builds(ir.Substring, fields, values),
    st.builds(ir.IsEmpty, fields),
    ranges(),
    st.builds(ir.Phrase, fields, st.lists(st.sampled_from(WORDS), max_size=3).map(tuple), st.integers(0, 2)),
    st.builds(ir.Wildcard, fields, st.sampled_from(PATTERNS)),
    st.builds(ir.Fuzzy, fields, st.sampled_from(WORDS), st.integers(0, 2)),
)


# Values that Python holds == but the value rules may not, and fields that share a name.
_TWINS: list[list[ir.Scalar]] = [[1, 1.0, True], [0, 0.0, -0.0, False], ["1", "1.0"], ["news", "News"]]
_SAME_NAME = {f: [g for g in FIELDS if g.name == f.name] for f in FIELDS}


def _twin(node: ir.Node, rnd: random.Random) -> ir.Node:
    """``node`` with some values and fields swapped for a look-alike: a near repeat."""

    def value(v: ir.Scalar) -> ir.Scalar:
        for group in _TWINS:
            if any(type(v) is type(w) and repr(v) == repr(w) for w in group):
                return rnd.choice(group)
        return v

    # One kind of look-alike at a time: ``==`` but not identical (values), or another field.
    swap_fields = rnd.random() < 0.5

    def field(f: Field) -> Field:
        return rnd.choice(_SAME_NAME[f]) if swap_fields else f

    def members(vs: tuple[ir.Scalar, ...]) -> tuple[ir.Scalar, ...]:
        return vs if swap_fields else tuple(map(value, vs))

    def swap(n: ir.Node) -> ir.Node:
        if isinstance(n, ir.Equals):
            return ir.Equals(field(n.field), members(n.values))
        if isinstance(n, ir.ContainsAll):
            return ir.ContainsAll(field(n.field), members(n.values))
        if isinstance(n, ir.Substring):
            return ir.Substring(field(n.field), members(n.needles))
        if isinstance(n, ir.IsEmpty):
            return ir.IsEmpty(field(n.field))
        return n

    return transform(node, swap)


def _branches(kids: st.SearchStrategy[ir.Node]) -> st.SearchStrategy[ir.Node]:
    many = st.lists(kids, max_size=4).map(tuple)
    return st.one_of(
        many.map(ir.And),
        many.map(ir.Or),
        kids.map(ir.Not),
        st.builds(ir.Boost, kids, st.sampled_from([0.5, 2.0])),
        # A subtree twice: what dedupe and merging look for.
        kids.map(lambda k: ir.Or((k, k))),
        kids.map(lambda k: ir.And((k, ir.Not(ir.Not(k))))),
        # A subtree and a look-alike: what they must not mistake for a repeat.
        st.builds(lambda k, rnd, op: op((k, _twin(k, rnd))), kids, st.randoms(use_true_random=False),
                  st.sampled_from([ir.And, ir.Or])),
    )


trees: st.SearchStrategy[ir.Node] = st.recursive(leaves, _branches, max_leaves=14)

# Records made of the trees' own values hit their tests most often; the other packages'
# records bring the mess (nested lists, NaN, odd dates).
_pool_value = st.one_of(st.sampled_from([*VALUES, None, "harbour at dawn", "Dawn"]),
                        st.lists(st.sampled_from(VALUES), max_size=3))
pool_records = st.dictionaries(
    st.sampled_from(["a", "cat", "title", "views", "publisheddate", "status"]), _pool_value, max_size=5
).flatmap(lambda r: st.one_of(st.just(r), _pool_value.map(lambda x: {**r, "meta": {"x": x}})))
records = st.one_of(pool_records, pool_records, filterset_strategies.records, query_strategies.records)


def _atoms(node: ir.Node) -> list[ir.Scalar]:
    """The values a tree looks for, and their look-alikes: what records should hold to hit its tests."""
    found: list[ir.Scalar] = []
    for sub in walk(node):
        if isinstance(sub, (ir.Equals, ir.ContainsAll)):
            found.extend(sub.values)
        elif isinstance(sub, ir.Substring):
            found.extend(sub.needles)
            found.extend(f"x{n}y" for n in sub.needles if isinstance(n, str))
        elif isinstance(sub, ir.Phrase):
            found.append(" ".join(sub.words))
        elif isinstance(sub, ir.Fuzzy):
            found.append(sub.term)
    for group in _TWINS:
        if any(any(type(v) is type(w) and v == w for w in group) for v in found):
            found.extend(group)
    found.extend(case(v) for v in list(found) if isinstance(v, str) for case in (str.upper, str.lower))
    return found


def probe_records(node: ir.Node) -> list[dict[str, object]]:
    """One record per field the tree reads and per value it looks for (or a look-alike of one)."""
    names = sorted({f.name for f in map(field_of, walk(node)) if f is not None})
    out: list[dict[str, object]] = [{}]
    for atom in dict.fromkeys((type(a), repr(a), a) for a in _atoms(node)):
        for name in names:
            out.append({"meta": {"x": atom[2]}} if name == "meta.x" else {name: atom[2]})
    return out


# A test next to a look-alike of itself (what dedupe must not take for a repeat), and set
# tests side by side on fields of one name (what merging must not take for one field).
look_alikes = st.builds(lambda k, rnd, op: op((k, _twin(k, rnd))), leaves, st.randoms(use_true_random=False),
                        st.sampled_from([ir.And, ir.Or]))
focused = st.one_of(siblings, look_alikes).flatmap(lambda n: st.one_of(st.just(n), st.just(ir.Not(n))))


@st.composite
def cases(draw: st.DrawFn, nodes: st.SearchStrategy[ir.Node] = trees) -> tuple[ir.Node, list[dict[str, object]]]:
    """A tree and records for it: some built from its own values (so its tests hit), some messy."""
    node = draw(nodes)
    atoms = st.sampled_from(_atoms(node) + ["News", "news at dawn", "HARBOUR", 1, None])
    value = st.one_of(atoms, st.lists(atoms, max_size=3))
    read = sorted({f.name for f in map(field_of, walk(node)) if f is not None and "." not in f.name})
    built = st.fixed_dictionaries({}, optional=dict.fromkeys(read, value)).flatmap(
        lambda r: st.one_of(st.just(r), value.map(lambda x: {**r, "meta": {"x": x}})))
    recs = draw(st.lists(st.one_of(built, built, records), min_size=1, max_size=6))
    return node, recs
