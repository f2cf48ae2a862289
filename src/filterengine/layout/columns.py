"""The table layout of a schema: which columns a clips table (SQL) or frame (Polars) has, and what each one holds.

One column per schema field, typed by its kind (text, numbers, timestamps,
booleans; an array for a ``multivalued`` field; JSON for a field of no kind), plus
companions where the engines cannot apply filterengine's text rules themselves:

- ``<field>__fold`` for a case-insensitive field: its string forms lower-cased with
  :func:`~filterengine.runtime.values.fold` (engines' ``lower()`` differ from it, and
  SQLite's folds ASCII only);
- ``<field>__terms`` for a text or keyword field: what ``q`` wildcards, fuzzy terms
  and phrases compare (:func:`~filterengine.runtime.text.text_candidates`: the words
  of a text field, the whole NFC value of a keyword field), a list of strings;

- ``<field>__dates`` for a field of no kind (JSON): the instants its values denote
  (:func:`~filterengine.runtime.dates.to_instant`, the same shape as the value, each
  a fixed-width ISO 8601 UTC string or null), so that date tests need no date parser
  in SQL;

and three columns of the table itself: ``_extra``, a JSON object of every other
key of the record (filtered with the dynamic rules), ``_dates``, its instants as
for ``__dates``, and ``_row``, the record's place in the catalog (sorting ties keep
it, as the in-process sort keeps catalog order).

>>> from filterengine.schema import PLATFORM_SCHEMA
>>> layout = Layout.of(PLATFORM_SCHEMA)
>>> [c.name for c in layout.columns_of("title")]
['title', 'title__fold', 'title__terms']
>>> layout.column("cat").multivalued, layout.column("views").kind, layout.column("featured").kind
(True, 'number', 'dynamic')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import FilterEngineError
from ..schema import Schema

__all__ = ["Column", "Layout", "EXTRA", "EXTRA_DATES", "ROW", "RECORD", "FOLD", "TERMS", "DATES", "DATE_WIDTH"]

#: The JSON column holding every key the schema does not know.
EXTRA = "_extra"
#: The instants of ``_extra``'s values, key by key.
EXTRA_DATES = "_dates"
#: The record's place in the catalog (0, 1, ...), for stable sorting.
ROW = "_row"
#: Not a column of the layout: the record's own JSON text, which Parquet catalogs written by
#: ``fe.write_parquet`` / ``filterengine convert`` keep beside it (previews return records as they are).
RECORD = "_record"
FOLD = "__fold"
TERMS = "__terms"
DATES = "__dates"
#: Years of five digits in ``__dates`` text: an offset can move an instant into year 0 or 10000.
DATE_WIDTH = 5

#: Kinds a multivalued field may have (an array of strings; numbers and dates stay scalar).
_LIST_KINDS = ("keyword", "text")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its ``name``, the canonical ``field`` it serves, its ``role`` and value ``kind``.

    ``role`` is ``"value"`` (the field's value), ``"fold"``, ``"terms"``, ``"dates"`` (companions),
    ``"extra"``, ``"extra_dates"`` or ``"row"``. ``kind`` is the field's kind for values and folds
    (``"dynamic"`` for JSON), ``"terms"`` for term lists.
    """

    name: str
    field: str
    role: str
    kind: str
    multivalued: bool = False
    case_insensitive: bool = False


@dataclass(frozen=True)
class Layout:
    """The columns of a clips table for ``schema``, in table order."""

    schema: Schema
    columns: tuple[Column, ...]

    @classmethod
    def of(cls, schema: Schema) -> Layout:
        """The layout of ``schema`` (cached per schema)."""
        return _layout(schema)

    def column(self, field: str) -> Column | None:
        """The value column of a canonical field name, or ``None`` when the schema does not know it."""
        return self._by_field().get((field, "value"))

    def fold(self, field: str) -> Column | None:
        return self._by_field().get((field, "fold"))

    def terms(self, field: str) -> Column | None:
        return self._by_field().get((field, "terms"))

    def dates(self, field: str) -> Column | None:
        return self._by_field().get((field, "dates"))

    def columns_of(self, field: str) -> list[Column]:
        return [c for c in self.columns if c.field == field]

    def _by_field(self) -> dict[tuple[str, str], Column]:
        cache: dict[tuple[str, str], Column] | None = self.__dict__.get("_index")
        if cache is None:
            cache = {(c.field, c.role): c for c in self.columns}
            object.__setattr__(self, "_index", cache)
        return cache


@lru_cache(maxsize=64)
def _layout(schema: Schema) -> Layout:
    columns: list[Column] = []
    for name, spec in schema.fields.items():
        if name in (EXTRA, EXTRA_DATES, ROW, RECORD) or name.endswith((FOLD, TERMS, DATES)):
            raise FilterEngineError(f"field name {name!r} is reserved by the SQL table layout")
        if spec.multivalued and spec.kind not in _LIST_KINDS:
            raise FilterEngineError(
                f"field {name!r}: a multivalued field must be text or keyword in the SQL table layout, not {spec.kind}")
        ci = spec.case_insensitive or spec.kind == "text"
        columns.append(Column(name, name, "value", spec.kind, spec.multivalued, ci))
        if ci and spec.kind in ("text", "keyword"):
            columns.append(Column(name + FOLD, name, "fold", spec.kind, spec.multivalued, ci))
        if spec.kind in ("text", "keyword"):
            columns.append(Column(name + TERMS, name, "terms", "terms", True, ci))
        if spec.kind == "dynamic":
            columns.append(Column(name + DATES, name, "dates", "dynamic"))
    columns.append(Column(EXTRA, "", "extra", "dynamic"))
    columns.append(Column(EXTRA_DATES, "", "extra_dates", "dynamic"))
    columns.append(Column(ROW, "", "row", "number"))
    return Layout(schema, tuple(columns))
