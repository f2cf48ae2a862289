"""Text to IR. The only package that imports Lark; no Lark tree or token leaves it."""

from .timeexpr import parse_datemath, parse_reach, parse_date_value

__all__ = ["parse_datemath", "parse_reach", "parse_date_value"]
