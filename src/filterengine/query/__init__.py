"""The ``q`` query language: syntax tree -> IR (``lower``), IR -> canonical text (``format``),
and IR -> what the backends run (``prepare``)."""

from .format import format_node
from .lower import lower_query
from .prepare import for_matching, without_boosts

__all__ = ["lower_query", "format_node", "for_matching", "without_boosts"]
