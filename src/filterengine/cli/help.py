"""The exit statuses of the ``filterengine`` command, and the examples its ``--help`` shows."""

from __future__ import annotations

__all__ = ["OK", "NO", "USAGE", "INVALID", "OUTPUT", "INTERRUPTED", "EPILOGS"]

#: Success; ``explain -e``: the clip is in the list.
OK = 0
#: The answer is no: ``check``: the playlist has problems; ``query``: the query is invalid;
#: ``explain -e``: the clip is not in the list.
NO = 1
#: A usage error: bad arguments, a file that cannot be opened.
USAGE = 2
#: Invalid input: a playlist, query or catalog that cannot be used.
INVALID = 3
#: stdout cannot be written (closed, or the disk is full).
OUTPUT = 4
#: Interrupted (Ctrl-C).
INTERRUPTED = 130

_PIPE = "A reader that goes away (| head) is not an error: the command stops quietly, status 0."

_TOP = f"""\
examples:
  filterengine preview playlist.json clips.jsonl --now 2026-11-20T12:00:00Z
  jq '.items[]' export.json | filterengine preview playlist.json - --format jsonl | head -3
  filterengine explain -e playlist.json clips.json.gz --id 1020833 && echo listed
  filterengine check --strict playlist.json
  filterengine query 'title:"harbour dawn"~2 OR foot*'
  filterengine convert clips.jsonl.gz clips.parquet

Run 'filterengine COMMAND --help' for a command's options.

exit status:
  0    success (explain -e: the clip is in the list)
  1    the answer is no: check found problems, query is invalid,
       explain -e: the clip is not in the list
  2    usage error: bad arguments, a file that cannot be opened
  3    invalid input: a playlist, query or catalog that cannot be used
       (the message names the file, and the line and column or JSON path)
  4    stdout cannot be written (closed, or the disk is full)
  130  interrupted
{_PIPE}
"""

_CLIPS = """\
CLIPS is JSON lines, any stream of JSON values (pretty-printed too), a JSON array
(on one line or many) or an object holding the clips in "items"; gzip is
detected. It is streamed: memory does not grow with its size. A record larger
than --max-record-size and gzip data that expands more than --max-gzip-ratio
times are errors. NaN and Infinity are written as null."""

_PREVIEW = f"""\
{_CLIPS}

examples:
  filterengine preview latest-news.json clips.jsonl --now 2026-11-20T12:00:00Z
  filterengine preview latest-news.json clips.json.gz --q 'cat:sport' --sort 'publisheddate desc' --limit 50
  jq '.items[]' export.json | filterengine preview latest-news.json - --format jsonl | head -1
  filterengine preview draft.json collection.json --draft-id 0da203 --envelope collection
  filterengine preview latest-news.json clips.parquet --engine duckdb --limit 50

--engine duckdb or polars scans CLIPS itself (a file, never stdin): Parquet in
the table layout (filterengine convert writes it) on both; JSON lines, a JSON
array or {{"items": [...]}}, gzip too, on duckdb. A record the engine cannot read
as python would is an error (status 3) naming the record and field: preview it
with --engine python, or convert the catalog. See docs/engines.md.

exit status:
  0    success
  2    usage error
  3    invalid playlist, query or catalog (with --skip-bad-lines, bad records are
       reported on stderr and skipped instead)
  4    stdout cannot be written
{_PIPE}
"""

_EXPLAIN = f"""\
{_CLIPS}

examples:
  filterengine explain latest-news.json clips.jsonl --id 1020833 --now 2026-11-20T12:00:00Z
  filterengine explain -e latest-news.json clips.jsonl --id 1020833 > /dev/null && echo listed

exit status:
  0    success; with -e: the clip is in the list
  1    with -e: the clip is not in the list
  2    usage error
  3    invalid playlist, query or catalog, or no clip with that id
  4    stdout cannot be written
"""

_CHECK = f"""\
examples:
  filterengine check latest-news.json
  filterengine check --strict --format json latest-news.json

exit status:
  0    the playlist is valid
  1    it has problems (errors; warnings too with --strict), or is not a JSON playlist
  2    usage error
  4    stdout cannot be written
{_PIPE}
"""

_QUERY = """\
examples:
  filterengine query 'title:"harbour dawn"~2 OR foot* -usetype:promo'
  filterengine query --default-operator AND 'harbour dawn'

exit status:
  0    the query is valid; its canonical form is printed
  1    the query is invalid; the error, with a caret under the place, is on stderr
  2    usage error
  4    stdout cannot be written
"""

_SQL = """\
examples:
  filterengine sql latest-news.json --dialect postgres
  filterengine sql latest-news.json --dialect duckdb --q 'title:storm' --inline

exit status:
  0    the statement is printed (then a -- params: line, unless --inline)
  2    usage error (sqlglot missing: pip install 'filterengine[sql]')
  3    invalid input: the playlist cannot be read, is invalid, or uses a construct the dialect cannot
       express exactly (UnsupportedError)
  4    stdout cannot be written
"""

_CONVERT = f"""\
{_CLIPS.replace("CLIPS is", "CATALOG is", 1)}

The Parquet file has the columns and types of fe.to_frame (docs/backends.md), _row
numbering the clips in catalog order; the duckdb and polars engines scan it, and
DuckDB or Polars can query it directly. Values a typed column cannot hold (a date
that is not one, a list in a field of one value) are written as null and counted
on stderr by field. Progress is shown on a terminal.

examples:
  filterengine convert clips.jsonl.gz clips.parquet
  jq -c '.items[]' export.json | filterengine convert - clips.parquet --skip-bad-lines
  filterengine convert clips.jsonl clips.parquet --schema my-schema.json
  duckdb -c "SELECT count(*) FROM 'clips.parquet' WHERE status = 'published'"

exit status:
  0    the file is written (a summary is on stderr)
  2    usage error (polars or pyarrow missing: pip install 'filterengine[polars]';
       a file that cannot be opened)
  3    invalid input: a schema or catalog that cannot be used (with --skip-bad-lines,
       bad records are reported on stderr and skipped instead); OUT is left as it was
  4    OUT cannot be written (the disk is full); OUT is left as it was
"""

EPILOGS = {"filterengine": _TOP, "preview": _PREVIEW, "explain": _EXPLAIN, "check": _CHECK, "query": _QUERY,
           "sql": _SQL, "convert": _CONVERT}
