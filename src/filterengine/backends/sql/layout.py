"""The SQL side of the table layout (:mod:`filterengine.layout.columns`): table names as sqlglot tables."""

from __future__ import annotations

from sqlglot import exp

from ...errors import FilterEngineError
from ...layout.columns import DATE_WIDTH, DATES, EXTRA, EXTRA_DATES, FOLD, ROW, TERMS, Column, Layout

__all__ = ["table_ref", "Column", "Layout", "EXTRA", "EXTRA_DATES", "ROW", "FOLD", "TERMS", "DATES", "DATE_WIDTH"]


def table_ref(name: str) -> exp.Table:
    """The table ``name`` (``"clips"``, ``"media.clips"``): each dotted part a quoted identifier, never parsed as SQL.

    >>> table_ref('media.cl"ips').sql("postgres")
    '"media"."cl""ips"'
    """
    parts = name.split(".")
    if not name or len(parts) > 3 or not all(parts):
        raise FilterEngineError(f"table must be a name such as 'clips' or 'schema.clips', not {name!r}")
    ids = [exp.to_identifier(p, quoted=True) for p in parts]
    return exp.Table(this=ids[-1], db=ids[-2] if len(ids) > 1 else None, catalog=ids[-3] if len(ids) > 2 else None)
