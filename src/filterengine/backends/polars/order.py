"""Sort keys -> Polars sort expressions with the rules of :mod:`filterengine.playlist.sorting`.

The same order as the SQL backend's ORDER BY (:mod:`filterengine.backends.sql.order`),
over a frame of the table layout: numbers, instants and booleans by value, text by
its folded form (``__fold``), keyword strings exactly, where integer strings
(platform ids) come first and compare as integers of any length. A missing value
comes last in both directions, ties keep catalog order (``_row``), a list field
sorts by its first non-null value; strings compare by code point (Polars compares
UTF-8 bytes, which is the same order).

Sort with ``frame.sort(by, descending=flags, nulls_last=True, maintain_order=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ...errors import UnsupportedError
from ...ir import Field
from ...layout.columns import ROW, Layout
from .translate import NAME

__all__ = ["sort_by"]

_INTEGER = r"^[+-]?[0-9]+$"


def sort_by(keys: Sequence[tuple[Field, bool]], layout: Layout) -> tuple[list[pl.Expr], list[bool]]:
    """The sort expressions and their directions for ``(field, descending)`` keys, then catalog order."""
    exprs: list[pl.Expr] = []
    flags: list[bool] = []
    for field, descending in keys:
        for expr, flag in _key(field, descending, layout):
            exprs.append(expr)
            flags.append(flag)
    exprs.append(pl.col(ROW))
    flags.append(False)
    return exprs, flags


def _key(field: Field, descending: bool, layout: Layout) -> list[tuple[pl.Expr, bool]]:
    canonical = field.keys[-1]
    column = layout.column(canonical)
    if column is None or column.kind == "dynamic":
        raise UnsupportedError("sort by a field of no kind", NAME,
                               "its values may be dates, numbers or text, told apart by parsing")
    name = column.name
    if column.kind in ("text", "keyword") and column.case_insensitive:
        folded = layout.fold(canonical)
        if folded is not None:
            name = folded.name
    value = pl.col(name)
    if column.multivalued:
        value = value.list.drop_nulls().list.first()
    out = [(value.is_null(), False)]  # missing last in both directions: false sorts before true
    if column.kind != "keyword":
        return out + [(value, descending)]
    integer = value.str.contains(_INTEGER).fill_null(False)
    negative = value.str.starts_with("-") & (value.str.slice(1).str.strip_chars_start("0") != "")
    digits = value.str.strip_chars_start("+-").str.strip_chars_start("0")
    length = digits.str.len_bytes()
    neg = integer & negative
    pos = integer & ~negative
    nothing = pl.lit(None)
    return out + [
        (~integer, descending),
        (~neg, descending),  # negative integers before the others
        (pl.when(pos).then(length).otherwise(nothing), descending),
        (pl.when(pos).then(digits).otherwise(nothing), descending),
        (pl.when(neg).then(length).otherwise(nothing), not descending),
        (pl.when(neg).then(digits).otherwise(nothing), not descending),
        (pl.when(integer).then(nothing).otherwise(value), descending),
    ]
