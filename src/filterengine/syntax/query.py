"""``q`` text -> :mod:`~filterengine.syntax.query_ast` tree, by ``grammar/query.lark``.

One LALR parser per process, built on first use and shared by every thread: the
tree is built during parsing by a stateless inline transformer, and the lexer
keeps its counters in the generator of each parse (:mod:`.query_lexer`). It is
entered three ways, all giving the same trees and errors: a regular expression
for the commonest shapes (``word``, ``name:word``), the fast entry of
:mod:`.lark_fast` (the only module that reads Lark's internals, on the Lark
versions it was verified on), or ``Lark.parse``. Lark's errors are translated
here into :class:`~filterengine.errors.QuerySyntaxError` with a position and
human words; nothing of Lark leaves this module.

Size is bounded before anything else (:class:`~filterengine.limits.Limits`): the
length first, the nesting while lexing (at the token that goes too deep), the
number of clauses once the tree is built (its building is linear in the bounded
length); each raises :class:`~filterengine.errors.LimitExceededError`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import lark
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput

from ..errors import LimitExceededError, QuerySyntaxError
from ..limits import DEFAULT_LIMITS, Limits, check_length
from .grammars import shared_parser
from .lark_errors import describe_unexpected
from .lark_fast import VERIFIED_LARK, fast_entry
from .query_ast import AndQ, Clause, Fielded, Group, NotQ, OrQ, Prefixed, Quoted, RangeBound, RangeQ, Term, builder
from .query_lexer import DEPTH, MAX_NESTING, NestingBound, TooDeep

__all__ = ["parse_query_syntax", "parse_full", "selected_path", "count_clauses", "MAX_NESTING", "FAST_ENV"]

_TERMINAL_WORDS = {
    "WORD": "a term",
    "DATE": "a term",
    "PHRASE": "a phrase",
    "AND": "AND",
    "OR": "OR",
    "NOT": "NOT",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "COLON": "':'",
    "LPAR": "'('",
    "RPAR": "')'",
    "FUZZY": "'~'",
    "BOOST": "a boost such as ^2",
    "RANGE_OPEN": "a range such as [1 TO 5]",
    "RANGE_CLOSE": "']' or '}'",
    "RANGE_VALUE": "a range bound such as 10, NOW or *",
    "TO": "TO",
}

# A field name followed by the colon that ends the text before an error.
_LOOK_BACK = 200
_FIELD_BEFORE = re.compile(r'((?:[^\s+\-!():^\[\]"{}~\\/]|\\[\s\S])(?:[^\s!():^\[\]"{}~\\/]|\\[\s\S])*)\s*:\s*\Z')


def _suffixes(tokens: list[Token]) -> tuple[str | None, str | None]:
    fuzzy = boost = None
    for tok in tokens:
        if tok.type == "FUZZY":
            fuzzy = tok.value[1:]
        elif tok.type == "BOOST":
            boost = tok.value[1:]
    return fuzzy, boost


# The nodes' fast constructors (every field, in order); a token's ``value`` is its
# text as a plain str and its ``start_pos`` its offset, both always set by the lexer.
_term = builder(Term)
_quoted = builder(Quoted)
_bound_node = builder(RangeBound)
_range = builder(RangeQ)
_group_node = builder(Group)
_fielded = builder(Fielded)
_not = builder(NotQ)
_prefixed = builder(Prefixed)


class _Build(Transformer[Token, Any]):
    """Parse-tree callbacks, run inline by the LALR parser. Stateless, so shareable."""

    def start(self, items: list[Any]) -> Group:
        group: Group = items[0]
        return group

    def group(self, items: list[Any]) -> Group:
        return _group(items[0])

    def clauses(self, items: list[Any]) -> list[Any]:
        # The first clause of a group: a fresh list per group, so nothing is shared.
        return items

    def clauses_more(self, items: list[Any]) -> list[Any]:
        # items: the group's list so far, [operator,] the next clause.
        found: list[Any] = items[0]
        found.extend(items[1:])
        return found

    def negated(self, items: list[Any]) -> NotQ:
        return _not(items[1], items[0].start_pos)

    def required(self, items: list[Any]) -> Prefixed:
        return _prefixed("+", items[1], items[0].start_pos)

    def prohibited(self, items: list[Any]) -> Prefixed:
        return _prefixed("-", items[1], items[0].start_pos)

    def fielded(self, items: list[Any]) -> Fielded:
        name = items[0]
        return _fielded(name.value, name.start_pos, items[2])

    def term(self, items: list[Token]) -> Term:
        word = items[0]
        fuzzy, boost = _suffixes(items[1:]) if len(items) > 1 else (None, None)
        return _term(word.value, word.start_pos, fuzzy, boost)

    def phrase(self, items: list[Token]) -> Quoted:
        text = items[0]
        slop, boost = _suffixes(items[1:]) if len(items) > 1 else (None, None)
        return _quoted(text.value[1:-1], text.start_pos, slop, boost)

    def range(self, items: list[Token]) -> RangeQ:
        open_, low, _to, high, close = items[:5]
        boost = items[5].value[1:] if len(items) > 5 else None
        return _range(_bound(low), _bound(high), open_.value == "[", close.value == "]", open_.start_pos, boost)

    def paren(self, items: list[Any]) -> Group:
        boost = items[3].value[1:] if len(items) > 3 else None
        inner: Group = items[1]
        return _group_node(inner.clauses, items[0].start_pos, boost)


def _group(items: list[Any]) -> Group:
    """clause, [operator,] clause, ... -> a Group; two clauses side by side start a
    new clause of the group, an operator joins its neighbours into one."""
    clauses: list[Clause] = []
    chain: list[Any] = [items[0]]
    for item in items[1:]:
        if isinstance(item, Token) or isinstance(chain[-1], Token):
            chain.append(item)
        else:
            clauses.append(_boolean(chain))
            chain = [item]
    clauses.append(_boolean(chain))
    return _group_node(tuple(clauses), _pos(clauses[0]), None)


def _boolean(items: list[Any]) -> Clause:
    """operand, operator, operand, ... -> one clause; AND binds tighter than OR."""
    disjuncts: list[Clause] = []
    conjuncts: list[Clause] = [items[0]]
    for i in range(1, len(items), 2):
        if items[i].type == "OR":
            disjuncts.append(conjuncts[0] if len(conjuncts) == 1 else AndQ(tuple(conjuncts)))
            conjuncts = []
        conjuncts.append(items[i + 1])
    disjuncts.append(conjuncts[0] if len(conjuncts) == 1 else AndQ(tuple(conjuncts)))
    return disjuncts[0] if len(disjuncts) == 1 else OrQ(tuple(disjuncts))


def _bound(token: Token) -> RangeBound:
    if token.type == "PHRASE":
        return _bound_node(token.value[1:-1], token.start_pos, True)
    return _bound_node(token.value, token.start_pos, False)


def _pos(node: Clause) -> int:
    if isinstance(node, (OrQ, AndQ)):
        return _pos(node.children[0])
    return node.pos


#: Set to "0" to parse with Lark's public API only (no :mod:`.lark_fast`).
FAST_ENV = "FILTERENGINE_LARK_FAST"

#: The words that are keywords when they stand alone (see grammar/query.lark).
_KEYWORD_WORDS = frozenset(("AND", "OR", "NOT", "&&", "||"))


def _lark() -> Lark:
    return shared_parser(
        "query.lark",
        build=lambda text: Lark(
            text,
            parser="lalr",
            lexer="contextual",
            postlex=NestingBound(),
            transformer=_Build(),
            propagate_positions=False,
            maybe_placeholders=False,
        ),
    )


class _Parsers:
    """The ways into the one Lark parser of ``query.lark``, made once per process.

    ``public`` is ``Lark.parse``; ``fast`` the entry of :mod:`.lark_fast` (``None``
    on a Lark version it was not verified on); ``simple`` reads the commonest
    shapes, ``word`` and ``name:word``, with one regular expression built from the
    grammar's own terminals, and gives up (``None``) on anything else.
    """

    def __init__(self) -> None:
        parser = _lark()
        self.public: Entry = _bounded(parser.parse)
        self.fast: Entry | None = fast_entry(parser)
        self.entry: Entry = self.public
        if self.fast is not None and os.environ.get(FAST_ENV) != "0":
            self.entry = self.fast
        word = parser.get_terminal("WORD").pattern.to_regexp()
        date = parser.get_terminal("DATE").pattern.to_regexp()
        # A DATE (its colons unescaped) outranks a WORD where both start. Each word
        # is matched once, as the lexer does, and never given back: a lookahead
        # captures it and a backreference consumes it (an atomic group before
        # Python 3.11), so a query of another shape is turned down at once.
        self.simple = re.compile(
            rf"\s*(?!{date})(?=(?P<name>{word}))(?P=name)(?:\s*:\s*(?=(?P<value>{word}))(?P=value))?\s*"
        ).fullmatch


#: A way into the parser: ``(text, nesting bound) -> tree``.
Entry = Callable[[str, int], Any]


def _bounded(parse: Callable[[str], Any]) -> Entry:
    """``Lark.parse`` with the nesting bound of this parse, which :class:`NestingBound` reads from :data:`DEPTH`."""

    def entry(text: str, bound: int = MAX_NESTING) -> Any:
        token = DEPTH.set(bound)
        try:
            return parse(text)
        finally:
            DEPTH.reset(token)

    return entry


_parsers: _Parsers | None = None


def _shared() -> _Parsers:
    global _parsers
    parsers = _parsers
    if parsers is None:
        # Two threads may both get here; they build equal objects around the one Lark.
        parsers = _parsers = _Parsers()
    return parsers


def parse_query_syntax(text: str, limits: Limits = DEFAULT_LIMITS) -> Group:
    """Parse ``text`` into its syntax tree, or raise :class:`QuerySyntaxError`
    (:class:`LimitExceededError` for a query over ``limits``).

    >>> parse_query_syntax('title:"a b"~2 -x').clauses[1]
    Prefixed(op='-', child=Term(raw='x', pos=15, fuzzy=None, boost=None), pos=14)
    >>> parse_query_syntax("title:")
    Traceback (most recent call last):
    ...
    filterengine.errors.QuerySyntaxError: query syntax error: unexpected end of input at line 1, column 7; expected a value after 'title:'
      title:
            ^
    """
    if not isinstance(text, str):
        raise TypeError(f"a query must be a string, not {type(text).__name__}")
    check_length(text, limits.query_length, "query_length", "query too long")
    parsers = _parsers or _shared()
    stripped = text.strip()
    # A space between words means another shape: not worth a match that fails.
    if " " not in stripped:
        match = parsers.simple(text)
        if match is not None:
            # The tree the parser builds for these shapes; a keyword alone is the parser's to reject.
            name, value = match.group("name", "value")
            if name not in _KEYWORD_WORDS and value not in _KEYWORD_WORDS:
                at = match.start("name")
                if value is None:
                    return _group_node((_term(name, at, None, None),), at, None)
                child = _term(value, match.start("value"), None, None)
                return _group_node((_fielded(name, at, child),), at, None)
        if not stripped:
            raise _empty(text)
    try:
        tree: Group = parsers.entry(text, limits.depth)
    except (TooDeep, LarkError, RecursionError) as err:
        raise _ours(err, text, limits.depth) from None
    _check_clauses(tree, text, limits.clauses)
    return tree


def _leaves(tree: Group) -> Iterator[Term | Quoted | RangeQ]:
    """The clauses of a tree (terms, phrases, ranges), in the order written."""
    stack: list[Clause] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (Term, Quoted, RangeQ)):
            yield node
        elif isinstance(node, Group):
            stack.extend(reversed(node.clauses))
        elif isinstance(node, (AndQ, OrQ)):
            stack.extend(reversed(node.children))
        else:  # Fielded, NotQ, Prefixed: one child
            stack.append(node.child)


def count_clauses(tree: Group) -> int:
    """How many clauses (terms, phrases, ranges) a parsed query holds.

    >>> count_clauses(parse_query_syntax('title:(a OR "b c") AND NOT views:[1 TO 5] d'))
    4
    """
    return sum(1 for _ in _leaves(tree))


def _check_clauses(tree: Group, text: str, maximum: int) -> None:
    found = 0
    over: int | None = None
    for leaf in _leaves(tree):
        found += 1
        if found == maximum + 1:
            over = leaf.pos
    if over is not None:
        raise LimitExceededError("clauses", maximum, found, "too many clauses", text=text, position=over)


def parse_full(text: str, path: str = "selected") -> Group:
    """:func:`parse_query_syntax` without the shortcut for simple shapes, by the entry
    ``path``: ``"fast"`` (:mod:`.lark_fast`), ``"public"`` (``Lark.parse``) or
    ``"selected"`` (the one in use). For tests and benchmarks.

    >>> parse_full("a", "public") == parse_full("a", "selected") == parse_query_syntax("a")
    True
    """
    parsers = _shared()
    entry = {"fast": parsers.fast, "public": parsers.public, "selected": parsers.entry}[path]
    if entry is None:
        raise LookupError(f"no fast entry on Lark {lark.__version__} (verified: {sorted(VERIFIED_LARK)})")
    return _parse(text, entry)


def selected_path() -> str:
    """``"fast"`` or ``"public"``: which entry :func:`parse_query_syntax` uses here."""
    parsers = _shared()
    return "fast" if parsers.entry is parsers.fast else "public"


def _parse(text: str, entry: Entry) -> Group:
    if not text.strip():
        raise _empty(text)
    try:
        tree: Group = entry(text, MAX_NESTING)
        return tree
    except (TooDeep, LarkError, RecursionError) as err:
        raise _ours(err, text, MAX_NESTING) from None


def _empty(text: str) -> QuerySyntaxError:
    return QuerySyntaxError("empty query", text, len(text), ["a term, a phrase or *:* for everything"])


def _ours(err: Exception, text: str, depth: int) -> QuerySyntaxError | LimitExceededError:
    """Our error for what the parser raised, by either entry."""
    if isinstance(err, TooDeep):
        return LimitExceededError("depth", depth, err.depth, "query nested too deep", "levels", text=text, position=err.pos)
    if isinstance(err, UnexpectedInput):
        return _translate(err, text)
    if isinstance(err, RecursionError):
        return QuerySyntaxError("query too complex to parse", text, 0)
    # No other LarkError is expected; still ours, at what position Lark gives.
    return QuerySyntaxError(f"syntax error ({type(err).__name__})", text, _position(err, len(text)))


def _position(err: Exception, default: int) -> int:
    pos = getattr(err, "pos_in_stream", None)
    return pos if isinstance(pos, int) else default


def _accepted(err: UnexpectedInput) -> set[str] | None:
    """The terminals the parser accepts where ``err`` happened, by Lark's public
    ``InteractiveParser.choices()`` (the same on both entries), if Lark gives one."""
    interactive = getattr(err, "interactive_parser", None)
    if interactive is None:
        return None
    try:
        choices = interactive.choices()
    except Exception:
        return None
    return {str(name) for name in choices if str(name).isupper()}


def _translate(err: UnexpectedInput, text: str) -> QuerySyntaxError:
    reason, pos, expected = describe_unexpected(err, text, _TERMINAL_WORDS)
    accepts = _accepted(err)
    if accepts is not None:
        # What the parser accepts here (the lexer's set also holds AND/OR/NOT everywhere).
        expected = sorted({_TERMINAL_WORDS[t] for t in accepts if t in _TERMINAL_WORDS})
        if pos < len(text) and text[pos] == ")" and accepts <= {"$END"}:
            return QuerySyntaxError("unmatched ')'", text, pos)
    special = _special_reason(text, pos)
    if special is not None:
        return QuerySyntaxError(special[0], text, pos, special[1])
    if pos < len(text):
        shown = _SHOWN.match(text, pos)
        snippet = shown.group(0) if shown else text[pos]
        reason = f"unexpected {snippet[:20] + '...' if len(snippet) > 20 else snippet!r}"
    # Look back a bounded stretch only: a search over all the text is quadratic.
    field = _FIELD_BEFORE.search(text, max(0, pos - _LOOK_BACK), pos)
    if field is not None and "a phrase" in expected and "'~'" not in expected:
        name = field.group(1)
        expected = [f"a value after '{name if len(name) <= 30 else '...' + name[-27:]}:'"]
    return QuerySyntaxError(reason, text, pos, expected)


# What an error message quotes: a word, a keyword-like run, or one character.
_SHOWN = re.compile(r'(?:[^\s+\-!():^\[\]"{}~\\/]|\\[\s\S])(?:[^\s!():^\[\]"{}~\\/]|\\[\s\S])*|&&|\|\|')
_PHRASE = re.compile(r'"(?:[^"\\]|\\[\s\S])*"')


def _special_reason(text: str, pos: int) -> tuple[str, list[str]] | None:
    """Friendlier words for the errors a lexer alone can recognize."""
    if pos >= len(text):
        return None
    ch = text[pos]
    if ch == '"' and not _PHRASE.match(text, pos):
        return "unclosed phrase: no closing '\"'", ["'\"'"]
    if text.startswith("/*", pos) and "*/" not in text[pos + 2 :]:
        return "unclosed comment: no closing '*/'", ["'*/'"]
    if ch == "/":
        return "unexpected '/' (regular expressions are not supported; escape it as \\/)", []
    if ch == "\\" and pos == len(text) - 1:
        return "a backslash at the end must escape a character", []
    if ch == "^":
        return "a boost needs a number, such as ^2", []
    return None
