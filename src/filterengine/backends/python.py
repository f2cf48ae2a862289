"""The compiled backend: the IR turned into the source of one Python function, compiled once.

Every constant is prepared at compile time (string forms, folded needles, frozen
sets, parsed dates) and enters the generated code only as a bound name in the
function's own namespace, never as source text; nothing a user wrote is
evaluated. Bounds that depend on the clock (``isInTheLast``, ``NOW-7DAYS``) are
parameters of a factory, so one compiled program serves any *now* and no global
state is ever mutated: a compiled program is safe to share between threads.

The generated code takes an inline path for the value type a field usually holds
(a string, a list of strings, a JSON boolean, a number, an ISO 8601 date string)
and calls a precompiled helper from :mod:`filterengine.runtime` for every other
type; both apply the same rules. Records that are not mappings have no fields.
This module shares no code with the reference backend: its tests compare the two.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, assert_never

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
from ..runtime.dates import evaluate
from ..runtime.text import FuzzyMatcher, PhraseMatcher, WildcardMatcher
from ..runtime.values import EqualitySet, NeedleSet, as_record, get_value, is_empty, reader, values_of, within

__all__ = ["PythonProgram", "compile_program"]

Matcher = Callable[[Any], bool]

#: Lists of strings are searched inline (``"a" in v or "b" in v``) up to this many members.
_INLINE_MEMBERS = 4

_ISO = datetime.fromisoformat


class PythonProgram:
    """A compiled predicate factory: ``bind(now)`` gives the record -> bool function."""

    __slots__ = ("source", "_factory", "_relative")

    def __init__(self, source: str, factory: Callable[..., Matcher], relative: tuple[DateMath, ...]):
        self.source = source
        self._factory = factory
        self._relative = relative

    @property
    def depends_on_now(self) -> bool:
        return bool(self._relative)

    def bind(self, now: datetime) -> Matcher:
        return self._factory(now, *(evaluate(math, now) for math in self._relative))


#: Generated code: lines to run first (statements), then an expression giving the answer.
Code = tuple[list[str], str]


class _Generator:
    def __init__(self) -> None:
        # No builtins: the generated code sees only the names bound here.
        self.namespace: dict[str, Any] = {"__builtins__": {}, "str": str, "int": int, "float": float,
                                          "list": list, "bool": bool, "dict": dict,
                                          "ValueError": ValueError, "TypeError": TypeError,
                                          "OverflowError": OverflowError, "AS_RECORD": as_record, "ISO": _ISO}
        self.relative: list[DateMath] = []
        self._locals = 0

    def const(self, value: Any, prefix: str = "C") -> str:
        name = f"{prefix}{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def local(self) -> str:
        self._locals += 1
        return f"v{self._locals}"

    def fetch(self, fld: Field) -> str:
        if len(fld.keys) == 1 and fld.path is None:
            return f"r.get({self.const(fld.keys[0], 'K')})"
        return f"{self.const(get_value, 'GET')}(r, {self.const(fld, 'F')})"

    # -- structure ---------------------------------------------------------------

    def code(self, node: Node) -> Code:
        match node:
            case MatchAll():
                return [], "True"
            case And(children):
                return self.combine(children, "and")
            case Or(children):
                return self.combine(children, "or")
            case Not(child):
                lines, expr = self.code(child)
                return lines, f"(not {expr})"
            case Boost(child):
                return self.code(child)
            case IsEmpty():
                return [], self.is_empty(node)
            case Equals():
                return [], self.equals(node)
            case ContainsAll():
                return [], self.contains_all(node)
            case Substring():
                return [], self.substring(node)
            case Range():
                return self.range(node)
            case Phrase() | Wildcard() | Fuzzy():
                return [], self.text_match(node)
            case _:
                assert_never(node)

    def combine(self, children: tuple[Node, ...], op: str) -> Code:
        """Children joined by ``and``/``or``, short-circuiting through any statements they need."""
        if not children:
            return [], "True" if op == "and" else "False"
        parts = [self.code(child) for child in children]
        if all(not lines for lines, _ in parts):
            return [], "(" + f" {op} ".join(expr for _, expr in parts) + ")"
        result = self.local()
        go_on = result if op == "and" else f"not {result}"
        out: list[str] = []
        indent = ""
        pending: list[str] = []
        for lines, expr in parts:
            if lines:
                if pending:
                    out.append(f"{indent}{result} = {f' {op} '.join(pending)}")
                    out.append(f"{indent}if {go_on}:")
                    indent += "    "
                out.extend(indent + line for line in lines)
                pending = []
            pending.append(expr)
        out.append(f"{indent}{result} = {f' {op} '.join(pending)}")
        return out, result

    # -- leaves --------------------------------------------------------------------

    def is_empty(self, node: IsEmpty) -> str:
        v = self.local()
        slow = self.const(is_empty, "EMPTY")
        return f'(({v} := {self.fetch(node.field)}) is None or {v} == "" or {v}.__class__ is not str and {slow}({v}))'

    def equals(self, node: Equals) -> str:
        ci = node.field.case_insensitive
        members = EqualitySet(node.values, ci)
        v = self.local()
        fetch = f"({v} := {self.fetch(node.field)})"
        slow = self.const(members.match, "EQ")
        strings = sorted(members.strings)
        # The commonest record value first: a JSON boolean for boolean members.
        if members.booleans and not members.numbers and len(members.booleans) == 1:
            flag = "True" if next(iter(members.booleans)) else "False"
            return f"({fetch} is {flag} or {v}.__class__ is not bool and {v} is not None and {slow}({v}))"
        probe = f"{v}.lower()" if ci else v
        if len(strings) == 1:
            as_string = f"{probe} == {self.const(strings[0], 'S')}"
        else:
            as_string = f"{probe} in {self.const(members.strings, 'SET')}"
        if members.strings_only and not ci and 0 < len(strings) <= _INLINE_MEMBERS:
            # Only strings can equal these members: a list matches when it holds one.
            in_list = " or ".join(f"{self.const(s, 'S')} in {v}" for s in strings)
            if len(strings) == 1:
                return (f"({fetch} == {self.const(strings[0], 'S')} or (({in_list}) if {v}.__class__ is list"
                        f" else {v}.__class__ is not str and {v} is not None and {slow}({v})))")
            return (f"({as_string} if {fetch}.__class__ is str else ({in_list}) if {v}.__class__ is list"
                    f" else {v} is not None and {slow}({v}))")
        return f"({as_string} if {fetch}.__class__ is str else {v} is not None and {slow}({v}))"

    def contains_all(self, node: ContainsAll) -> str:
        ci = node.field.case_insensitive
        sets = tuple(EqualitySet((value,), ci) for value in node.values)
        v = self.local()
        fetch = f"({v} := {self.fetch(node.field)})"
        slow = self.const(lambda value: all(s.match(value) for s in sets), "ALL")
        inline = [next(iter(s.strings)) for s in sets if s.strings_only and len(s.strings) == 1]
        if not ci and len(inline) == len(sets) and 0 < len(sets) <= _INLINE_MEMBERS:
            in_list = " and ".join(f"{self.const(s, 'S')} in {v}" for s in inline)
            return f"(({in_list}) if {fetch}.__class__ is list else {v} is not None and {slow}({v}))"
        return f"({fetch} is not None and {slow}({v}))"

    def substring(self, node: Substring) -> str:
        ci = node.field.case_insensitive
        needles = NeedleSet(node.needles, ci)
        v, h = self.local(), self.local()
        slow = self.const(needles.match, "SUB")
        if not needles.needles:
            return "False"
        hay = f"({h} := {v}.lower())" if ci else v
        tests = [f"{self.const(needles.needles[0], 'N')} in {hay}"]
        tests += [f"{self.const(n, 'N')} in {h if ci else v}" for n in needles.needles[1:]]
        return f"(({' or '.join(tests)}) if ({v} := {self.fetch(node.field)}).__class__ is str else {v} is not None and {slow}({v}))"

    def text_match(self, node: Phrase | Wildcard | Fuzzy) -> str:
        matcher: PhraseMatcher | WildcardMatcher | FuzzyMatcher
        match node:
            case Phrase(_, words, slop):
                if not words:
                    return "False"
                matcher = PhraseMatcher(words, slop)
                v = self.local()
                # Words are pieces of the folded text: a cheap substring test rules
                # most strings out before any splitting into words.
                first = self.const(words[0], "W")
                text = self.const(matcher.match_text, "PH")
                slow = self.const(matcher.match, "PHV")
                return (f"(({first} in {v}.lower() and {text}({v})) if ({v} := {self.fetch(node.field)}).__class__ is str"
                        f" else {v} is not None and {slow}({v}))")
            case Wildcard(_, pattern, tokenized, folded):
                matcher = WildcardMatcher(pattern, tokenized, folded)
            case Fuzzy(_, term, distance, tokenized, folded):
                matcher = FuzzyMatcher(term, distance, tokenized, folded)
        v = self.local()
        slow = self.const(matcher.match, "TXT")
        return f"(({v} := {self.fetch(node.field)}) is not None and {slow}({v}))"

    # -- ranges ----------------------------------------------------------------------

    def bound(self, bound: Bound | None) -> str:
        if bound is None:
            return "None"
        value = bound.value
        if isinstance(value, DateMath):
            if value.is_relative:
                self.relative.append(value)
                return f"B{len(self.relative) - 1}"
            return self.const(evaluate(value, value.anchor), "D")  # type: ignore[arg-type]
        return self.const(value, "L")

    def range(self, node: Range) -> Code:
        low, high = self.bound(node.lower), self.bound(node.upper)
        slow = self.const(_range_any(node), "RNG")
        v = self.local()

        def compare(x: str) -> str:
            parts = []
            if node.lower is not None:
                parts.append(f"{low} {'<=' if node.lower.inclusive else '<'}")
            parts.append(x)
            if node.upper is not None:
                parts.append(f"{'<=' if node.upper.inclusive else '<'} {high}")
            return " ".join(parts)

        fetch = self.fetch(node.field)
        if node.lower is None and node.upper is None:
            return [], f"(({v} := {fetch}) is not None and {slow}({v}, None, None))"
        if node.kind == "date":
            # ISO 8601 strings parse inline; any other shape (or a naive date, which
            # cannot compare with an aware bound) takes the general reading.
            x = self.local()
            return [
                f"{v} = {fetch}",
                f"if {v}.__class__ is str:",
                "    try:",
                f"        {x} = {compare(f'ISO({v})')}",
                "    except (ValueError, TypeError, OverflowError):",
                f"        {x} = {slow}({v}, {low}, {high})",
                "else:",
                f"    {x} = {v} is not None and {slow}({v}, {low}, {high})",
            ], x
        if node.kind == "number":
            fast = f"({v} := {fetch}).__class__ is int or {v}.__class__ is float"
        else:
            fast = f"({v} := {fetch}).__class__ is str"
        return [], f"(({compare(v)}) if {fast} else {v} is not None and {slow}({v}, {low}, {high}))"


def _range_any(node: Range) -> Callable[[Any, Any, Any], bool]:
    """The general case of a range test: any value of the field, each read by kind."""
    read = reader(node.kind)
    low_inclusive = node.lower.inclusive if node.lower else True
    high_inclusive = node.upper.inclusive if node.upper else True

    def in_range(value: Any, low: Any, high: Any) -> bool:
        for element in values_of(value):
            x = read(element)
            if x is not None and within(x, low, low_inclusive, high, high_inclusive):
                return True
        return False

    return in_range


def compile_program(node: Node) -> PythonProgram:
    """Generate, compile and load the predicate factory for ``node``."""
    gen = _Generator()
    lines, expr = gen.code(node)
    params = ", ".join(["now"] + [f"B{i}" for i in range(len(gen.relative))])
    body = "".join(f"        {line}\n" for line in lines)
    source = (
        f"def _factory({params}):\n"
        f"    def _match(r):\n"
        f"        if r.__class__ is not dict:\n"
        f"            r = AS_RECORD(r)\n"
        f"{body}"
        f"        return {expr}\n"
        f"    return _match\n"
    )
    code = compile(source, "<filterengine predicate>", "exec")
    namespace = gen.namespace
    exec(code, namespace)  # the source is ours; user values are bound names only
    return PythonProgram(source, namespace["_factory"], tuple(gen.relative))

