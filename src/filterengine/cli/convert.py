"""``filterengine convert``: write a catalog as a Parquet file in the table layout (fe.write_parquet).

Needs the ``polars`` extra (polars and pyarrow). The catalog is read as ``preview``
reads it (JSON lines, arrays, envelopes, gzip, stdin) and written in row groups, so
memory stays flat. The file is written next to OUT under a temporary name and moved
into place when complete: a failed run leaves no half-written OUT.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from typing import Any

from ..compiler import resolve_schema
from ..errors import FilterEngineError, InputError, UsageError
from ..schema import Schema
from .output import OutputError, warn
from .terminal import escape

__all__ = ["register", "HELP"]

#: What ``convert --help`` says.
HELP = "write a catalog as a Parquet file in the table layout (for the duckdb and polars engines)"


def register(p: argparse.ArgumentParser, open_catalog: Callable[[str, argparse.Namespace], Any],
             read_json: Callable[[str, argparse.Namespace], Any], count: Callable[[str], int]) -> None:
    """Add the ``convert`` subcommand's arguments to its parser ``p``."""
    p.add_argument("clips", metavar="CATALOG",
                   help="clips as JSON lines, JSON values, a JSON array or {\"items\": [...]} (.gz too), or -")
    p.add_argument("out", metavar="OUT", help="the Parquet file to write (replaced if it exists)")
    p.add_argument("--schema", metavar="FILE",
                   help="a JSON schema file ({\"fields\": ..., \"aliases\": ...}; default: the platform's)")
    p.add_argument("--batch", type=count, default=20_000, metavar="N",
                   help="clips per row group (default 20,000: about 340 MB; memory grows with it, not with the catalog)")
    p.add_argument("--no-records", action="store_true",
                   help="leave out _record, each clip's own JSON: a smaller file, but previews of it return "
                        "clips rebuilt from the typed columns")
    p.add_argument("--skip-bad-lines", action="store_true",
                   help="report bad records in CATALOG on stderr and go on, instead of stopping")
    p.set_defaults(run=lambda args: _run(args, open_catalog, read_json))


def _schema(args: argparse.Namespace, read_json: Callable[[str, argparse.Namespace], Any]) -> Schema:
    if args.schema is None:
        return resolve_schema(None)
    document = read_json(args.schema, args)
    if not isinstance(document.data, dict):
        raise InputError(document.source, "a schema must be a JSON object")
    try:
        return Schema.from_dict(document.data)
    except FilterEngineError as err:
        raise FilterEngineError(f"{document.source}: {err}") from None


def _run(args: argparse.Namespace, open_catalog: Callable[[str, argparse.Namespace], Any],
         read_json: Callable[[str, argparse.Namespace], Any]) -> int:
    try:
        from ..frames import write_parquet
    except ImportError as err:
        raise UsageError(f"the convert command needs polars and pyarrow: pip install 'filterengine[polars]' ({err})") from None
    if args.batch < 1:
        raise UsageError("--batch must be at least 1")
    if args.out == "-":
        raise UsageError("OUT must be a file: a Parquet file is finished by a footer written last")
    schema = _schema(args, read_json)
    folder = os.path.dirname(os.path.abspath(args.out))
    try:
        handle, partial = tempfile.mkstemp(prefix=".convert-", suffix=".parquet.partial", dir=folder)
    except OSError as err:
        raise UsageError(f"{args.out}: cannot write: {err.strerror}") from None
    done = False
    try:
        with os.fdopen(handle, "wb") as sink:
            clips = open_catalog(args.clips, args)
            try:
                report = write_parquet(clips, sink, schema, batch=args.batch, keep_records=not args.no_records)
            finally:
                clips.close()
        os.chmod(partial, 0o666 & ~_umask())  # as open() would have made it (mkstemp makes it private)
        os.replace(partial, args.out)
        done = True
    except OSError as err:
        raise OutputError(f"{args.out}: cannot write: {err.strerror or err}") from None
    finally:
        if not done:
            _remove(partial)
    noun = "clip" if report.rows == 1 else "clips"
    warn(escape(f"filterengine: wrote {report.rows:,} {noun} to {args.out}"))
    if report.unreadable:
        fields = ", ".join(f"{name} {n:,}" for name, n in sorted(report.by_field.items(), key=lambda kv: (-kv[1], kv[0])))
        noun = "value" if report.unreadable == 1 else "values"
        warn(escape(f"filterengine: warning: {report.unreadable:,} {noun} a typed column could not hold, "
                    f"written as null: {fields}"))
    return 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
