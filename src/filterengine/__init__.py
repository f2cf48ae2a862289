"""filterengine: evaluate smart-playlist filtersets locally, with the platform's semantics.

>>> import filterengine as fe
>>> pred = fe.compile_filters([{"filters": [{"field": "title", "operator": "contains", "value": "goal"}]}])
>>> pred({"title": "Late GOAL wins the derby"})
True
"""

import importlib
from typing import TYPE_CHECKING, Any

from .compiler import compile_filters, compile_query, format_query, parse_query
from .engines.preview import preview
from .errors import (
    EngineRecordError,
    FilterEngineError,
    FiltersetError,
    LimitExceededError,
    Problem,
    QuerySyntaxError,
    SchemaError,
    TimeExpressionError,
    UnsupportedError,
)
from .filterset.model import Cliplist
from .layout.report import LoadReport
from .limits import Limits
from .playlist.check import check_playlist
from .playlist.explain import Explanation, explain
from .playlist.preview import Page
from .predicate import Predicate
from .schema import PLATFORM_SCHEMA, FieldSpec, Schema
from .version import __version__ as __version__

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
    "UnsupportedError",
    "EngineRecordError",
    "to_sql",
    "SqlQuery",
    "sql",
    "to_polars",
    "to_frame",
    "write_parquet",
    "LoadReport",
]

if TYPE_CHECKING:
    from . import sql
    from .frames import to_frame, to_polars, write_parquet
    from .sql import SqlQuery, to_sql

# The SQL backend needs the optional sqlglot (``pip install 'filterengine[sql]'``): loaded on first use.
# The Polars backend needs the optional polars (``pip install 'filterengine[polars]'``): loaded on first use too.
_LAZY = {"sql": None, "to_sql": "to_sql", "SqlQuery": "SqlQuery"}
_LAZY_POLARS = {"to_polars": "to_polars", "to_frame": "to_frame", "write_parquet": "write_parquet"}


def __getattr__(name: str) -> Any:
    if name in _LAZY_POLARS:
        try:
            frames = importlib.import_module(".frames", __name__)
        except ImportError as err:  # pragma: no cover - depends on what is installed
            raise ImportError(f"filterengine.{name} needs polars and pyarrow: pip install 'filterengine[polars]' ({err})") from err
        return getattr(frames, _LAZY_POLARS[name])
    if name not in _LAZY:
        raise AttributeError(f"module 'filterengine' has no attribute {name!r}")
    try:
        module = importlib.import_module(".sql", __name__)
    except ImportError as err:  # pragma: no cover - depends on what is installed
        raise ImportError(f"filterengine.{name} needs sqlglot: pip install 'filterengine[sql]' ({err})") from err
    attribute = _LAZY[name]
    return module if attribute is None else getattr(module, attribute)

