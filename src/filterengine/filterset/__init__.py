"""Cliplist JSON -> model -> IR, with validation that reports every problem by JSON pointer."""

from .lower import Lowered, lower_filters
from .model import Cliplist
from .operators import OPERATORS, lookup_operator

__all__ = ["Cliplist", "Lowered", "lower_filters", "OPERATORS", "lookup_operator"]
