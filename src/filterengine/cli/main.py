"""The ``filterengine`` command: preview, check and explain playlists, format queries.

Exit status: 0 success; 1 invalid playlist, query or clip data (the message names
the file and the JSON path or line); 2 usage errors (bad arguments, unreadable
files). Results go to stdout, messages and progress to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ..compiler import format_query, parse_query, resolve_schema
from ..errors import FilterEngineError, FiltersetError, InputError, PlaylistFileError, UsageError
from ..filterset.model import Cliplist
from ..playlist.check import check_playlist
from ..playlist.envelopes import COLLECTION_ID, COLLECTION_SORT
from ..playlist.explain import explain, fields_of
from ..playlist.preview import Page, as_cliplist, compile_playlist, draft_query, id_key, playlist_sort, preview
from ..predicate import BACKENDS
from ..runtime.clock import resolve_now, utcnow
from .catalog import Catalog, json_kind, open_catalog, read_json_document
from .progress import with_progress
from .sql import register as register_sql
from .table import render_table

__all__ = ["main"]

PROG = "filterengine"
_MAX_SKIP_MESSAGES = 10


@dataclass
class _Playlist:
    source: str
    data: Any


def _open(path: str) -> tuple[IO[bytes], str]:
    if path == "-":
        return sys.stdin.buffer, "<stdin>"
    try:
        return open(path, "rb"), path
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot open: {err.strerror}") from None


def _read_playlist(path: str) -> _Playlist:
    raw, source = _open(path)
    with raw if raw is not sys.stdin.buffer else contextlib.nullcontext():
        data = read_json_document(raw, source)
    return _Playlist(source, data)


def _cliplist(playlist: _Playlist) -> Cliplist:
    if not isinstance(playlist.data, dict):
        raise InputError(playlist.source, f"a playlist must be a JSON object, not {json_kind(playlist.data)}")
    try:
        return as_cliplist(playlist.data)
    except FiltersetError as err:
        raise PlaylistFileError(playlist.source, err.problems) from None


class _Catalog:
    """Opens CLIPS with progress and bad-record reporting; iterate once."""

    def __init__(self, path: str, skip_bad: bool):
        self.raw, self.source = _open(path)
        self.skip_messages = 0
        try:
            self.catalog: Catalog = open_catalog(self.raw, self.source, skip_bad, self._skipped)
        except BaseException:
            self._close_raw()
            raise

    def _skipped(self, error: InputError) -> None:
        self.skip_messages += 1
        if self.skip_messages <= _MAX_SKIP_MESSAGES:
            print(f"{PROG}: warning: {error} (skipped)", file=sys.stderr)

    def __iter__(self) -> Iterator[Any]:
        return with_progress(self.catalog, sys.stderr)

    def close(self) -> None:
        if self.catalog.skipped > _MAX_SKIP_MESSAGES:
            print(f"{PROG}: warning: {self.source}: skipped {self.catalog.skipped} bad records in all", file=sys.stderr)
        self._close_raw()

    def _close_raw(self) -> None:
        if self.raw is not sys.stdin.buffer:
            self.raw.close()


def _now(text: str) -> Any:
    try:
        return resolve_now(text)
    except FilterEngineError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, not {value}")
    return value


# -- preview ----------------------------------------------------------------


def _check_paths(args: argparse.Namespace) -> None:
    if args.playlist == "-" and getattr(args, "clips", None) == "-":
        raise UsageError("PLAYLIST and CLIPS cannot both be read from stdin ('-')")


def _run_preview(args: argparse.Namespace) -> int:
    _check_paths(args)
    fmt = args.format or ("json" if args.envelope else "table" if sys.stdout.isatty() else "json")
    if args.envelope and fmt != "json":
        raise UsageError("--envelope goes with --format json")
    playlist = _read_playlist(args.playlist)
    cl = _cliplist(playlist)
    schema = resolve_schema(None)
    shown_q = args.q
    if args.draft_id is not None:  # the clip service's listing: the draft's latest clips
        shown_q = draft_query(args.draft_id, args.q, schema)
        if args.sort is None and (cl.is_static or not cl.effective_sort):
            args.sort = COLLECTION_SORT
    try:
        spec = playlist_sort(cl, args.sort, schema)
    except FiltersetError as err:
        raise PlaylistFileError(playlist.source, err.problems) from None
    except FilterEngineError as err:
        raise FilterEngineError(f"--sort: {err}") from None
    now = args.now or utcnow()
    predicate = _compile(cl, shown_q, now, schema, args.backend, playlist.source)
    clips = _Catalog(args.clips, args.skip_bad_lines)
    try:
        page = preview(cl, clips, now=now, q=args.q, sort=spec, limit=args.limit,
                       offset=args.offset, schema=schema, backend=args.backend, draft_id=args.draft_id)
    finally:
        clips.close()
    out = sys.stdout
    if fmt == "jsonl":
        for item in page.items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif fmt == "json":
        out.write(json.dumps(_json_page(page, args, clips.catalog), ensure_ascii=False, indent=2) + "\n")
    else:
        shown = (schema.field("id"), schema.field("title"), page.sort.fields if page.sort else (),
                 predicate.node if predicate is not None else ())
        out.write(render_table(page.items, fields_of(shown)) + "\n")
        out.write(_footer(page, cl, now) + "\n")
    return 0


def _compile(cl: Cliplist, q: str | None, now: Any, schema: Any, backend: str, source: str) -> Any:
    """Compile up front, so playlist and query errors come before the catalog is read."""
    try:
        return compile_playlist(cl, q, now, schema, backend)
    except FiltersetError as err:
        raise PlaylistFileError(source, err.problems) from None
    except FilterEngineError as err:
        if q is not None:  # problems in the filters are FiltersetErrors: this one is the query's
            raise FilterEngineError(f"--q: {err}") from None
        raise


def _json_page(page: Page, args: argparse.Namespace, catalog: Catalog) -> dict[str, Any]:
    if args.envelope == "sapi":
        return page.to_sapi()
    if args.envelope == "collection":
        path = args.collection_id or catalog.envelope.get("@id") or COLLECTION_ID
        return page.to_collection(str(path))
    return {"total": page.total, "items": page.items}


def _footer(page: Page, cl: Cliplist, now: Any) -> str:
    shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "none"
    order = str(page.sort) if page.sort is not None else "stored order"
    kind = "static" if cl.is_static else "dynamic"
    return f"{shown} of {page.total:,} ({kind} list; sort: {order}; limit {page.limit}; now {now.isoformat()})"


# -- check ------------------------------------------------------------------


def _run_check(args: argparse.Namespace) -> int:
    playlist = _read_playlist(args.playlist)
    data = playlist.data
    if not isinstance(data, dict):
        raise InputError(playlist.source, f"a playlist must be a JSON object, not {json_kind(data)}")
    problems = check_playlist(data)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    failed = bool(errors) or (args.strict and bool(warnings))
    cl = Cliplist.from_dict(data) if not errors else None
    kind = ("static" if cl.is_static else "dynamic") if cl is not None else None
    if args.format == "json":
        report = {"playlist": playlist.source, "ok": not failed, "listtype": kind,
                  "problems": [{"pointer": p.path, "severity": p.severity, "code": p.code, "message": p.message}
                               for p in problems]}
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1 if failed else 0
    for problem in problems:
        tag = "" if problem.severity == "error" else "warning: "
        print(f"{problem.path or '/'}: {tag}{problem.message}")
    if failed:
        count = len(errors) if errors else len(warnings)
        noun = ("problem" if errors else "warning") + ("" if count == 1 else "s")
        strict = "" if errors else " (--strict)"
        print(f"{PROG}: error: {playlist.source}: {count} {noun}{strict}", file=sys.stderr)
        return 1
    print(f"{playlist.source}: ok ({kind} list)")
    return 0


# -- explain ----------------------------------------------------------------


def _run_explain(args: argparse.Namespace) -> int:
    _check_paths(args)
    playlist = _read_playlist(args.playlist)
    cl = _cliplist(playlist)
    schema = resolve_schema(None)
    now = args.now or utcnow()
    _compile(cl, args.q, now, schema, "reference", playlist.source)
    wanted = id_key(args.id)
    clips = _Catalog(args.clips, args.skip_bad_lines)
    try:
        clip = next((c for c in clips if id_key(c.get("id")) == wanted), None)
    finally:
        clips.close()
    if clip is None and cl.is_static:
        clip = next((i for i in cl.items or () if isinstance(i, dict) and id_key(i.get("id")) == wanted), None)
    if clip is None:
        raise InputError(clips.source, f"no clip with id {args.id!r}")
    report = explain(cl, clip, now=now, q=args.q, schema=schema)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report)
    return 0


# -- query ------------------------------------------------------------------


def _run_query(args: argparse.Namespace) -> int:
    print(format_query(parse_query(args.q, default_operator=args.default_operator)))
    return 0


# -- the parser -------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Preview smart playlists (cliplists) over a catalog of clips, locally.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("playlist", metavar="PLAYLIST", help="a JSON file holding one cliplist, or - for stdin")
        p.add_argument("clips", metavar="CLIPS",
                       help="clips as a JSON array, JSON lines, {\"items\": [...]} or a Collection (.gz too), or -")
        p.add_argument("--now", type=_now, metavar="ISO", help="the clock for relative dates (default: now, UTC)")
        p.add_argument("--q", metavar="Q", help="a query ANDed with the playlist (Solr syntax)")
        p.add_argument("--skip-bad-lines", action="store_true",
                       help="report bad records in CLIPS and go on, instead of stopping")

    p = sub.add_parser("preview", help="print the page of clips a playlist returns")
    common(p)
    p.add_argument("--sort", metavar="S", help="'field [asc|desc], ...' (default: the playlist's, else 'id desc')")
    p.add_argument("--limit", type=_count, metavar="N", help="page size (default: the playlist's limit, else 15)")
    p.add_argument("--offset", type=_count, metavar="N", help="items to skip (default 0)")
    p.add_argument("--format", choices=("table", "json", "jsonl"),
                   help="output (default: table on a terminal, json otherwise)")
    p.add_argument("--envelope", choices=("sapi", "collection"), help="wrap the JSON output as this API does")
    p.add_argument("--collection-id", metavar="PATH",
                   help=f"@id of a Collection envelope (default: the catalog's @id, else {COLLECTION_ID})")
    p.add_argument("--draft-id", metavar="ID",
                   help="list a draft's clips as the clip service does: that draft_id only, latest first, at most 1,000")
    p.add_argument("--backend", choices=BACKENDS, default="python", help="evaluator (default: python)")
    p.set_defaults(run=_run_preview)

    p = sub.add_parser("check", help="validate a playlist; print every problem as PATH: message")
    p.add_argument("playlist", metavar="PLAYLIST", help="a JSON file holding one cliplist, or - for stdin")
    p.add_argument("--strict", action="store_true", help="warnings fail the check too (exit status 1)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (PATH: message lines, the default) or json (the problems as data)")
    p.set_defaults(run=_run_check)

    p = sub.add_parser("explain", help="why one clip is or is not in a playlist")
    common(p)
    p.add_argument("--id", required=True, metavar="ID", help="the id of the clip to explain")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output (default: text)")
    p.set_defaults(run=_run_explain)

    p = sub.add_parser("query", help="parse a q string and print its canonical form")
    p.add_argument("q", metavar="Q", help="a query in Solr syntax")
    p.add_argument("--default-operator", choices=("OR", "AND"), default="OR",
                   help="how juxtaposed clauses combine (Solr's q.op; default OR)")
    p.set_defaults(run=_run_query)

    register_sql(sub, _read_playlist, _now, _count)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as err:
        parser.exit(2, f"{PROG}: error: {err}\n")
    except FilterEngineError as err:
        sys.stdout.flush()
        lines = str(err).splitlines() or [type(err).__name__]
        if isinstance(err, PlaylistFileError):  # one problem a line, each naming the file
            print("\n".join(f"{PROG}: error: {line}" for line in lines), file=sys.stderr)
        else:  # later lines may be a caret under a query: keep them as they are
            print(f"{PROG}: error: " + "\n".join(lines), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0  # pragma: no cover - parser.exit raised
