"""Sort keys -> ORDER BY terms with the rules of :mod:`filterengine.playlist.sorting`.

Values compare by the field's kind: numbers, instants and booleans by value,
text by its folded form (the ``__fold`` column), keyword strings exactly, where
integer strings (platform ids) come first and compare as integers, of any
length. A missing value comes last in both directions, and ties keep catalog
order (``_row``). A list field sorts by its first value. Strings compare by code
point, as Python compares them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from ...ir import Field
from .dialects import Dialect
from .layout import ROW, Layout

__all__ = ["order_terms"]


def order_terms(keys: Sequence[tuple[Field, bool]], dialect: Dialect, layout: Layout, table: str) -> list[exp.Ordered]:
    """ORDER BY terms for ``(field, descending)`` keys, then catalog order."""
    terms: list[exp.Ordered] = []
    for field, descending in keys:
        terms.extend(_key(field, descending, dialect, layout, table))
    terms.append(exp.Ordered(this=exp.column(ROW, table=table, quoted=True), desc=False, nulls_first=False))
    return terms


def _ordered(value: exp.Expr, descending: bool) -> exp.Ordered:
    return exp.Ordered(this=value, desc=descending, nulls_first=False)


def _key(field: Field, descending: bool, d: Dialect, layout: Layout, table: str) -> list[exp.Ordered]:
    canonical = field.keys[-1]
    column = layout.column(canonical)
    if column is None or column.kind == "dynamic":
        raise d.unsupported("sort by a field of no kind", "its values may be dates, numbers or text, told apart by parsing")
    value: exp.Expr = exp.column(column.name, table=table, quoted=True)
    if column.kind in ("text", "keyword") and column.case_insensitive:
        folded = layout.fold(canonical)
        if folded is not None:
            value = exp.column(folded.name, table=table, quoted=True)
    if column.multivalued:
        value = d.first_element(value)
    missing = exp.Is(this=value, expression=exp.Null())
    # Missing last in both directions: FALSE sorts before TRUE.
    out = [_ordered(missing, False)]
    if column.kind != "keyword":
        if column.kind == "text":
            value = d.string_compare(value)
        return out + [_ordered(value, descending)]
    # Keyword: integer strings first, by value (sign, then number of digits, then digits), then other strings.
    integer = d.is_integer_text(value)
    zero, signs = exp.Literal.string("0"), exp.Literal.string("+-")
    negative = d.fill("substr(:v, 1, 1) = '-' AND :z <> ''", v=value,
                      z=d.strip_leading(d.fill("substr(:v, 2)", v=value), zero))
    digits = d.strip_leading(d.strip_leading(value, signs), zero)
    length = d.fill("length(:g)", g=digits)
    text = d.string_compare(value)
    null = exp.Null()
    neg = exp.and_(integer, negative)
    pos = exp.and_(integer, exp.not_(negative))
    return out + [
        _ordered(exp.not_(integer), descending),
        _ordered(exp.not_(neg), descending),  # negative integers before the others
        _ordered(exp.If(this=pos, true=length, false=null), descending),
        _ordered(exp.If(this=pos, true=d.string_compare(digits), false=null), descending),
        _ordered(exp.If(this=neg, true=length, false=null), not descending),
        _ordered(exp.If(this=neg, true=d.string_compare(digits), false=null), not descending),
        _ordered(exp.If(this=integer, true=null, false=text), descending),
    ]
