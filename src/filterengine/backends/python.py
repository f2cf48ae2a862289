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

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from types import CodeType
from typing import Any, assert_never

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
from ..runtime.dates import MAX_INSTANT, MIN_INSTANT, evaluate
from ..runtime.text import FuzzyMatcher, PhraseMatcher, WildcardMatcher
from ..runtime.values import (
    FOLD_METHOD,
    AllOfSet,
    EqualitySet,
    NeedleSet,
    fold,
    get_value,
    is_empty,
    reader,
    record_view,
    values_of,
    within,
)

__all__ = ["PythonProgram", "compile_program"]

Matcher = Callable[[Any], bool]

#: Lists of strings are searched inline (``"a" in v or "b" in v``) up to this many members.
_INLINE_MEMBERS = 4

_ISO = datetime.fromisoformat


Filterer = Callable[[Iterable[Any]], Iterator[Any]]


class PythonProgram:
    """A compiled predicate factory: ``bind(now)`` gives the record -> bool function.

    ``bind_filter(now, match)`` gives its filter: a generator with the same test
    inlined in its loop, so records that do not match cost no function call. The
    filter is compiled on first use (most callers only call the predicate).
    """

    __slots__ = ("match_source", "filter_source", "_namespace", "_inline", "_factory", "_filter_factory", "_relative")

    def __init__(self, match_source: str, filter_source: str, namespace: dict[str, Any], inline: dict[str, Any],
                 relative: tuple[DateMath, ...]):
        self.match_source = match_source
        self.filter_source = filter_source
        self._namespace = namespace
        self._inline = inline
        self._factory: Callable[..., Matcher] = _load(match_source, namespace, inline, "_factory")
        self._filter_factory: Callable[..., Filterer] | None = None
        self._relative = relative

    @property
    def source(self) -> str:
        return readable(self.match_source + "\n" + self.filter_source)

    @property
    def depends_on_now(self) -> bool:
        return bool(self._relative)

    def bounds(self, now: datetime) -> tuple[datetime, ...]:
        return tuple(evaluate(math, now) for math in self._relative)

    def bind(self, now: datetime) -> Matcher:
        return self._factory(now, *self.bounds(now))

    def bind_filter(self, now: datetime, match: Matcher) -> Filterer:
        factory = self._filter_factory
        if factory is None:  # a race compiles it twice at worst; both results are equal
            factory = self._filter_factory = _load(self.filter_source, dict(self._namespace), self._inline, "_filter_factory")
        return factory(match, now, *self.bounds(now))


#: Starts every placeholder literal (no identifier or user text holds a NUL).
_PLACEHOLDER = "\x00"
_PLACEHOLDER_LITERAL = re.compile(r"'\\x00([A-Z]+\d+)'")


def _is_plain_data(value: Any) -> bool:
    if value.__class__ in (frozenset, tuple):
        return all(_is_plain_data(v) for v in value)
    return value.__class__ in (str, int, float, bool)


def readable(source: str) -> str:
    """Generated source with each placeholder literal shown as the name of its value."""
    return _PLACEHOLDER_LITERAL.sub(r"\1", source)


def _load(source: str, namespace: dict[str, Any], inline: dict[str, Any], name: str) -> Callable[..., Any]:
    code = _substitute(compile(source, "<filterengine predicate>", "exec"), inline)
    exec(code, namespace)  # the source is ours; user values are constants or bound names only
    return namespace[name]  # type: ignore[no-any-return]


def _substitute(code: CodeType, inline: dict[str, Any]) -> CodeType:
    """``code`` (and the code nested in it) with every placeholder constant replaced by its value."""
    consts = tuple(
        _substitute(c, inline) if isinstance(c, CodeType) else inline.get(c, c) if c.__class__ is str else c
        for c in code.co_consts
    )
    return code.replace(co_consts=consts)


#: Generated code: lines to run first (statements), then an expression giving the answer.
Code = tuple[list[str], str]


