"""``filterengine db``: set up the database of ``filterengine serve``, and load clips into it.

``db migrate`` creates or upgrades the tables (idempotent); ``db load FILE`` streams a
catalog into a database already set up, in one transaction, and reports what it loaded
on stderr. Both need the ``sql`` extra (sqlglot), and psycopg for PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
from collections.abc import Callable
from typing import Any

from ..errors import FilterEngineError, UsageError
from . import help as status
from .output import warn
from .serve import ENV_DATABASE, _shown
from .terminal import escape

__all__ = ["register", "HELP"]

#: What ``db --help`` says.
HELP = "set up the database of 'filterengine serve' and load clips into it"
#: The database used without ``--database`` (the store's ``DEFAULT_DATABASE``; not imported: it needs sqlglot).
_DEFAULT_DATABASE = "sqlite:///filterengine.db"

_DATABASE = f"""\
The database is a SQLite file (sqlite:///FILE, or a plain path; default
${ENV_DATABASE}, else {_DEFAULT_DATABASE}: filterengine.db in the current
directory) or PostgreSQL (postgresql://user@host:port/dbname)."""

_EPILOG = f"""\
{_DATABASE}

examples:
  filterengine db migrate
  filterengine db load examples/clips.jsonl
  filterengine db migrate --database postgresql://postgres@localhost/clips
  zcat export.jsonl.gz | filterengine db load - --database postgresql://postgres@localhost/clips

Run 'filterengine db COMMAND --help' for a command's options.
"""

_MIGRATE = f"""\
{_DATABASE}
Creates the tables, or upgrades them to this version's schema, in one
transaction; a database already up to date is left as it is (run it as often as
you like). The tables are described in docs/serve.md.

examples:
  filterengine db migrate
  filterengine db migrate --database postgresql://postgres@localhost/clips

exit status:
  0    the database is at this version's schema
  2    usage error; sqlglot (or psycopg) missing
  3    the database cannot be opened, or was written by a newer filterengine
"""

_LOAD = f"""\
{_DATABASE}
FILE is JSON lines, any stream of JSON values, a JSON array or an object holding
the clips in "items" (gzip detected), or - for stdin. It is streamed: memory does
not grow with its size. Clips are appended (a second load adds to the first) in
one transaction: a load stopped by an error leaves the database as it was.
A record that is not an object is an error (--skip-bad-lines skips it). Values
a column cannot hold are stored as NULL and counted in the summary, which goes
to stderr. The database must be set up first ('filterengine db migrate').

examples:
  filterengine db load examples/clips.jsonl
  filterengine db load clips.json.gz --database postgresql://postgres@localhost/clips
  jq -c '.items[]' export.json | filterengine db load -

exit status:
  0    loaded
  2    usage error (bad arguments, an unreadable FILE); sqlglot (or psycopg) missing
  3    invalid catalog (the message names the file and the line), or a database that
       cannot be opened or is not set up
"""


def register(sub: Any, formatter: type[argparse.HelpFormatter], open_clips: Callable[[str, argparse.Namespace], Any],
             limits: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``db`` and its commands to the subcommands ``sub``; ``open_clips`` opens a catalog file,
    ``limits`` adds the catalog-reading limits to a parser."""
    db = sub.add_parser("db", help=HELP, description=HELP[0].upper() + HELP[1:] + ".", epilog=_EPILOG,
                        formatter_class=formatter)
    commands = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)

    def database(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database", metavar="URL",
                       help=f"sqlite:///FILE or postgresql://... (default: ${ENV_DATABASE}, else {_DEFAULT_DATABASE})")

    p = commands.add_parser("migrate", help="create or upgrade the tables (idempotent)",
                            description="Create or upgrade the tables of the database (idempotent).",
                            epilog=_MIGRATE, formatter_class=formatter)
    database(p)
    p.set_defaults(run=_migrate, invalid=status.INVALID)

    p = commands.add_parser("load", help="load a catalog of clips into the database",
                            description="Load a catalog of clips into a database set up by 'db migrate'.",
                            epilog=_LOAD, formatter_class=formatter)
    p.add_argument("file", metavar="FILE", help="clips as JSON lines, JSON values, a JSON array or {\"items\": [...]} (.gz too), or -")
    database(p)
    p.add_argument("--skip-bad-lines", action="store_true",
                   help="report bad records in FILE on stderr and go on, instead of stopping")
    limits(p)
    p.set_defaults(run=lambda args: _load(args, open_clips), invalid=status.INVALID)


def _url(args: argparse.Namespace) -> str:
    return str(args.database or os.environ.get(ENV_DATABASE) or _DEFAULT_DATABASE)


def _open(url: str) -> Any:
    try:
        from ..serve import Store
    except ImportError as err:
        raise UsageError(f"the db command needs sqlglot: pip install 'filterengine[sql]' ({err})") from None
    try:
        return Store.open(url)
    except FilterEngineError as err:
        raise UsageError(f"--database: {err}") from None
    except ImportError as err:
        raise UsageError(f"a PostgreSQL database needs psycopg: pip install 'psycopg[binary]' ({err})") from None


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.Error]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - depends on what is installed
        pass
    else:
        errors.append(psycopg.Error)
    return tuple(errors)


def _migrate(args: argparse.Namespace) -> int:
    url = _url(args)
    store = _open(url)
    try:
        version = store.migrate()
    except _database_errors() as err:
        raise FilterEngineError(f"database {_shown(url)}: {err}") from None
    finally:
        store.close()
    warn(f"filterengine: database {escape(_shown(url))} at schema version {version}")
    return status.OK


def _load(args: argparse.Namespace, open_clips: Callable[[str, argparse.Namespace], Any]) -> int:
    url = _url(args)
    store = _open(url)
    try:
        if store.dialect == "sqlite" and not os.path.exists(store.database.target):  # not a new, empty file
            raise FilterEngineError(f"database {_shown(url)} does not exist: run 'filterengine db migrate' first")
        try:
            if store.version() == 0:
                raise FilterEngineError(f"database {_shown(url)} is not set up: run 'filterengine db migrate' first")
        except _database_errors() as err:
            raise FilterEngineError(f"database {_shown(url)}: {err}") from None
        clips = open_clips(args.file, args)
        try:
            report = store.load_clips(clips)
        except _database_errors() as err:
            raise FilterEngineError(f"database {_shown(url)}: {err}") from None
        finally:
            clips.close()
    finally:
        store.close()
    summary = f"filterengine: loaded {report.rows:,} clips from {escape(clips.source)} into {escape(_shown(url))}"
    if report.unreadable:
        fields = ", ".join(f"{escape(name)} {n:,}" for name, n in sorted(report.by_field.items()))
        summary += f"; {report.unreadable:,} values a column cannot hold stored as NULL ({fields})"
    warn(summary)
    return status.OK
