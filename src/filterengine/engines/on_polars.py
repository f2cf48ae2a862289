"""Previews on Polars: a lazy scan of a Parquet catalog in the table layout, filtered by ``fe.to_polars``'s
expression, sorted by :mod:`filterengine.backends.polars.order`, sliced, counted, on the streaming engine.

- Parquet: ``scan_parquet``; every column of the layout, fields of no kind too.
- JSON lines (gzip too): read in batches by Polars' NDJSON reader, columns computed by
  :mod:`.polars_json`, records it cannot read refused; each batch filtered, its first
  ``offset + limit`` records by the sort kept with their lines and merged with the
  previous batches' (the sort is stable and batches come in file order, so ties keep
  catalog order). Progress is the share of the file read.
- a JSON array or an envelope (``{"items": [...]}``) is refused: Polars reads JSON arrays
  whole, not in batches; use DuckDB, or convert the catalog.
- records in memory: a frame built by ``fe.to_frame``'s loader (the runtime's normalisation).

A Parquet scan reports no progress: ``progress`` is called for JSON lines only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import polars as pl

from ..backends.polars.frame import build_frame
from ..backends.polars.order import sort_by
from ..backends.polars.translate import Translator
from ..errors import EngineRecordError, InputError, UnsupportedError
from ..ir import Field, Node
from ..layout.columns import ROW, Layout
from ..schema import Schema
from .files import RECORD, catalog_format, display, fresh_records, is_path, rebuild
from .polars_json import INDEX, POSITION, JsonLines, suspect
from .preview import Progress

__all__ = ["open_scan", "PolarsScan"]

NAME = "polars"
_LINE = "?line"


def open_scan(clips: Any, schema: Schema) -> PolarsScan:
    return PolarsScan(clips, Layout.of(schema))


class PolarsScan:
    """One catalog as a Polars ``LazyFrame``."""

    def __init__(self, clips: Any, layout: Layout):
        self.layout = layout
        self.records: list[Mapping[str, Any]] | None = None
        self.record_column: str | None = None
        self.json: JsonLines | None = None
        self.source = "<records>"
        if is_path(clips):
            path = display(clips)
            fmt, gzipped = catalog_format(path)
            if fmt == "json":
                raise UnsupportedError("a JSON array catalog", NAME,
                                       "Polars reads a JSON array whole, not in batches: preview it with engine='duckdb' "
                                       "or engine='python', write it as JSON lines, or convert it to Parquet "
                                       "(filterengine convert CATALOG out.parquet)")
            if fmt == "jsonl":
                self.json = JsonLines(path, gzipped, layout)
                self.source = path
                return
            self.frame = pl.scan_parquet(path)
            try:
                self.names = set(self.frame.collect_schema().names())
            except (OSError, pl.exceptions.PolarsError) as err:
                raise InputError(path, f"cannot read as Parquet: {str(err).strip().splitlines()[0]}") from None
            if ROW not in self.names:
                raise InputError(path, f"not a catalog in the table layout: no {ROW!r} column (write it with fe.to_frame "
                                       "or filterengine convert)")
            self.record_column = RECORD if RECORD in self.names else None
        else:
            self.records = [c for c in clips if isinstance(c, Mapping)]
            frame, _ = build_frame(self.records, layout)
            self.frame = frame.lazy()
            self.names = set(frame.columns)

    def page(self, node: Node, keys: list[tuple[Field, bool]], now: datetime, offset: int, limit: int,
             progress: Progress | None) -> tuple[list[Any], int]:
        match = Translator(self.layout, now).node(node)
        by, descending = sort_by(keys, self.layout)
        used = set(match.meta.root_names()).union(*(e.meta.root_names() for e in by))
        if self.json is not None:
            return self._json_page(self.json, used, match, by, descending, offset, limit, progress)
        missing = sorted(used - self.names)
        if missing:
            raise UnsupportedError(f"test or sort on {', '.join(missing)} of this catalog", NAME,
                                   "the Parquet file has no such column: write it in the table layout of this schema")
        matched = self.frame.filter(match)
        shown = [ROW] + ([self.record_column] if self.record_column else [])
        if self.records is None and self.record_column is None:
            shown = [c.name for c in self.layout.columns if c.name in self.names]
        counted = matched.select(pl.len().alias("n"))
        if limit == 0:
            total = counted.collect(engine="streaming")["n"][0]
            return [], int(total)
        # The sorting scan carries only _row (and its sort keys); the page's rows are read afterwards,
        # so the wide columns (_record) of the whole catalog never pass through the sort.
        paged = matched.sort(by, descending=descending, nulls_last=True, maintain_order=True).slice(offset, limit).select(ROW)
        count_frame, page_frame = pl.collect_all([counted, paged], engine="streaming")
        rows = page_frame[ROW].to_list()
        if self.records is not None:
            return [self.records[int(row)] for row in rows], int(count_frame["n"][0])
        fetched = self.frame.filter(pl.col(ROW).is_in(rows)).select(shown).collect(engine="streaming")
        by_row: dict[Any, dict[str, Any]] = {}
        for found in fetched.iter_rows(named=True):
            by_row.setdefault(found[ROW], found)  # a repeated _row (a hand-written file): its first record
        return [self._item(by_row[row]) for row in rows], int(count_frame["n"][0])

    def _json_page(self, reader: JsonLines, used: set[str], match: pl.Expr, by: list[pl.Expr], descending: list[bool],
                   offset: int, limit: int, progress: Progress | None) -> tuple[list[Any], int]:
        """A JSON-lines catalog's count and page in one reading: each batch filtered, and its first
        ``offset + limit`` records by the sort merged with those kept so far (with their lines)."""
        missing = reader.unreadable(used)
        if missing:
            raise UnsupportedError(f"test or sort on {', '.join(missing)} of a JSON-lines catalog", NAME,
                                   "values of no kind, keys outside the schema and their dates are not computed from "
                                   "JSON lines: preview with engine='python', or convert the catalog to Parquet")
        tested = set(match.meta.root_names())
        checks = sorted({ok for name in used for ok in reader.checks.get(name, ())} | set(reader.typed_checks(tested)))
        wanted = offset + limit
        total = 0
        kept: pl.DataFrame | None = None
        for frame, batch in reader.frames(used, tested, progress):
            if checks:
                self._refuse(reader, frame, checks, batch.lines)
            matched = frame.filter(match)
            total += matched.height
            if not wanted or not matched.height:
                continue
            best = matched.sort(by, descending=descending, nulls_last=True, maintain_order=True).head(wanted)
            best = best.select(*sorted(used | {ROW}), pl.Series(_LINE, [batch.lines[i] for i in best[INDEX]], dtype=pl.Binary))
            merged = best if kept is None else pl.concat([kept, best])
            kept = merged.sort(by, descending=descending, nulls_last=True, maintain_order=True).head(wanted)
        lines = [] if kept is None else kept[_LINE].to_list()[offset:]
        return [json.loads(line) for line in lines], total

    def _refuse(self, reader: JsonLines, frame: pl.DataFrame, checks: list[str], lines: list[bytes]) -> None:
        """Raise :class:`EngineRecordError` for the first record of the batch a check refuses, if any."""
        refused = frame.filter(~pl.all_horizontal(checks))
        if not refused.height:
            return
        row = refused.row(0, named=True)
        ok = next(c for c in checks if not row[c])
        field, reason = reader.reasons[ok]
        try:
            record = json.loads(lines[row[INDEX]])
        except ValueError:  # pragma: no cover - Polars read it as JSON
            record = {}
        value = json.dumps(record.get(field) if isinstance(record, dict) else None, ensure_ascii=False)[:80]
        raise EngineRecordError(self.source, int(row[POSITION]), field, NAME, f"{reason}: the value is {value}")

    def _json_lookup(self, reader: JsonLines, ids: list[str]) -> dict[str, Any]:
        """The first record of the file with each id: candidates by the id's text (or any id whose text may be a
        number's, written otherwise by the runtime), then matched exactly by :func:`fresh_records`."""
        fresh: dict[str, Any] = {}
        remaining = list(dict.fromkeys(ids))
        text = pl.col("?s:id")
        candidate = text.is_in(remaining) | suspect(text, True)
        for frame, batch in reader.frames({"id"}):
            rows = frame.filter(candidate)[INDEX].to_list()
            if not rows:
                continue
            found = fresh_records(remaining, (json.loads(batch.lines[i]) for i in rows))
            fresh.update(found)
            remaining = [i for i in remaining if i not in fresh]
            if not remaining:
                break
        return fresh

    def _item(self, row: dict[str, Any]) -> Any:
        if self.records is not None:
            return self.records[int(row[ROW])]
        if self.record_column is not None:
            return json.loads(row[self.record_column])
        return rebuild(row, self.layout)

    def lookup(self, ids: list[str]) -> dict[str, Any]:
        if self.json is not None:
            return self._json_lookup(self.json, ids)
        if self.records is not None:
            return fresh_records(ids, self.records)
        shown = [ROW] + ([self.record_column] if self.record_column else [])
        if self.record_column is None:
            shown = [c.name for c in self.layout.columns if c.name in self.names]
        found = (self.frame.filter(pl.col("id").is_in(ids)).sort(ROW).select(shown)
                 .collect(engine="streaming"))
        return fresh_records(ids, (self._item(row) for row in found.iter_rows(named=True)))

    def close(self) -> None:
        pass
