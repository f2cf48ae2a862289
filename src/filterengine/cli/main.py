"""The ``filterengine`` command: preview, check and explain playlists, format queries.

Exit status (see :mod:`.help`): 0 success; 1 the answer is no (``check`` found
problems, ``query`` is invalid, ``explain -e``: not in the list); 2 usage errors
(bad arguments, unreadable files); 3 invalid input (a playlist, query or catalog,
the message naming the file and the line or JSON path); 4 stdout cannot be written.
A closed pipe stops the command quietly with status 0. Results go to stdout,
messages and progress to stderr, with control characters escaped.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ..compiler import format_query, parse_query, resolve_schema
from ..engines.preview import ENGINES
from ..engines.preview import preview as engine_preview
from ..errors import FilterEngineError, FiltersetError, InputError, PlaylistFileError, UsageError
from ..filterset.model import Cliplist
from ..playlist.check import check_playlist
from ..playlist.envelopes import COLLECTION_ID, COLLECTION_SORT
from ..playlist.explain import explain, fields_of
from ..playlist.preview import Page, as_cliplist, compile_playlist, draft_query, id_key, playlist_sort, preview
from ..predicate import BACKENDS
from ..runtime.clock import resolve_now, utcnow
from ..version import __version__
from . import help as status
from . import output
from .catalog import Catalog, ReadLimits, json_kind, open_catalog, read_json_document
from .convert import HELP as convert_help
from .convert import register as register_convert
from .db import register as register_db
from .output import json_text, warn, write
from .progress import scan_progress, with_progress
from .serve import EPILOG as serve_epilog
from .serve import HELP as serve_help
from .serve import register as register_serve
from .source import parse_size
from .sql import HELP as sql_help
from .sql import register as register_sql
from .table import render_table
from .terminal import escape

__all__ = ["main"]

PROG = "filterengine"
_MAX_SKIP_MESSAGES = 10


@dataclass
class _Playlist:
    source: str
    data: Any


def _open(path: str) -> tuple[IO[bytes], str]:
    if path == "-":
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise UsageError("<stdin>: cannot read: stdin is closed")
        return sys.stdin.buffer, "<stdin>"
    try:
        return open(path, "rb"), path
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot open: {err.strerror}") from None


def _limits(args: argparse.Namespace) -> ReadLimits:
    return ReadLimits(max_record=args.max_record_size, max_gzip_ratio=args.max_gzip_ratio)


def _read_playlist(path: str, args: argparse.Namespace) -> _Playlist:
    raw, source = _open(path)
    with raw if path != "-" else contextlib.nullcontext():
        data = read_json_document(raw, source, _limits(args))
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

    def __init__(self, path: str, args: argparse.Namespace):
        self.raw, self.source = _open(path)
        self.path = path
        self.skip_messages = 0
        try:
            self.catalog: Catalog = open_catalog(self.raw, self.source, args.skip_bad_lines, self._skipped,
                                                 _limits(args))
        except BaseException:
            self._close_raw()
            raise

    def _skipped(self, error: InputError) -> None:
        self.skip_messages += 1
        if self.skip_messages <= _MAX_SKIP_MESSAGES:
            warn(f"{PROG}: warning: {escape(str(error))} (skipped)")

    def __iter__(self) -> Iterator[Any]:
        return with_progress(self.catalog, sys.stderr) if sys.stderr is not None else iter(self.catalog)

    def close(self) -> None:
        skipped = self.catalog.skipped
        if skipped:
            listed = f"; the first {_MAX_SKIP_MESSAGES} are listed above" if skipped > _MAX_SKIP_MESSAGES else ""
            noun = "record" if skipped == 1 else "records"
            warn(f"{PROG}: warning: {escape(self.source)}: skipped {skipped:,} bad {noun}{listed}")
        self._close_raw()

    def _close_raw(self) -> None:
        if self.path != "-":
            self.raw.close()


def _now(text: str) -> Any:
    try:
        return resolve_now(text)
    except FilterEngineError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _size(text: str) -> int:
    try:
        value = parse_size(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a size of at least 1 byte")
    return value


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a non-negative number (0: no limit), not {text!r}")
    return value


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
    fmt = args.format or ("json" if args.envelope else "table" if _on_terminal() else "json")
    if args.envelope and fmt != "json":
        raise UsageError("--envelope goes with --format json")
    playlist = _read_playlist(args.playlist, args)
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
    envelope: dict[str, Any] = {}
    if args.engine != "python":
        page = _engine_preview(cl, args, now, spec, schema)
    else:
        clips = _Catalog(args.clips, args)
        try:
            page = preview(cl, clips, now=now, q=args.q, sort=spec, limit=args.limit,
                           offset=args.offset, schema=schema, backend=args.backend, draft_id=args.draft_id)
        finally:
            clips.close()
        envelope = clips.catalog.envelope
    if fmt == "jsonl":
        for item in page.items:
            write(json_text(item) + "\n")
    elif fmt == "json":
        write(json_text(_json_page(page, args, envelope), indent=2) + "\n")
    else:
        shown = (schema.field("id"), schema.field("title"), page.sort.fields if page.sort else (),
                 predicate.node if predicate is not None else ())
        write(render_table(page.items, fields_of(shown)) + "\n")
        write(escape(_footer(page, cl, now)) + "\n")
    return status.OK


def _on_terminal() -> bool:
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except ValueError:  # pragma: no cover - a closed stream
        return False


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


def _engine_preview(cl: Cliplist, args: argparse.Namespace, now: Any, spec: Any, schema: Any) -> Page:
    """``--engine duckdb|polars``: the engine scans CLIPS, a file, itself."""
    if args.clips == "-":
        raise UsageError(f"--engine {args.engine} scans CLIPS itself: give a file path (stdin is read by --engine python)")
    if args.skip_bad_lines:
        raise UsageError(f"--skip-bad-lines goes with --engine python (--engine {args.engine} refuses bad records)")
    if not os.path.isfile(args.clips):
        raise UsageError(f"{args.clips}: no such file" if not os.path.exists(args.clips) else f"{args.clips}: not a file")
    report = scan_progress(sys.stderr) if sys.stderr is not None else None
    try:
        return engine_preview(cl, args.clips, now=now, q=args.q, sort=spec, limit=args.limit, offset=args.offset,
                              schema=schema, backend=args.backend, engine=args.engine, draft_id=args.draft_id,
                              progress=report)
    finally:
        if report is not None:
            report.finish()


def _json_page(page: Page, args: argparse.Namespace, envelope: dict[str, Any]) -> dict[str, Any]:
    if args.envelope == "sapi":
        return page.to_sapi()
    if args.envelope == "collection":
        path = args.collection_id or envelope.get("@id") or COLLECTION_ID
        return page.to_collection(str(path))
    return {"total": page.total, "items": page.items}


def _footer(page: Page, cl: Cliplist, now: Any) -> str:
    shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "none"
    order = str(page.sort) if page.sort is not None else "stored order"
    kind = "static" if cl.is_static else "dynamic"
    return f"{shown} of {page.total:,} ({kind} list; sort: {order}; limit {page.limit}; now {now.isoformat()})"


# -- check ------------------------------------------------------------------


def _run_check(args: argparse.Namespace) -> int:
    playlist = _read_playlist(args.playlist, args)
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
        write(json_text(report, indent=2) + "\n")
        return status.NO if failed else status.OK
    for problem in problems:
        tag = "" if problem.severity == "error" else "warning: "
        write(escape(f"{problem.path or '/'}: {tag}{problem.message}", keep="\n") + "\n")
    if failed:
        count = len(errors) if errors else len(warnings)
        noun = ("problem" if errors else "warning") + ("" if count == 1 else "s")
        strict = "" if errors else " (--strict)"
        output.finish()
        warn(escape(f"{PROG}: error: {playlist.source}: {count} {noun}{strict}"))
        return status.NO
    write(escape(f"{playlist.source}: ok ({kind} list)") + "\n")
    return status.OK


# -- explain ----------------------------------------------------------------


def _run_explain(args: argparse.Namespace) -> int:
    _check_paths(args)
    playlist = _read_playlist(args.playlist, args)
    cl = _cliplist(playlist)
    schema = resolve_schema(None)
    now = args.now or utcnow()
    _compile(cl, args.q, now, schema, "reference", playlist.source)
    wanted = id_key(args.id)
    clips = _Catalog(args.clips, args)
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
        write(json_text(report.to_dict(), indent=2) + "\n")
    else:
        write(escape(str(report), keep="\n") + "\n")
    if args.exit_status and not report.matched:
        return status.NO
    return status.OK


# -- query ------------------------------------------------------------------


def _run_query(args: argparse.Namespace) -> int:
    text = format_query(parse_query(args.q, default_operator=args.default_operator))
    # The canonical form is data, written as it is, but never raw commands to a terminal.
    write((escape(text) if _on_terminal() else text) + "\n")
    return status.OK


# -- the parser -------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, writing help and version text through :mod:`.output`, so a full disk or a
    closed stdout is reported (argparse itself ignores a failed write)."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if not message:
            return
        if file is None or file is sys.stdout:
            output.write(message)
        else:
            warn(message.rstrip("\n"))


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description="Preview smart playlists (cliplists) over a catalog of clips, locally.",
        epilog=status.EPILOGS[PROG], formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                              epilog=status.EPILOGS[name], formatter_class=formatter)

    def limits(p: argparse.ArgumentParser) -> None:
        p.add_argument("--max-record-size", type=_size, default=ReadLimits.max_record, metavar="SIZE",
                       help="largest record in CLIPS, or PLAYLIST, to read (default 16M; K, M and G are binary units)")
        p.add_argument("--max-gzip-ratio", type=_ratio, default=ReadLimits.max_gzip_ratio, metavar="N",
                       help="gzip data may expand at most N times, once past 1 MiB (default 100; 0: no limit)")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("playlist", metavar="PLAYLIST", help="a JSON file holding one cliplist, or - for stdin")
        p.add_argument("clips", metavar="CLIPS",
                       help="clips as JSON lines, JSON values, a JSON array or {\"items\": [...]} (.gz too), or -")
        p.add_argument("--now", type=_now, metavar="ISO", help="the clock for relative dates (default: now, UTC)")
        p.add_argument("--q", metavar="Q", help="a query ANDed with the playlist (Solr syntax)")
        p.add_argument("--skip-bad-lines", action="store_true",
                       help="report bad records in CLIPS on stderr and go on, instead of stopping")
        limits(p)

    p = command("preview", "print the page of clips a playlist returns")
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
    p.add_argument("--engine", choices=ENGINES, default="python",
                   help="what scans CLIPS: python (default; any record, stdin too), or duckdb / polars scanning a "
                        "Parquet or JSON file themselves (see docs/engines.md)")
    p.set_defaults(run=_run_preview, invalid=status.INVALID)

    p = command("check", "validate a playlist; print every problem as PATH: message")
    p.add_argument("playlist", metavar="PLAYLIST", help="a JSON file holding one cliplist, or - for stdin")
    p.add_argument("--strict", action="store_true", help="warnings fail the check too (exit status 1)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (PATH: message lines, the default) or json (the problems as data)")
    limits(p)
    p.set_defaults(run=_run_check, invalid=status.NO)

    p = command("explain", "why one clip is or is not in a playlist")
    common(p)
    p.add_argument("--id", required=True, metavar="ID", help="the id of the clip to explain")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output (default: text)")
    p.add_argument("-e", "--exit-status", action="store_true",
                   help="exit 0 if the clip is in the list, 1 if it is not")
    p.set_defaults(run=_run_explain, invalid=status.INVALID)

    p = command("query", "parse a q string and print its canonical form")
    p.add_argument("q", metavar="Q", help="a query in Solr syntax")
    p.add_argument("--default-operator", choices=("OR", "AND"), default="OR",
                   help="how juxtaposed clauses combine (Solr's q.op; default OR)")
    p.set_defaults(run=_run_query, invalid=status.NO)

    p = command("sql", sql_help)
    register_sql(p, _read_playlist, _now, _count)
    limits(p)
    p.set_defaults(invalid=status.INVALID)

    p = command("convert", convert_help)
    register_convert(p, _Catalog, _read_playlist, _count)
    limits(p)
    p.set_defaults(invalid=status.INVALID)

    p = sub.add_parser("serve", help=serve_help, description=serve_help[0].upper() + serve_help[1:] + ".",
                       epilog=serve_epilog, formatter_class=formatter)
    register_serve(p, _Catalog)
    limits(p)
    p.set_defaults(invalid=status.INVALID)

    register_db(sub, formatter, _Catalog, limits)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    output.prepare()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        output.finish()
    except SystemExit as done:  # --help, --version or a usage error: argparse has written it
        _flush_quietly()
        return done.code if isinstance(done.code, int) else status.USAGE
    except BrokenPipeError:
        output.silence_stdout()
        return status.OK
    except output.OutputError as err:
        output.silence_stdout()
        warn(f"{PROG}: error: {err}")
        return status.OUTPUT
    try:
        code = int(args.run(args))
        output.finish()
        return code
    except UsageError as err:
        _flush_quietly()
        warn(f"{PROG}: error: {escape(str(err))}")
        return status.USAGE
    except FilterEngineError as err:
        _flush_quietly()
        lines = escape(str(err), keep="\n").splitlines() or [type(err).__name__]
        if isinstance(err, PlaylistFileError):  # one problem a line, each naming the file
            warn("\n".join(f"{PROG}: error: {line}" for line in lines))
        else:  # later lines may be a caret under a query: keep them as they are
            warn(f"{PROG}: error: " + "\n".join(lines))
        return int(args.invalid)
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, as other tools do.
        output.silence_stdout()
        return status.OK
    except output.OutputError as err:
        output.silence_stdout()
        warn(f"{PROG}: error: {err}")
        return status.OUTPUT
    except KeyboardInterrupt:
        warn("")
        return status.INTERRUPTED


def _flush_quietly() -> None:
    """Flush what stdout holds before a message on stderr; a reader that went away is no matter."""
    try:
        output.finish()
    except (BrokenPipeError, output.OutputError):
        output.silence_stdout()
