"""What the ``q`` lexer adds to ``grammar/query.lark``, through Lark's public post-lexer API.

Lark's contextual lexer tries, in each parser state, only the terminals that
state accepts. Two additions, both stated here once:

- AND, OR and NOT are tried in every state (``always_accept``), so that
  ``a AND AND b`` and ``title:OR`` are errors rather than searches for the word;
- nesting depth is bounded (``Limits.depth``, :data:`MAX_NESTING` by default),
  since every later stage recurses over the tree: :class:`NestingBound` raises
  :class:`TooDeep` at the token that goes one level too deep, before the parser
  sees it. ``Lark.parse`` takes no per-parse options, so the bound of the parse
  under way is read from :data:`DEPTH` (a context variable: each thread and task
  has its own).

The fast entry (:mod:`.lark_fast`) has its own lexer that does the same with less
work per token; the tests run both over the same inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar

from lark import Token
from lark.lark import PostLex

__all__ = ["NestingBound", "TooDeep", "MAX_NESTING", "DEPTH", "KEYWORDS", "PREFIXES"]

#: Parentheses and prefix operators (NOT, +, -) nest at most this deep by default (``Limits().depth``).
MAX_NESTING = 64

#: The nesting bound of the parse under way in this context, for :class:`NestingBound`.
DEPTH: ContextVar[int] = ContextVar("filterengine_query_depth", default=MAX_NESTING)

#: The terminals tried in every parser state.
KEYWORDS = ("AND", "OR", "NOT")
#: The terminals that each open one level of nesting before the operand they prefix.
PREFIXES = frozenset(("NOT", "PLUS", "MINUS"))


class TooDeep(Exception):
    """Raised from inside the parse; translated to a QuerySyntaxError by the caller."""

    def __init__(self, pos: int, depth: int):
        super().__init__(pos, depth)
        self.pos = pos
        self.depth = depth


class NestingBound(PostLex):
    """Lark's post-lexer hook: the token stream of one parse, with the depth bounded.

    Each parse gets its own generator, so the counters are never shared.
    """

    always_accept = KEYWORDS

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        bound = DEPTH.get()
        stack: list[int] = []
        depth = run = before_word = 0
        for token in stream:
            kind = token.type
            # Only a prefix, '(' or a field's colon can deepen the nesting.
            if kind == "WORD":
                before_word, run = run, 0
            elif kind in PREFIXES:
                run += 1
                if depth + run > bound:
                    raise TooDeep(token.start_pos or 0, depth + run)
            elif kind == "COLON":
                run = before_word  # that word was a field name: its prefixes still apply
                if depth + run > bound:
                    raise TooDeep(token.start_pos or 0, depth + run)
            elif kind == "LPAR":
                stack.append(run + 1)
                depth += run + 1
                run = 0
                if depth > bound:
                    raise TooDeep(token.start_pos or 0, depth)
            elif kind == "RPAR":
                depth -= stack.pop() if stack else 0
                run = 0
            else:
                run = 0
            yield token
