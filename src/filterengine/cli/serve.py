"""``filterengine serve``: the cliplist and clip APIs over HTTP, on SQLite or PostgreSQL.

Needs the ``serve`` extra (Starlette, uvicorn; psycopg for PostgreSQL). Before serving,
the command creates or upgrades the database's tables (idempotent: a database already
up to date is left as it is) and loads ``--catalog`` into it (replacing the clips it held); then uvicorn serves
:func:`filterengine.serve.create_app` until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Callable
from typing import Any

from ..errors import FilterEngineError, UsageError
from .output import warn
from .terminal import escape

__all__ = ["register", "HELP", "EPILOG", "ENV_TOKEN", "ENV_DATABASE"]

#: What ``serve --help`` says.
HELP = "serve the cliplist and clip APIs over HTTP on a database"
#: The token's environment variable, read when ``--token`` is not given (a token on the
#: command line is visible to every user of the machine in the process list).
ENV_TOKEN = "FILTERENGINE_TOKEN"
#: The database's environment variable, read when ``--database`` is not given.
ENV_DATABASE = "FILTERENGINE_DATABASE"

EPILOG = f"""\
The database is SQLite in a file (default sqlite:///filterengine.db, created if
missing) or PostgreSQL (postgresql://user@host/db). Its tables are created or
upgraded first (idempotent); --catalog then loads clips (JSON lines, JSON, .gz)
into it, in place of the clips stored before (cliplists are kept). Endpoints (docs/serve.md; the OpenAPI document is at /openapi.json):
  PUT /sapi/cliplist, GET /sapi/cliplist, GET|DELETE /sapi/cliplist/ID
  (also under /sapi/playlist), GET /clip/draft_info[?draft_id=ID]

With a token (--token, or ${ENV_TOKEN} so that it stays out of the process
list), every request needs 'Authorization: Bearer TOKEN'. The server listens on
127.0.0.1 unless --host says otherwise.

examples:
  filterengine serve --catalog examples/clips.jsonl --catalog examples/clip-service/clips.json
  curl -s localhost:8080/clip/draft_info
  {ENV_TOKEN}=s3cret filterengine serve --database postgresql://localhost/clips --port 9000

On Ctrl-C or SIGTERM the server finishes the requests under way, closes the
database and ends by that signal (status 130, or 143 in a shell).

exit status:
  2    usage error (bad arguments, the serve extra missing, an unreadable catalog)
  3    invalid catalog, or a database that cannot be opened or migrated
"""

#: The database used without ``--database``: the store's ``DEFAULT_DATABASE`` (not imported: it needs sqlglot).
_DEFAULT_DATABASE = "sqlite:///filterengine.db"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, not {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port between 1 and 65535, not {value}")
    return value


def register(p: argparse.ArgumentParser, open_clips: Callable[[str, argparse.Namespace], Any]) -> None:
    """Add the ``serve`` subcommand's arguments to its parser ``p``; ``open_clips`` opens a catalog file."""
    p.add_argument("--database", metavar="URL",
                   help=f"sqlite:///FILE or postgresql://... (default: ${ENV_DATABASE}, else {_DEFAULT_DATABASE})")
    p.add_argument("--catalog", metavar="FILE", action="append",
                   help="clips to load into the database before serving (repeat for several files)")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8080, help="the port to listen on (default: 8080)")
    p.add_argument("--token", metavar="TOKEN",
                   help=f"require 'Authorization: Bearer TOKEN' on every request (default: ${ENV_TOKEN}, else none)")
    p.add_argument("--skip-bad-lines", action="store_true",
                   help="report bad records in --catalog on stderr and go on, instead of stopping")
    p.add_argument("--cors-origin", metavar="ORIGIN", action="append",
                   help="let web pages of ORIGIN (http://localhost:3000, or *) call the service from a browser; repeatable")
    p.add_argument("--access-log", action="store_true", help="log every request on stderr (default: startup and errors only)")
    p.set_defaults(run=lambda args: _run(args, open_clips))


def _run(args: argparse.Namespace, open_clips: Callable[[str, argparse.Namespace], Any]) -> int:
    try:
        import uvicorn

        from ..serve import create_app
    except ImportError as err:
        raise UsageError(f"the serve command needs its extra: pip install 'filterengine[serve]' ({err})") from None
    from .db import _database_errors, _open  # db imports this module: import it when run

    if args.token == "":
        raise UsageError("--token must not be empty")
    database = args.database or os.environ.get(ENV_DATABASE) or _DEFAULT_DATABASE
    token = args.token if args.token is not None else os.environ.get(ENV_TOKEN) or None
    store = _open(database)
    try:
        try:
            version = store.migrate()
        except _database_errors() as err:
            raise FilterEngineError(f"database {_shown(database)}: {err}") from None
        warn(f"filterengine: database {escape(_shown(database))} at schema version {version}")
        if args.catalog:
            opened = [open_clips(path, args) for path in args.catalog]
            try:  # one transaction: the files replace the clips stored before, or nothing changes
                report = store.load_clips(itertools.chain.from_iterable(opened), replace=True)
            except _database_errors() as err:
                raise FilterEngineError(f"database {_shown(database)}: {err}") from None
            finally:
                for clips in opened:
                    clips.close()
            unreadable = f" ({report.unreadable:,} values a column cannot hold stored as NULL)" if report.unreadable else ""
            files = ", ".join(escape(path) for path in args.catalog)
            warn(f"filterengine: loaded {report.rows:,} clips from {files}, replacing the clips stored before{unreadable}")
    finally:
        store.close()
    if token is None and args.host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"filterengine: warning: listening on {escape(args.host)} without a token: anyone who can reach it can "
             f"change the cliplists (set ${ENV_TOKEN})")
    app = create_app(database, token=token, cors_origins=args.cors_origin or ())
    sys.stderr.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=args.access_log, server_header=False)
    return 0


def _shown(url: str) -> str:
    """The database URL without a password, for messages."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url
