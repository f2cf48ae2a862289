"""The fast backend: the IR turned into the source of one Python function, compiled once.

Every constant is prepared at compile time (string forms, lower-cased needles,
frozen sets, parsed dates) and enters the generated code only as a bound name in
the function's own namespace, never as source text; nothing a user wrote is
evaluated. Bounds that depend on the clock (``isInTheLast``, ``NOW-7DAYS``) are
parameters of a factory, so one compiled program serves any *now* and no global
state is ever mutated: a compiled program is safe to share between threads.

The generated code takes an inline fast path for the common record value type
and calls a precompiled helper for everything else (lists, numeric strings,
other types), which applies the same rules as the reference backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Callable

from ..runtime.dates import evaluate, to_instant
from ..ir import (
    And,
    Boost,
    Bound,
    ContainsAll,
    DateMath,
    Equals,
    Field,
    Fuzzy,
    IsEmpty,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Substring,
    Wildcard,
)
from ..runtime.values import EqualitySet, NeedleSet, get_value, record_number, values_of
from ..runtime.text import FuzzyMatcher, PhraseMatcher, WildcardMatcher
from . import reference

__all__ = ["PythonProgram", "compile_program"]

Matcher = Callable[[Any], bool]


class PythonProgram:
    """A compiled predicate factory: ``bind(now)`` gives the record -> bool function."""

    __slots__ = ("source", "_factory", "_relative", "_static")

    def __init__(self, source: str, factory: Callable[..., Matcher], relative: tuple[DateMath, ...]):
        self.source = source
        self._factory = factory
        self._relative = relative
        self._static: Matcher | None = None

    @property
    def depends_on_now(self) -> bool:
        return bool(self._relative)

    def bind(self, now: datetime) -> Matcher:
        return self._factory(now, *(evaluate(math, now) for math in self._relative))


class _Generator:
    def __init__(self, node: Node):
        self.node = node
        # No builtins: the generated code sees only the names bound here.
        self.namespace: dict[str, Any] = {
            "__builtins__": {},
            "str": str,
            "int": int,
            "float": float,
            "list": list,
            "AttributeError": AttributeError,
            "TypeError": TypeError,
        }
        self.relative: list[DateMath] = []
        self._locals = 0
        self._const_names: dict[int, str] = {}

    def const(self, value: Any, prefix: str = "C") -> str:
        key = id(value)
        name = self._const_names.get(key)
        if name is None or self.namespace.get(name) is not value:
            name = f"{prefix}{len(self.namespace)}"
            self.namespace[name] = value
            self._const_names[key] = name
        return name

    def local(self) -> str:
        self._locals += 1
        return f"v{self._locals}"

    def fetch(self, fld: Field) -> str:
        if len(fld.keys) == 1 and fld.path is None:
            return f"r.get({self.const(fld.keys[0], 'K')})"
        return f"{self.const(get_value, 'GET')}(r, {self.const(fld, 'F')})"

    def expr(self, node: Node) -> str:
        if isinstance(node, MatchAll):
            return "True"
        if isinstance(node, And):
            return "(" + " and ".join(map(self.expr, node.children)) + ")" if node.children else "True"
        if isinstance(node, Or):
            return "(" + " or ".join(map(self.expr, node.children)) + ")" if node.children else "False"
        if isinstance(node, Not):
            return f"(not {self.expr(node.child)})"
        if isinstance(node, IsEmpty):
            v = self.local()
            return f'(({v} := {self.fetch(node.field)}) is None or {v} == "" or {v} == [] or {v} == ())'
        if isinstance(node, Equals):
            return self.equals(node)
        if isinstance(node, Substring):
            return self.substring(node)
        if isinstance(node, ContainsAll):
            sets = tuple(EqualitySet((value,), node.field.case_insensitive) for value in node.values)
            v = self.local()
            check = self.const(lambda value, sets=sets: all(s.match(value) for s in sets), "ALL")
            return f"(({v} := {self.fetch(node.field)}) is not None and {check}({v}))"
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Boost):
            return self.expr(node.child)
        if isinstance(node, (Phrase, Wildcard, Fuzzy)):
            return self.text_match(node)
        raise AssertionError(f"unknown IR node {node!r}")

    def text_match(self, node: Phrase | Wildcard | Fuzzy) -> str:
        """q text tests: a matcher built here; strings skip tokenizing when the word is absent."""
        fld = node.field
        tokenized = fld.kind == "text"
        matcher: PhraseMatcher | WildcardMatcher | FuzzyMatcher
        if isinstance(node, Phrase):
            if not node.words:
                return "False"
            matcher = PhraseMatcher(node.words, node.slop)
        elif isinstance(node, Wildcard):
            matcher = WildcardMatcher(node.pattern, tokenized, fld.case_insensitive)
        else:
            matcher = FuzzyMatcher(node.term, node.distance, tokenized, fld.case_insensitive)
        v = self.local()
        fetch = self.fetch(fld)
        if isinstance(node, Phrase):
            # Words are lower-cased pieces of the lower-cased text: a cheap substring
            # test rules most strings out before any tokenizing.
            first = self.const(node.words[0], "W")
            text = self.const(matcher.match_text, "PH")
            slow = self.const(matcher.match, "PHV")
            return (
                f"(({first} in {v}.lower() and {text}({v})) if ({v} := {fetch}).__class__ is str"
                f" else {v} is not None and {slow}({v}))"
            )
        slow = self.const(matcher.match, "TXT")
        return f"(({v} := {fetch}) is not None and {slow}({v}))"

    def equals(self, node: Equals) -> str:
        members = EqualitySet(node.values, node.field.case_insensitive)
        v = self.local()
        strings = self.const(members.strings, "S")
        slow = self.const(members.match, "EQ")
        probe = f"{v}.lower()" if node.field.case_insensitive else v
        if len(members.strings) == 1 and not node.field.case_insensitive:
            test = f"{v} == {self.const(next(iter(members.strings)), 'S')}"
        else:
            test = f"{probe} in {strings}"
        fetch = f"({v} := {self.fetch(node.field)})"
        if not members.numbers and not members.booleans and not node.field.case_insensitive:
            # Only strings can equal these values, so a list matches exactly when it
            # shares a member with the set (a list holding unhashable elements raises
            # TypeError and is answered by the reference evaluator instead).
            return (
                f"({test} if {fetch}.__class__ is str else "
                f"(not {strings}.isdisjoint({v})) if {v}.__class__ is list else {v} is not None and {slow}({v}))"
            )
        return f"({test} if {fetch}.__class__ is str else {v} is not None and {slow}({v}))"

    def substring(self, node: Substring) -> str:
        needles = NeedleSet(node.needles, node.field.case_insensitive)
        v = self.local()
        slow = self.const(needles.match, "SUB")
        if len(needles.needles) == 1:
            hay = f"{v}.lower()" if node.field.case_insensitive else v
            test = f"{self.const(needles.needles[0], 'N')} in {hay}"
            return f"({test} if ({v} := {self.fetch(node.field)}).__class__ is str else {v} is not None and {slow}({v}))"
        return f"(({v} := {self.fetch(node.field)}) is not None and {slow}({v}))"

    def bound(self, bound: Bound) -> str:
        value = bound.value
        if isinstance(value, DateMath):
            if value.is_relative:
                self.relative.append(value)
                return f"B{len(self.relative) - 1}"
            return self.const(evaluate(value, value.anchor))  # type: ignore[arg-type]
        return self.const(value, "L")

    def range(self, node: Range) -> str:
        low = self.bound(node.lower) if node.lower else "None"
        high = self.bound(node.upper) if node.upper else "None"
        v, x = self.local(), self.local()
        cmp = x
        if node.lower:
            cmp = f"{low} {'<=' if node.lower.inclusive else '<'} {cmp}"
        if node.upper:
            cmp = f"{cmp} {'<=' if node.upper.inclusive else '<'} {high}"
        if not node.lower and not node.upper:
            cmp = "True"
        slow = self.const(_range_any(node), "RNG")
        fetch = self.fetch(node.field)
        if node.kind == "date":
            inst = self.const(to_instant, "INST")
            return (
                f"(({cmp}) if ({x} := {inst}({v} := {fetch})) is not None"
                f" else {v} is not None and {v}.__class__ is not str and {slow}({v}, {low}, {high}))"
            )
        if node.kind == "number":
            fast = f"({x} := {v}).__class__ is int or {x}.__class__ is float"
        else:
            fast = f"({x} := {v}).__class__ is str"
        return f"(({cmp}) if ({v} := {fetch}) is not None and ({fast}) else {v} is not None and {slow}({v}, {low}, {high}))"


def _range_any(node: Range) -> Callable[[Any, Any, Any], bool]:
    """The general case of a range test: any value of the field, each read by kind."""
    read: Callable[[Any], Any]
    if node.kind == "number":
        read = record_number
    elif node.kind == "date":
        read = to_instant
    else:
        read = lambda value: value if isinstance(value, str) else None  # noqa: E731
    lower_inclusive = node.lower.inclusive if node.lower else True
    upper_inclusive = node.upper.inclusive if node.upper else True

    def in_range(value: Any, low: Any, high: Any) -> bool:
        elements = value if isinstance(value, (list, tuple)) else (value,)
        for element in elements:
            x = None if element is None else read(element)
            if x is None:
                continue
            if low is not None and (x < low or (x == low and not lower_inclusive)):
                continue
            if high is not None and (x > high or (x == high and not upper_inclusive)):
                continue
            return True
        return False

    return in_range


def compile_program(node: Node) -> PythonProgram:
    """Generate, compile and load the predicate factory for ``node``."""
    gen = _Generator(node)
    body = gen.expr(node)
    params = ", ".join(["now"] + [f"B{i}" for i in range(len(gen.relative))])
    gen.namespace["_reference"] = reference.evaluate_node
    gen.namespace["_node"] = node
    source = (
        f"def _factory({params}):\n"
        f"    def _match(r):\n"
        f"        try:\n"
        f"            return {body}\n"
        f"        except (AttributeError, TypeError):\n"
        f"            # A record that is not a mapping (no .get) gets here; the\n"
        f"            # reference evaluator gives it the same answer, never raising.\n"
        f"            return _reference(_node, r, now)\n"
        f"    return _match\n"
    )
    code = compile(source, "<filterengine predicate>", "exec")
    namespace = gen.namespace
    exec(code, namespace)  # the source is ours; user values are bound names only
    return PythonProgram(source, namespace["_factory"], tuple(gen.relative))
