"""The table layout shared by the columnar backends (SQL tables, Polars frames): its columns, and records as rows.

Pure Python: no engine is imported here.
"""

from .columns import Column, Layout
from .report import LoadReport
from .rows import normalise

__all__ = ["Column", "Layout", "LoadReport", "normalise"]
