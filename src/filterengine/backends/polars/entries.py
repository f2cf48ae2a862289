"""JSON values as Polars data: a list of typed entries per row, so that a value's own JSON type still decides.

A field of no kind (and every key of ``_extra``) becomes, in its column, a list of
structs, one per scalar the value holds at some path:

- ``k``: the path, a JSON array of keys (``["slug"]`` in ``_extra``, ``[]`` for a
  dynamic column's own value, ``["meta", "league"]`` through nested objects);
- ``t``: the JSON type, ``"s"`` string, ``"n"`` number, ``"b"`` boolean, ``"z"`` a
  null element of a list, ``"o"`` an object or a list inside a list, ``"e"`` an
  empty list (present, holding nothing);
- ``l``: whether the entry is an element of a list;
- ``s`` (the string), ``f`` (its :func:`~filterengine.runtime.values.fold`), ``x``
  (:func:`~filterengine.runtime.values.scalar_text` of a string, number or
  boolean), ``fx`` (its fold), ``nx`` (its NFC form), ``n``
  (:func:`~filterengine.runtime.values.to_number` of a number or a string),
  ``b`` (the boolean) and ``d`` (the instant it denotes as fixed-width ISO text, for
  top-level values: :func:`filterengine.layout.rows.instant_text`).

A key holding null has no entries (absent, as the runtime reads it). Every rule
is the runtime's, applied when the frame is built.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

import polars as pl

from ...layout.rows import instant_text
from ...runtime.values import fold, scalar_text, to_number

__all__ = ["ENTRIES", "entries", "path_key"]

ENTRIES = pl.List(pl.Struct({
    "k": pl.String(), "t": pl.String(), "l": pl.Boolean(), "s": pl.String(), "f": pl.String(), "x": pl.String(),
    "fx": pl.String(), "nx": pl.String(), "n": pl.Float64(), "b": pl.Boolean(), "d": pl.String(),
}))


def path_key(path: tuple[str, ...] | list[str]) -> str:
    """The ``k`` of the entries at ``path``."""
    return json.dumps(list(path), ensure_ascii=False, separators=(",", ":"))


def entries(value: Any, path: tuple[str, ...], top: bool) -> list[dict[str, Any]]:
    """The entries of a JSON value (as the loader normalised it) at ``path``; ``top`` keeps instants."""
    out: list[dict[str, Any]] = []
    _add(out, value, path, top)
    return out


def _add(out: list[dict[str, Any]], value: Any, path: tuple[str, ...], top: bool) -> None:
    if value is None:
        return
    key = path_key(path)
    if isinstance(value, Mapping):
        out.append(_entry(key, "o", False))
        for member, inner in value.items():
            _add(out, inner, (*path, member), False)
        return
    if isinstance(value, list):
        if not value:
            out.append(_entry(key, "e", False))
        for element in value:
            if element is None:
                out.append(_entry(key, "z", True))
            elif isinstance(element, (list, Mapping)):
                out.append(_entry(key, "o", True))
            else:
                out.append(_scalar(key, element, True, top))
        return
    out.append(_scalar(key, value, False, top))


def _entry(key: str, kind: str, element: bool) -> dict[str, Any]:
    return {"k": key, "t": kind, "l": element}


def _scalar(key: str, value: Any, element: bool, top: bool) -> dict[str, Any]:
    entry = _entry(key, "b" if isinstance(value, bool) else "s" if isinstance(value, str) else "n", element)
    text = scalar_text(value)
    if text is not None:
        entry.update(x=text, fx=fold(text), nx=unicodedata.normalize("NFC", text))
    if isinstance(value, str):
        entry.update(s=value, f=fold(value))
    if not isinstance(value, bool):
        number = to_number(value)
        if number is not None:
            try:
                entry["n"] = float(number)
            except OverflowError:  # past the largest double: no Float64 holds it
                pass
    if isinstance(value, bool):
        entry["b"] = value
    if top:
        entry["d"] = instant_text(value)
    return entry
