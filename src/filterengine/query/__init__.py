"""The ``q`` query language: syntax tree -> IR (``lower``), IR -> canonical text (``format``).

What the backends run is made by :func:`filterengine.passes.optimize`, as for filtersets."""

from .format import format_node
from .lower import lower_query

__all__ = ["lower_query", "format_node"]
