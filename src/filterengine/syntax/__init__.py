"""Text to IR. The only package that imports Lark; no Lark tree or token leaves it."""

from .query import MAX_NESTING, parse_query_syntax
from .timeexpr import parse_date_value, parse_datemath, parse_reach

__all__ = ["parse_datemath", "parse_reach", "parse_date_value", "parse_query_syntax", "MAX_NESTING"]
