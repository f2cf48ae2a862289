"""filterengine: evaluate smart-playlist filtersets locally, with the platform's semantics.

>>> import filterengine as fe
>>> pred = fe.compile_filters([{"filters": [{"field": "title", "operator": "contains", "value": "goal"}]}])
>>> pred({"title": "Late GOAL wins the derby"})
True
"""

from .compiler import compile_filters, compile_query, format_query, parse_query
from .errors import (
    FilterEngineError,
    FiltersetError,
    LimitExceededError,
    Problem,
    QuerySyntaxError,
    SchemaError,
    TimeExpressionError,
)
from .filterset.model import Cliplist
from .limits import Limits
from .playlist.check import check_playlist
from .playlist.explain import Explanation, explain
from .playlist.preview import Page, preview
from .predicate import Predicate
from .schema import PLATFORM_SCHEMA, FieldSpec, Schema

__all__ = [
    "compile_filters",
    "compile_query",
    "parse_query",
    "format_query",
    "Predicate",
    "Cliplist",
    "Schema",
    "FieldSpec",
    "PLATFORM_SCHEMA",
    "FilterEngineError",
    "FiltersetError",
    "TimeExpressionError",
    "QuerySyntaxError",
    "SchemaError",
    "LimitExceededError",
    "Limits",
    "Problem",
    "preview",
    "Page",
    "explain",
    "Explanation",
    "check_playlist",
]

__version__ = "0.1.0"