class _Generator:
    def __init__(self, node: Node) -> None:
        # No builtins: the generated code sees only the names bound here.
        self.namespace: dict[str, Any] = {"__builtins__": {}, "str": str, "int": int, "float": float,
                                          "list": list, "bool": bool, "dict": dict,
                                          "ValueError": ValueError, "TypeError": TypeError,
                                          "OverflowError": OverflowError, "ISO": _ISO,
                                          "DICT_GET": dict.get, "FLOAT": float, "EXACT": 2**53, "DICT_CHECK": _dict_check,
                                          "INF": float("inf"), "FOLD": fold,
                                          "MIN_INSTANT": MIN_INSTANT, "MAX_INSTANT": MAX_INSTANT}
        self.relative: list[DateMath] = []
        self.inline: dict[str, Any] = {}
        self._locals = 0
        # Fields read by several tests are read once, at the top (as a careful
        # hand-writer would); the others only where a test needs them.
        uses: dict[Field, int] = {}
        for fld in _fields(node):
            uses[fld] = uses.get(fld, 0) + 1
        self.hoisted: dict[Field, str] = {}
        # The first test always runs, so its field is read first, with dict.get
        # called on the dict type: that read proves the record is a dict (or
        # raises TypeError), and every later read can use the record's own get.
        first = _first_field(node)
        if first is not None:
            self.hoisted[first] = "f0"
        for fld, count in uses.items():
            if count > 1 and fld not in self.hoisted:
                self.hoisted[fld] = f"f{len(self.hoisted)}"
        self.first = first

    def const(self, value: Any, prefix: str = "C") -> str:
        """The source text naming a prepared value.

        Plain data (strings, numbers, frozensets of them) is written as a
        placeholder literal that :func:`_load` swaps for the value in the compiled
        code's constants, so the value never passes through source text and is
        loaded as a constant; other values are names in the namespace.
        """
        name = f"{prefix}{len(self.namespace)}"
        self.namespace[name] = value
        if _is_plain_data(value):
            placeholder = _PLACEHOLDER + name
            self.inline[placeholder] = value
            return repr(placeholder)
        return name

    def local(self) -> str:
        self._locals += 1
        return f"v{self._locals}"

    @staticmethod
    def folded(text: str) -> str:
        """An expression folding the string ``text`` names: ``str.lower`` inline for ASCII
        (which is in NFC already), the full rule (:func:`~filterengine.runtime.values.fold`) otherwise."""
        return f"({text}.{FOLD_METHOD}() if {text}.isascii() else FOLD({text}))"

    def fetch(self, fld: Field, proven: bool = True) -> str:
        """An expression reading the field's value from the record ``r`` (``proven``: known to be a dict)."""
        if len(fld.keys) == 1 and fld.path is None:
            key = self.const(fld.keys[0], "K")
            return f"r.get({key})" if proven else f"DICT_GET(r, {key})"
        return f"{self.const(get_value, 'GET')}({'r' if proven else 'DICT_CHECK(r)'}, {self.const(fld, 'F')})"

    def slot(self, fld: Field) -> tuple[str, str]:
        """(the expression to mention first, the name for later mentions) of a field's value."""
        hoisted = self.hoisted.get(fld)
        if hoisted is not None:
            return hoisted, hoisted
        v = self.local()
        return f"({v} := {self.fetch(fld)})", v

    def prologue(self) -> list[str]:
        lines = [f"{name} = {self.fetch(fld, proven=fld != self.first)}" for fld, name in self.hoisted.items()]
        return lines or ["DICT_CHECK(r)"]

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
                return self.substring(node)
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
        # Segments, each starting at a child that needs statements: the first runs,
        # each later one runs while the answer is still open. Every segment sits one
        # level in, however many children: Python allows 100 levels of indentation.
        segments: list[tuple[list[str], list[str]]] = []
        for lines, expr in parts:
            if lines or not segments:
                segments.append((lines, [expr]))
            else:
                segments[-1][1].append(expr)
        result = self.local()
        go_on = result if op == "and" else f"not {result}"
        out: list[str] = []
        for i, (lines, exprs) in enumerate(segments):
            indent = "    " if i else ""
            if i:
                out.append(f"if {go_on}:")
            out.extend(indent + line for line in lines)
            out.append(f"{indent}{result} = {f' {op} '.join(exprs)}")
        return out, result

    # -- leaves --------------------------------------------------------------------

    def is_empty(self, node: IsEmpty) -> str:
        first, v = self.slot(node.field)
        slow = self.const(is_empty, "EMPTY")
        return f'({first} is None or {v} == "" or {v}.__class__ is not str and {slow}({v}))'

    def in_list(self, members: EqualitySet, v: str, joiner: str) -> str | None:
        """An exact inline test of list elements against ``members``, when one exists.

        ``x in v`` compares with ``==``: exact for string members, and for number
        members other than 0 and 1 (which ``True``/``False`` would equal).
        """
        if members.case_insensitive or members.booleans:
            return None
        if any(n == 0 or n == 1 for n in members.numbers):
            return None
        tests = sorted(members.strings) + sorted(members.numbers)  # numbers: finite ints and floats
        if not tests or len(tests) > 2 * _INLINE_MEMBERS:
            return None
        return "(" + f" {joiner} ".join(f"{self.const(t, 'M')} in {v}" for t in tests) + ")"

    def equals(self, node: Equals) -> str:
        ci = node.field.case_insensitive
        members = EqualitySet(node.values, ci)
        first, v = self.slot(node.field)
        slow = self.const(members.match, "EQ")
        strings = sorted(members.strings)
        # The commonest record value first: a JSON boolean for boolean members.
        if members.booleans and not members.numbers and len(members.booleans) == 1:
            flag = "True" if next(iter(members.booleans)) else "False"
            return f"({first} is {flag} or {v}.__class__ is not bool and {v} is not None and {slow}({v}))"
        probe = self.folded(v) if ci else v
        if len(strings) == 1:
            as_string = f"{probe} == {self.const(strings[0], 'S')}"
        else:
            as_string = f"{probe} in {self.const(members.strings, 'SET')}"
        in_list = self.in_list(members, v, "or")
        if in_list is None:
            return f"({as_string} if {first}.__class__ is str else {v} is not None and {slow}({v}))"
        if len(strings) == 1 and not ci:
            # Most values are strings: a string that differs is answered by one more test.
            return (f"({first} == {self.const(strings[0], 'S')} or {v}.__class__ is not str and ({in_list}"
                    f" if {v}.__class__ is list else {v} is not None and {slow}({v})))")
        return (f"({as_string} if {first}.__class__ is str else {in_list} if {v}.__class__ is list"
                f" else {v} is not None and {slow}({v}))")

    def contains_all(self, node: ContainsAll) -> str:
        ci = node.field.case_insensitive
        first, v = self.slot(node.field)
        if not node.values:
            return "True"
        slow = self.const(AllOfSet(node.values, ci).match, "ALL")
        # A few members are tested inline, each by one scan of the list.
        sets = tuple(EqualitySet((value,), ci) for value in node.values[:_INLINE_MEMBERS + 1])
        tests = [self.in_list(s, v, "or") for s in sets]
        if len(sets) <= _INLINE_MEMBERS and all(t is not None for t in tests):
            every = " and ".join(t for t in tests if t is not None)
            return f"(({every}) if {first}.__class__ is list else {v} is not None and {slow}({v}))"
        return f"({first} is not None and {slow}({v}))"

    def substring(self, node: Substring) -> Code:
        ci = node.field.case_insensitive
        needles = NeedleSet(node.needles, ci)
        if not needles.needles:
            return [], "False"
        slow = self.const(needles.match, "SUB")
        if "" in needles.needles:
            # Every text holds "": the joined list below would find it in an empty list too. The
            # rule decides (only IR built by hand holds an empty needle; filters drop empty values).
            lines, v = self.read_into(node.field)
            return lines, f"({v} is not None and {slow}({v}))"
        h, x = self.local(), self.local()
        names = [self.const(n, "N") for n in needles.needles]
        any_in = " or ".join(f"{name} in {h}" for name in names)
        if node.field.kind == "text":
            # Text fields hold strings: one expression, lists take the helper.
            first, v = self.slot(node.field)
            text = self.folded(v) if ci else v
            tests = [f"{names[0]} in ({h} := {text})"] + [f"{name} in {h}" for name in names[1:]]
            return [], f"(({' or '.join(tests)}) if {first}.__class__ is str else {v} is not None and {slow}({v}))"
        lines, v = self.read_into(node.field)
        string = [f"    {h} = {self.folded(v)}"] if ci else [f"    {h} = {v}"]
        sep = _separator(needles.needles)
        if sep is None:
            joined = [f"    {x} = {slow}({v})"]
        else:
            # A list of strings is searched as one text, its elements joined by a
            # character no needle holds (so no match can span two elements); the
            # character starts no composition, so folding the joined text folds each element.
            join = f"{self.const(sep, 'SEP')}.join({v})"
            joined = [
                "    try:",
                f"        {h} = {join}",
                "    except TypeError:",
                f"        {x} = {slow}({v})",
                "    else:",
                *([f"        {h} = {self.folded(h)}"] if ci else []),
                f"        {x} = {any_in}",
            ]
        return lines + [
            f"if {v}.__class__ is str:",
            *string,
            f"    {x} = {any_in}",
            f"elif {v}.__class__ is list:",
            *joined,
            "else:",
            f"    {x} = {v} is not None and {slow}({v})",
        ], x

    def read_into(self, fld: Field) -> tuple[list[str], str]:
        """Statements reading a field's value into a name, and that name."""
        hoisted = self.hoisted.get(fld)
        if hoisted is not None:
            return [], hoisted
        v = self.local()
        return [f"{v} = {self.fetch(fld)}"], v

    def text_match(self, node: Phrase | Wildcard | Fuzzy) -> str:
        matcher: PhraseMatcher | WildcardMatcher | FuzzyMatcher
        match node:
            case Phrase(_, words, slop):
                if not words:
                    return "False"
                matcher = PhraseMatcher(words, slop)
                first, v = self.slot(node.field)
                # Words are pieces of the text's normal form, which for ASCII text is
                # its lower case: a cheap substring test rules most strings out
                # before any splitting into words.
                word = self.const(words[0], "W")
                text = self.const(matcher.match_text, "PH")
                slow = self.const(matcher.match, "PHV")
                return (f"((({word} in {v}.{FOLD_METHOD}() or not {v}.isascii()) and {text}({v})) if {first}.__class__ is str"
                        f" else {v} is not None and {slow}({v}))")
            case Wildcard(_, pattern, tokenized, folded):
                matcher = WildcardMatcher(pattern, tokenized, folded)
            case Fuzzy(_, term, distance, tokenized, folded):
                matcher = FuzzyMatcher(term, distance, tokenized, folded)
        first, v = self.slot(node.field)
        slow = self.const(matcher.match, "TXT")
        return f"({first} is not None and {slow}({v}))"

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

        def compare(x: str, within: tuple[str, str] | None = None) -> str:
            """``x`` within the bounds; ``within``: the tests standing for a missing bound (a
            float may be an infinity, which is not a number; an ISO string may denote an
            instant beyond the calendar UTC holds, which is not a date)."""
            parts = []
            if node.lower is not None:
                parts.append(f"{low} {'<=' if node.lower.inclusive else '<'}")
            elif within:
                parts.append(within[0])
            parts.append(x)
            if node.upper is not None:
                parts.append(f"{'<=' if node.upper.inclusive else '<'} {high}")
            elif within:
                parts.append(within[1])
            return " ".join(parts)

        if node.lower is None and node.upper is None:
            first, v = self.slot(node.field)
            return [], f"({first} is not None and {slow}({v}, None, None))"
        if node.kind == "date":
            # ISO 8601 strings parse inline; any other shape (or a naive date, which
            # cannot compare with an aware bound) takes the general reading.
            lines, v = self.read_into(node.field)
            x = self.local()
            return lines + [
                f"if {v}.__class__ is str:",
                "    try:",
                f"        {x} = {compare(f'ISO({v})', ('MIN_INSTANT <=', '<= MAX_INSTANT'))}",
                "    except (ValueError, TypeError, OverflowError):",
                f"        {x} = {slow}({v}, {low}, {high})",
                "else:",
                f"    {x} = {v} is not None and {slow}({v}, {low}, {high})",
            ], x
        if node.kind == "number":
            # Numbers inline; numeric strings too: float() accepts exactly the
            # numeric strings of runtime.values.to_number, plus "nan"/"inf" and
            # digit groups with "_" (refused below); beyond 2**53 a float is not
            # exact, so such strings take the general reading.
            lines, v = self.read_into(node.field)
            x, n = self.local(), self.local()
            return lines + [
                f"if {v}.__class__ is int:",
                f"    {x} = {compare(v)}",
                f"elif {v}.__class__ is float:",
                f"    {x} = {compare(v, ('-INF <', '< INF'))}",
                f"elif {v}.__class__ is str:",
                "    try:",
                f"        {n} = FLOAT({v})",
                "    except ValueError:",
                f"        {x} = False",
                "    else:",
                f"        if -EXACT < {n} < EXACT and '_' not in {v}:",
                f"            {x} = {compare(n)}",
                "        else:",
                f"            {x} = {slow}({v}, {low}, {high})",
                "else:",
                f"    {x} = {v} is not None and {slow}({v}, {low}, {high})",
            ], x
        first, v = self.slot(node.field)
        fast = f"{first}.__class__ is str"
        return [], f"(({compare(v)}) if {fast} else {v} is not None and {slow}({v}, {low}, {high}))"



