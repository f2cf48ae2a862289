"""``filterengine sql``: print a playlist as one SQL statement for an engine (fe.to_sql).

Needs the ``sql`` extra (sqlglot). The statement reads a clips table laid out by
``fe.sql.create_table`` (docs/backends.md). Values are bound parameters, listed on a
``-- params:`` line; ``--inline`` writes them in as literals for pasting into a console.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..errors import UsageError

__all__ = ["register"]

DIALECTS = ("duckdb", "sqlite", "postgres", "spark", "trino", "bigquery", "mysql")


#: What ``sql --help`` says.
HELP = "print a playlist as one SQL statement for an engine"


def register(p: argparse.ArgumentParser, read_playlist: Callable[[str, argparse.Namespace], Any],
             now: Callable[[str], Any], count: Callable[[str], int]) -> None:
    """Add the ``sql`` subcommand's arguments to its parser ``p``."""
    p.add_argument("playlist", metavar="PLAYLIST", help="a JSON file holding one cliplist (or its filters), or - for stdin")
    p.add_argument("--dialect", choices=DIALECTS, default="duckdb", help="the engine (default: duckdb)")
    p.add_argument("--q", metavar="Q", help="a query ANDed with the playlist (Solr syntax)")
    p.add_argument("--inline", action="store_true", help="write values in as literals (for a console), no parameters")
    p.add_argument("--count", action="store_true", help="print the statement counting every match instead")
    p.add_argument("--table", default="clips", metavar="NAME", help="the clips table (default: clips)")
    p.add_argument("--now", type=now, metavar="ISO", help="the clock for relative dates (default: now, UTC)")
    p.add_argument("--sort", metavar="S", help="'field [asc|desc], ...' (default: the playlist's)")
    p.add_argument("--limit", type=count, metavar="N", help="page size (default: the playlist's limit, else none)")
    p.add_argument("--offset", type=count, metavar="N", help="rows to skip")
    p.set_defaults(run=lambda args: _run(args, read_playlist))


def _run(args: argparse.Namespace, read_playlist: Callable[[str, argparse.Namespace], Any]) -> int:
    try:
        from ..sql import to_sql
    except ImportError as err:
        raise UsageError(f"the sql command needs sqlglot: pip install 'filterengine[sql]' ({err})") from None
    playlist = read_playlist(args.playlist, args)
    query = to_sql(playlist.data, q=args.q, dialect=args.dialect, table=args.table, now=args.now, sort=args.sort,
                   limit=args.limit, offset=args.offset)
    if args.inline:
        print(query.inline_count() if args.count else query.inline())
        return 0
    print(query.count_sql if args.count else query.sql)
    params = query.count_params if args.count else query.params
    print("-- params: " + json.dumps(params, ensure_ascii=False, default=_json_default))
    return 0


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
