"""The ``q`` query language: syntax tree -> IR (``lower``), and IR -> canonical text (``format``)."""

from .format import format_node
from .lower import lower_query, without_boosts

__all__ = ["lower_query", "format_node", "without_boosts"]