def _separator(needles: tuple[str, ...]) -> str | None:
    """A character no needle holds, to join a list's strings with: a control or
    private-use character (a starter that composes with nothing, so NFC never joins
    it to a neighbour); ``None`` when the needles hold all of them."""
    candidates = (chr(c) for block in (range(1, 32), range(0xE000, 0xF900)) for c in block)
    return next((ch for ch in candidates if all(ch not in n for n in needles)), None)


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


def _dict_check(record: Any) -> dict[str, Any]:
    """``record`` when it is a dict; ``TypeError`` (as ``dict.get`` raises) for anything else."""
    if not isinstance(record, dict):
        raise TypeError("not a dict")
    return record


def _first_field(node: Node) -> Field | None:
    """The field of the test that runs first on every record (the leftmost leaf)."""
    match node:
        case And(children) | Or(children):
            return _first_field(children[0]) if children else None
        case Not(child) | Boost(child):
            return _first_field(child)
        case MatchAll():
            return None
        case _:
            return _fields(node)[0]


def _fields(node: Node) -> list[Field]:
    """Every field the tests of ``node`` read, once per test."""
    match node:
        case MatchAll():
            return []
        case And(children) | Or(children):
            return [f for child in children for f in _fields(child)]
        case Not(child) | Boost(child):
            return _fields(child)
        case IsEmpty(field) | Equals(field) | ContainsAll(field) | Substring(field) | Range(field):
            return [field]
        case Phrase(field) | Wildcard(field) | Fuzzy(field):
            return [field]
        case _:
            assert_never(node)


