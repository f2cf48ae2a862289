"""A contextual lexer for ``grammar/query.lark``, built from the grammar's own terminals.

It does what Lark's contextual lexer does (in each parser state, only the
terminals that state accepts, tried in Lark's priority order) with less work
per token, which is most of a short query's parse time. Two additions: AND, OR
and NOT are tried in every state, so that ``a AND AND b`` is an error rather than
a search for the word "AND"; and nesting depth is bounded (see
:data:`MAX_NESTING`), since every later stage recurses over the tree.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import Lexer

__all__ = ["QueryLexer", "TooDeep", "MAX_NESTING"]

#: Parentheses and prefix operators (NOT, +, -) nest at most this deep.
MAX_NESTING = 64

_KEYWORDS = ("AND", "OR", "NOT")
_PREFIXES = frozenset(("NOT", "PLUS", "MINUS"))
_SPACE = re.compile(r"\s*")


class _Token(Token):
    """A Token whose line and column fields, never set by this lexer, are class
    defaults: making one sets three fields instead of eight."""

    __slots__ = ()
    line = column = end_line = end_column = end_pos = None


_new_str = str.__new__

Matcher = Callable[[str, int], "re.Match[str] | None"]


class TooDeep(Exception):
    """Raised from inside the parse; translated to a QuerySyntaxError by the caller."""

    def __init__(self, pos: int):
        super().__init__(pos)
        self.pos = pos


class QueryLexer(Lexer):
    """Lark's custom-lexer interface (version 2: it sees the parser state)."""

    __future_interface__ = 2

    def __init__(self, conf: Any):
        self.terminals = {t.name: t for t in conf.terminals}
        self.ignore = frozenset(conf.ignore)
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

    def _matcher(self, position: Any, states: Any) -> Matcher:
        accepts = set(states[position]) | self.ignore | set(_KEYWORDS)
        matcher = self._by_state[position] = self._compile(sorted(accepts), skip_space=True)
        return matcher

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Token]:
        text = lexer_state.text
        return self.tokens(getattr(text, "text", text), parser_state)  # a TextSlice since Lark 1.2

    def tokens(self, text: str, parser_state: Any) -> Iterator[Token]:
        """The tokens of ``text``, each lexed in the parser state it is read in."""
        ignore = self.ignore
        by_state = self._by_state
        states = parser_state.parse_conf.states
        stack_of_states = parser_state.state_stack  # the parser updates this list in place
        end = len(text.rstrip())
        pos = 0
        stack: list[int] = []
        depth = run = before_word = 0
        while pos < end:
            position = stack_of_states[-1]
            match = (by_state.get(position) or self._matcher(position, states))(text, pos)
            if match is None:
                raise self._error(text, _SPACE.match(text, pos).end(), parser_state)  # type: ignore[union-attr]
            kind = match.lastgroup
            assert kind is not None
            start = match.end(1)
            pos = match.end()
            if kind in ignore:
                continue
            # Only a prefix, '(' or a field's colon can deepen the nesting.
            if kind == "WORD":
                before_word, run = run, 0
            elif kind in _PREFIXES:
                run += 1
                if depth + run > MAX_NESTING:
                    raise TooDeep(start)
            elif kind == "COLON":
                run = before_word  # that word was a field name: its prefixes still apply
                if depth + run > MAX_NESTING:
                    raise TooDeep(start)
            elif kind == "LPAR":
                stack.append(run + 1)
                depth += run + 1
                run = 0
                if depth > MAX_NESTING:
                    raise TooDeep(start)
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
        expected = {name for name in parser_state.parse_conf.states[parser_state.position] if name.isupper()}
        match = self.root(text, pos)
        if match is not None and match.lastgroup not in self.ignore:
            token = Token(match.lastgroup or "", match.group(), pos)
            return UnexpectedToken(token, expected, state=parser_state)  # type: ignore[no-untyped-call]
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        return UnexpectedCharacters(  # type: ignore[no-untyped-call]
            text, pos, line, column, allowed=expected, state=parser_state
        )
