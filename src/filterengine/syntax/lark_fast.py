"""The one place that reads Lark's private LALR internals: a faster entry into the q parser.

``Lark.parse`` goes through the parsing front end (start-symbol checks, a text
slice, a lexer thread, a fresh parse configuration) and Lark's contextual lexer
on every call; for a short query that fixed cost is larger than the parse. This
module runs the same parse table and the same tree callbacks from
``parse_from_state``, with its own lexer (the contextual lexer plus
:mod:`.query_lexer`'s additions, with less work per token) and a copy of the
table whose lookups are cheaper.

None of this is Lark's public API, so it is used only on the Lark versions it was
verified against (:data:`VERIFIED_LARK`), and only if it builds; otherwise
:func:`fast_entry` returns ``None`` and :mod:`.query` parses with ``Lark.parse``.
Both give the same trees and the same errors (``tests/syntax/test_query_paths.py``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import lark
from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from .query_lexer import KEYWORDS, MAX_NESTING, PREFIXES, TooDeep

__all__ = ["VERIFIED_LARK", "fast_entry"]

#: The Lark releases whose internals this module was checked against (the whole
#: test suite run on each, on this entry and on ``Lark.parse``).
VERIFIED_LARK = frozenset({"1.2.2", "1.3.0", "1.3.1"})


def fast_entry(parser: Lark, version: str = lark.__version__) -> Callable[[str, int], Any] | None:
    """``(text, nesting bound) -> tree`` for ``parser`` (built with ``lexer="contextual"`` and a
    :class:`~.query_lexer.NestingBound` post-lexer), or ``None`` where it cannot be trusted."""
    if version not in VERIFIED_LARK:
        return None
    try:
        return _QueryParser(parser).parse
    except Exception:  # a private module or attribute moved: Lark.parse still works
        return None


class _Token(Token):
    """A Token whose line and column fields, never set by this lexer, are class
    defaults: making one sets three fields instead of eight."""

    __slots__ = ()
    line = column = end_line = end_column = end_pos = None


_new_str = str.__new__
_SPACE = re.compile(r"\s*")

Matcher = Callable[[str, int], "re.Match[str] | None"]


class _Lexer:
    """Lark's contextual lexer with ``always_accept`` and the nesting bound of
    :class:`~.query_lexer.NestingBound`, in one loop with less work per token."""

    def __init__(self, terminals: Any, ignore: Any, states: Any):
        self.terminals = {t.name: t for t in terminals}
        self.ignore = frozenset(ignore)
        self.states = states
        self._by_state: dict[Any, Matcher] = {}
        self.root = self._compile(self.terminals)

    def _compile(self, names: Any, skip_space: bool = False) -> Matcher:
        chosen = [self.terminals[n] for n in names if n in self.terminals and not (skip_space and n == "WS")]
        # Lark's own order: priority, then the longest possible match, then name.
        chosen.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
        if not skip_space:
            return re.compile("|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in chosen)).match
        # Leading whitespace is skipped by the same match (group 1), not as a token
        # of its own. Each terminal is marked by an empty named group at its end,
        # not wrapped in one: an alternative that starts with a literal or a class
        # is then skipped by the regex engine at the first character that cannot
        # start it. The marker is the match's lastgroup: it closes last.
        alternatives = "|".join(f"(?:{t.pattern.to_regexp()})(?P<{t.name}>)" for t in chosen)
        return re.compile(f"(\\s*)(?:{alternatives})").match

    def _matcher(self, position: Any) -> Matcher:
        accepts = set(self.states[position]) | self.ignore | set(KEYWORDS)
        matcher = self._by_state[position] = self._compile(sorted(accepts), skip_space=True)
        return matcher

    def tokens(self, text: str, parser_state: Any, bound: int = MAX_NESTING) -> Iterator[Token]:
        """The tokens of ``text``, each lexed in the parser state it is read in, nesting at most ``bound`` deep."""
        ignore = self.ignore
        by_state = self._by_state
        stack_of_states = parser_state.state_stack  # the parser updates this list in place
        end = len(text.rstrip())
        pos = 0
        # NestingBound.process, inlined: a generator between lexer and parser costs
        # a resumption per token.
        stack: list[int] = []
        depth = run = before_word = 0
        while pos < end:
            position = stack_of_states[-1]
            match = (by_state.get(position) or self._matcher(position))(text, pos)
            if match is None:
                raise self._error(text, _SPACE.match(text, pos).end(), parser_state)  # type: ignore[union-attr]
            kind = match.lastgroup
            assert kind is not None
            start = match.end(1)
            pos = match.end()
            if kind in ignore:
                continue
            if kind == "WORD":
                before_word, run = run, 0
            elif kind in PREFIXES:
                run += 1
                if depth + run > bound:
                    raise TooDeep(start, depth + run)
            elif kind == "COLON":
                run = before_word
                if depth + run > bound:
                    raise TooDeep(start, depth + run)
            elif kind == "LPAR":
                stack.append(run + 1)
                depth += run + 1
                run = 0
                if depth > bound:
                    raise TooDeep(start, depth)
            elif kind == "RPAR":
                depth -= stack.pop() if stack else 0
                run = 0
            else:
                run = 0
            value = text[start:pos]
            token = _new_str(_Token, value)
            token.type = kind
            token.start_pos = start
            token.value = value
            yield token

    def _error(self, text: str, pos: int, parser_state: Any) -> Exception:
        """What Lark's contextual lexer raises here: the token the whole grammar
        would read (so the parser's words name it), else the character."""
        expected = {name for name in self.states[parser_state.position] if name.isupper()}
        match = self.root(text, pos)
        if match is not None and match.lastgroup not in self.ignore:
            token = Token(match.lastgroup or "", match.group(), pos)
            return UnexpectedToken(token, expected, state=parser_state)  # type: ignore[no-untyped-call]
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        return UnexpectedCharacters(  # type: ignore[no-untyped-call]
            text, pos, line, column, allowed=expected, state=parser_state
        )


class _Input:
    """One parse's text, in the place of Lark's ``LexerThread``: what the LALR
    parser asks for its tokens. Made per parse, so nothing is shared."""

    __slots__ = ("lexer", "text", "bound")

    def __init__(self, lexer: _Lexer, text: str, bound: int):
        self.lexer = lexer
        self.text = text
        self.bound = bound

    def lex(self, parser_state: Any) -> Any:
        return self.lexer.tokens(self.text, parser_state, self.bound)


class _QueryParser:
    """Lark's LALR ``_Parser`` (its parse table and the transformer's callbacks),
    run from ``parse_from_state`` with a configuration made once. Every parse gets
    its own ``ParserState`` and token generator, so one object serves all threads."""

    def __init__(self, parser: Lark):
        # Imported here, not at the top: on a Lark without these modules,
        # filterengine still imports and parses with Lark.parse.
        from lark.parsers.lalr_parser_state import ParseConf, ParserState

        frontend: Any = parser.parser
        self.lalr: Any = frontend.parser.parser  # lark.parsers.lalr_parser._Parser
        table, callbacks = _identity_keyed(self.lalr.parse_table, self.lalr.callbacks)
        self.conf = ParseConf(table, callbacks, "start")
        self.state = ParserState
        self.lexer = _Lexer(parser.terminals, parser.ignore_tokens, table.states)
        self.parse("a:(b) AND NOT c")  # fails here, not at a user's first query, if Lark differs

    def parse(self, text: str, bound: int = MAX_NESTING) -> Any:
        source: Any = _Input(self.lexer, text, bound)  # duck-typed as Lark's LexerThread
        return self.lalr.parse_from_state(self.state(self.conf, source))


def _identity_keyed(table: Any, callbacks: dict[Any, Any]) -> tuple[Any, dict[Any, Any]]:
    """A copy of the parse table and callbacks in which every rule is compared and
    hashed by identity and every symbol name is one interned plain str: the same
    parser, cheaper lookups."""
    from lark.grammar import NonTerminal, Rule
    from lark.parsers.lalr_analysis import ParseTableBase, Reduce

    class _Rule(Rule):
        """A grammar rule compared and hashed by identity, in C.

        After each reduction the LALR loop looks the rule up in the callbacks, checks
        it against the end state, and looks its origin's name up in the parse table;
        with Lark's own rules these run ``Rule.__hash__``, ``Rule.__eq__`` and
        ``Token.__eq__`` (the name is a Token) in Python, a sizeable part of a
        reduction. Each rule appears once in the copied table, so identity is equality.
        """

        __slots__ = ()
        __eq__ = object.__eq__
        __hash__ = object.__hash__

    rules: dict[int, _Rule] = {}
    fast_callbacks: dict[Any, Any] = {}

    def convert(rule: Any) -> _Rule:
        fast = rules.get(id(rule))
        if fast is None:
            origin = NonTerminal(sys.intern(str(rule.origin.name)))
            fast = rules[id(rule)] = _Rule(origin, rule.expansion, rule.order, rule.alias, rule.options)
            if rule in callbacks:
                fast_callbacks[fast] = callbacks[rule]
        return fast

    states = {
        state: {
            sys.intern(str(name)): (action, convert(arg) if action is Reduce else arg)
            for name, (action, arg) in actions.items()
        }
        for state, actions in table.states.items()
    }
    fast_table: ParseTableBase[Any] = ParseTableBase(  # type: ignore[no-untyped-call]
        states, table.start_states, table.end_states
    )
    return fast_table, fast_callbacks