def compile_program(node: Node) -> PythonProgram:
    """Generate, compile and load the predicate factory for ``node``.

    The record is read with ``dict.get`` called on the dict type, which calls no
    method of the record and raises ``TypeError`` for anything that is not a dict;
    such a record is then evaluated as a dict view of its fields (a mapping's
    fields read through the mapping protocol; nothing for other objects). A
    ``TypeError`` raised for a dict record is a bug and propagates.
    """
    gen = _Generator(node)
    # A top-level And (the filtersets of a playlist) is a sequence of tests, each
    # ending the evaluation as soon as it fails, as a hand-written function would.
    conjuncts = [gen.code(child) for child in node.children] if isinstance(node, And) and node.children else [gen.code(node)]
    prologue = gen.prologue()
    gen.namespace["AS_DICT"] = _viewer(node)
    params = ", ".join(["now"] + [f"B{i}" for i in range(len(gen.relative))])

    def body(fail: str, last: str, indent: str) -> str:
        out = list(prologue)
        for lines, expr in conjuncts[:-1]:
            out += lines + [f"if not {expr}:", f"    {fail}"]
        lines, expr = conjuncts[-1]
        out += lines + [last.format(expr)]
        return "".join(f"{indent}{line}\n" for line in out)

    match_source = (
        f"def _factory({params}):\n"
        f"    def _match(r):\n"
        f"        try:\n"
        f"{body('return False', 'return {}', '            ')}"
        f"        except TypeError:\n"
        f"            if r.__class__ is dict:\n"
        f"                raise\n"
        f"            return _match(AS_DICT(r))\n"
        f"    return _match\n"
    )
    filter_source = (
        f"def _filter_factory(_match, {params}):\n"
        f"    def _filter(records):\n"
        f"        for r in records:\n"
        f"            try:\n"
        f"{body('continue', 'm = {}', '                ')}"
        f"            except TypeError:\n"
        f"                if r.__class__ is dict:\n"
        f"                    raise\n"
        f"                m = _match(AS_DICT(r))\n"
        f"            if m:\n"
        f"                yield r\n"
        f"    return _filter\n"
    )
    return PythonProgram(match_source, filter_source, gen.namespace, gen.inline, tuple(gen.relative))


def _viewer(node: Node) -> Callable[[Any], dict[str, Any]]:
    """A dict of the top-level keys ``node`` reads, taken from any record (see :func:`record_view`)."""
    keys = tuple(dict.fromkeys(k for fld in _fields(node) for k in fld.keys + (fld.path[:1] if fld.path else ())))
    return lambda record: record_view(record, keys)
