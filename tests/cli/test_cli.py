"""The ``filterengine`` command, run as a subprocess on the examples and on broken inputs.

Every exit status and message is pinned: 0 success, 1 a "no" (check found problems, an
invalid query, explain -e: not in the list), 2 usage errors, 3 bad playlist/query/clip
data (naming the file and the JSON path or line).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import filterengine as fe

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NEWS = "examples/playlists/latest-news.json"
SPORT = "examples/playlists/sport-highlights.json"
PICKS = "examples/playlists/weekend-culture-picks.json"
DRAFT = "examples/playlists/draft-latest-clips.json"
CLIPS = "examples/clips.jsonl"
SERVICE = "examples/clip-service/clips.json"
NOW = "2026-11-20T12:00:00Z"

LATEST_NEWS_IDS = ["1020901", "1020870", "1020790", "1020788", "1020751",
                   "1020767", "1020702", "1020656", "1020569", "1020565"]


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "filterengine", *args],
        input=stdin, capture_output=True, cwd=cwd, env=env, timeout=60,
    )


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode()


def err(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.decode()


def preview_json(*args: str, **kw) -> dict:
    proc = run("preview", *args, "--now", NOW, "--format", "json", **kw)
    assert proc.returncode == 0, err(proc)
    assert err(proc) == ""  # no progress display when stderr is not a terminal
    return json.loads(out(proc))


# -- the examples ---------------------------------------------------------------


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_latest_news_json(backend):
    page = preview_json(NEWS, CLIPS, "--backend", backend)
    assert page["total"] == 30
    assert [c["id"] for c in page["items"]] == LATEST_NEWS_IDS


def test_latest_news_table_is_what_the_readme_shows():
    proc = run("preview", NEWS, CLIPS, "--now", NOW, "--format", "table")
    assert proc.returncode == 0
    lines = out(proc).splitlines()
    assert lines[0].split() == ["id", "title", "publisheddate", "cat", "status", "mediatype"]
    assert [line.split()[0] for line in lines[2:12]] == LATEST_NEWS_IDS
    assert lines[-1] == "1-10 of 30 (dynamic list; sort: publisheddate desc; limit 10; now 2026-11-20T12:00:00+00:00)"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert out(proc) in readme


def test_jsonl_prints_one_item_per_line():
    proc = run("preview", NEWS, CLIPS, "--now", NOW, "--format", "jsonl", "--limit", "3", "--offset", "1")
    assert proc.returncode == 0
    assert [json.loads(line)["id"] for line in out(proc).splitlines()] == LATEST_NEWS_IDS[1:4]


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_sport_playlist_with_exclusions_and_object_shaped_filters(backend):
    page = preview_json(SPORT, CLIPS, "--backend", backend, "--limit", "100")
    assert page["total"] == 82 and len(page["items"]) == 82
    for clip in page["items"]:
        assert not {"betting", "sponsored"} & set(clip.get("tags") or ())
        assert clip["usetype"] != "commercial" and clip.get("geoblocked") not in ("true", True)
    dates = [clip["publisheddate"] for clip in page["items"]]
    assert dates[:2] == ["2026-11-20T11:04:33Z", "Fri, 20 Nov 2026 11:51:18 +0100"]  # 11:04Z, then 10:51Z


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_static_list(backend):
    page = preview_json(PICKS, CLIPS, "--backend", backend)
    assert [c["id"] for c in page["items"]] == ["1020350", "1006975", "1009354", "999999", "1011391"]
    assert page["items"][0]["title"] == "Film review: Gdansk noir"  # the catalog's, not the stored one
    assert page["items"][3]["title"] == "Archive: harbour concert 1998"  # not in the catalog: kept as stored
    resorted = preview_json(PICKS, CLIPS, "--sort", "id")
    assert [c["id"] for c in resorted["items"]] == ["999999", "1006975", "1009354", "1011391", "1020350"]


def test_clip_service_collection_envelope():
    page = preview_json(DRAFT, SERVICE, "--envelope", "collection", "--limit", "3")
    assert page["@id"] == "/clip/draft_info" and page["@type"] == "Collection" and page["total_items"] == 3
    assert [c["created_at"] for c in page["items"]] == ["2026-11-20T11:09:00Z", "2026-11-20T09:49:00Z",
                                                         "2026-11-20T05:07:00Z"]
    named = preview_json(DRAFT, SERVICE, "--envelope", "collection", "--collection-id", "/drafts/0da20367846c53b6a746474d8d308443/clips")
    assert named["@id"] == "/drafts/0da20367846c53b6a746474d8d308443/clips" and named["total_items"] == 26


def test_sapi_envelope():
    page = preview_json(NEWS, CLIPS, "--envelope", "sapi", "--limit", "2")
    assert page["numfound"] == 30 and [c["id"] for c in page["items"]] == LATEST_NEWS_IDS[:2]


def test_every_catalog_shape_gives_the_same_page(tmp_path):
    lines = (EXAMPLES / "clips.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines[:400]]
    shapes = {
        "array.json": json.dumps(records, indent=1).encode(),
        "items.json": json.dumps({"items": records}).encode(),
        "pretty-items.json": json.dumps({"numfound": 400, "items": records}, indent=2).encode(),
        "collection.json": json.dumps({"@id": "/c", "@type": "Collection", "items": records}).encode(),
        "clips.jsonl.gz": gzip.compress(("\n".join(lines[:400]) + "\n").encode()),
    }
    expected = preview_json(NEWS, "-", stdin=("\n".join(lines[:400]) + "\n").encode())
    assert expected["total"] > 0
    for name, data in shapes.items():
        (tmp_path / name).write_bytes(data)
        assert preview_json(str(ROOT / NEWS), name, cwd=tmp_path) == expected, name


def test_playlist_from_stdin():
    page = preview_json("-", CLIPS, stdin=(ROOT / NEWS).read_bytes())
    assert [c["id"] for c in page["items"]] == LATEST_NEWS_IDS


def test_console_script_and_module_agree():
    script = Path(sys.executable).with_name("filterengine")
    proc = subprocess.run([str(script), "preview", NEWS, CLIPS, "--now", NOW, "--format", "json"],
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout) == preview_json(NEWS, CLIPS)


# -- check, explain, query ------------------------------------------------------------


def test_check_a_good_playlist():
    proc = run("check", SPORT)
    assert (proc.returncode, out(proc), err(proc)) == (0, f"{SPORT}: ok (dynamic list)\n", "")


def test_check_prints_every_problem(tmp_path):
    bad = {
        "listtype": "smart", "limit": -3, "sort": "publisheddate newest",
        "filters": [
            {"filters": [{"field": "cat", "operator": "containsAny", "value": "news"},
                         {"field": "status", "operator": "is", "value": ""}]},
            {"filters": [{"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYZ"}]},
        ],
    }
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    proc = run("check", "bad.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert out(proc).splitlines() == [
        '/listtype: listtype must be "static" or "dynamic", not \'smart\'',
        "/limit: limit must be a non-negative integer",
        "/filters/0/filters/0/operator: unknown operator 'containsAny'; did you mean 'containsAnyOf'?",
        "/filters/0/filters/1/value: warning: filter with an empty value is ignored",
        "/filters/1/filters/0/value: unknown unit 'DAYZ' (did you mean DAYS?) at offset 1",
        "  7DAYZ",
        "   ^",
        "/sort: invalid sort 'publisheddate newest': direction must be asc or desc, not 'newest'",
    ]
    assert err(proc) == "filterengine: error: bad.json: 5 problems\n"


def test_explain_text_and_json():
    proc = run("explain", NEWS, CLIPS, "--id", "1020833", "--now", NOW)
    assert proc.returncode == 0
    assert out(proc).splitlines()[:3] == [
        'clip 1020833: NOT IN "Latest news" (dynamic list; every filterset must match)',
        "  /filters/0  match",
        '    /filters/0/filters/0  match     cat containsAnyOf ["news"]  (saw ["news", "weather"])',
    ]
    assert out(proc) in (ROOT / "README.md").read_text(encoding="utf-8")
    data = json.loads(out(run("explain", NEWS, CLIPS, "--id", "1000257", "--now", NOW, "--format", "json")))
    assert data["matched"] is False and data["clip_id"] == "1000257"


def test_explain_a_static_item_missing_from_the_catalog():
    proc = run("explain", PICKS, CLIPS, "--id", "999999", "--now", NOW)
    assert proc.returncode == 0
    assert out(proc).splitlines()[1] == "  stored item 4 of 5"


def test_explain_unknown_id():
    proc = run("explain", NEWS, CLIPS, "--id", "42")
    assert (proc.returncode, err(proc)) == (3, "filterengine: error: examples/clips.jsonl: no clip with id '42'\n")


# -- broken inputs: exit 3 ------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


BAD_LINES = '{"id": "1", "cat": ["news"]}\n{"id": "2", \n[3]\n{"id": "4", "cat": ["news"]}\n'


def test_bad_jsonl_line_stops_the_run(tmp_path):
    name = write(tmp_path, "clips.jsonl", BAD_LINES)
    proc = run("preview", str(ROOT / NEWS), name, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 3 and out(proc) == ""
    assert err(proc) == "filterengine: error: clips.jsonl: line 2: invalid JSON: Expecting property name enclosed in double quotes (column 13)\n"


def test_skip_bad_lines_reports_and_goes_on(tmp_path):
    name = write(tmp_path, "clips.jsonl", BAD_LINES)
    proc = run("preview", str(ROOT / DRAFT), name, "--format", "json", "--sort", "id", "--skip-bad-lines", cwd=tmp_path)
    assert proc.returncode == 0
    assert err(proc).splitlines() == [
        "filterengine: warning: clips.jsonl: line 2: invalid JSON: Expecting property name enclosed in double quotes (column 13) (skipped)",
        "filterengine: warning: clips.jsonl: line 3: a clip must be a JSON object, not an array (skipped)",
        "filterengine: warning: clips.jsonl: skipped 2 bad records",
    ]


def test_bad_element_in_a_json_array_names_its_path_and_line(tmp_path):
    name = write(tmp_path, "clips.json", '[\n  {"id": "1"},\n  {"id": "2"},\n  "three"\n]\n')
    proc = run("preview", str(ROOT / NEWS), name, cwd=tmp_path)
    assert proc.returncode == 3
    assert err(proc) == "filterengine: error: clips.json: line 4: /2: a clip must be a JSON object, not a string\n"
    broken = write(tmp_path, "broken.json", '[\n  {"id": "1"},\n  {"id": "2",, }\n]\n')
    proc = run("preview", str(ROOT / NEWS), broken, cwd=tmp_path)
    assert err(proc) == "filterengine: error: broken.json: line 3: /1: invalid JSON: Expecting property name enclosed in double quotes (column 14)\n"


def test_items_that_are_not_a_list(tmp_path):
    name = write(tmp_path, "clips.json", '{"items": {"id": "1"}}')
    proc = run("preview", str(ROOT / NEWS), name, cwd=tmp_path)
    assert (proc.returncode, err(proc)) == (3, "filterengine: error: clips.json: line 1: /items: must be an array of clips, not an object\n")


def test_catalog_that_is_not_clips(tmp_path):
    name = write(tmp_path, "clips.csv", "id,title\n1,a\n")
    proc = run("preview", str(ROOT / NEWS), name, cwd=tmp_path)
    assert (proc.returncode, err(proc)) == (
        3, "filterengine: error: clips.csv: line 1: expected a JSON array, JSON lines, or an object with \"items\"\n")


def test_playlist_that_is_not_json(tmp_path):
    name = write(tmp_path, "playlist.json", '{\n  "title": "x",\n  "limit": 5,,\n}\n')
    proc = run("preview", name, str(ROOT / CLIPS), cwd=tmp_path)
    assert (proc.returncode, err(proc)) == (
        3, "filterengine: error: playlist.json: line 3: invalid JSON: Expecting property name enclosed in double quotes (column 14)\n")


def test_playlist_that_is_not_an_object(tmp_path):
    name = write(tmp_path, "playlist.json", "[]")
    proc = run("check", name, cwd=tmp_path)
    assert (proc.returncode, err(proc)) == (1, "filterengine: error: playlist.json: a playlist must be a JSON object, not an array\n")


def test_invalid_playlist_names_file_and_pointer(tmp_path):
    playlist = {"listtype": "dynamic", "filters": [{"filters": [{"field": "cat", "operator": "containsAny", "value": "x"}]}],
                "sort": "id"}
    name = write(tmp_path, "playlist.json", json.dumps(playlist))
    proc = run("preview", name, str(ROOT / CLIPS), cwd=tmp_path)
    assert (proc.returncode, err(proc)) == (3, "filterengine: error: playlist.json: /filters/0/filters/0/operator: "
                                               "unknown operator 'containsAny'; did you mean 'containsAnyOf'?\n")


def test_invalid_sort_argument():
    proc = run("preview", NEWS, CLIPS, "--sort", "id sideways")
    assert (proc.returncode, err(proc)) == (
        3, "filterengine: error: --sort: invalid sort 'id sideways': direction must be asc or desc, not 'sideways'\n")


# -- usage errors: exit 2 --------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (("preview", "nope.json", CLIPS), "filterengine: error: nope.json: no such file"),
        (("preview", NEWS, "nope.jsonl"), "filterengine: error: nope.jsonl: no such file"),
        (("preview", "-", "-"), "filterengine: error: PLAYLIST and CLIPS cannot both be read from stdin ('-')"),
        (("preview", NEWS, CLIPS, "--limit", "-1"), "argument --limit: expected a non-negative integer, not -1"),
        (("preview", NEWS, CLIPS, "--offset", "x"), "argument --offset: expected a non-negative integer, not 'x'"),
        (("preview", NEWS, CLIPS, "--now", "yesterday"), "argument --now: now must be an ISO 8601 date-time, not 'yesterday'"),
        (("preview", NEWS, CLIPS, "--format", "xml"), "argument --format: invalid choice: 'xml'"),
        (("preview", NEWS, CLIPS, "--envelope", "sapi", "--format", "table"), "filterengine: error: --envelope goes with --format json"),
        (("preview", NEWS), "the following arguments are required: CLIPS"),
        (("explain", NEWS, CLIPS), "the following arguments are required: --id"),
        ((), "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(args, message):
    proc = run(*args)
    assert proc.returncode == 2 and out(proc) == ""
    assert message in err(proc)


# -- q: preview --q, explain --q, query ------------------------------------------------


@pytest.mark.parametrize("backend", ["python", "reference"])
def test_preview_with_q(backend):
    page = preview_json(NEWS, CLIPS, "--q", "title:storm -cat:weather", "--backend", backend)
    assert [c["id"] for c in page["items"]] == ["1020870", "1020751", "1020197"] and page["total"] == 3


def test_static_list_with_q():
    page = preview_json(PICKS, CLIPS, "--q", "museum")
    assert [c["id"] for c in page["items"]] == ["1006975", "1011391"]


def test_explain_with_q_marks_the_deciding_clause():
    proc = run("explain", NEWS, CLIPS, "--id", "1020870", "--now", NOW, "--q", "title:storm -cat:news")
    assert proc.returncode == 0
    assert out(proc).splitlines()[0] == 'clip 1020870: NOT IN "Latest news" (dynamic list; every filterset must match)'
    assert out(proc).splitlines()[-3:] == [
        '  q "title:storm -cat:news"  NO MATCH  (all must match)',
        '            match     title:storm  (saw title="Storm closes Gdansk harbour")',
        '    decided no match  NOT cat:news  (saw cat=["news"])',
    ]


def test_bad_q_exits_3_with_a_caret():
    proc = run("preview", NEWS, CLIPS, "--q", "title:(storm")
    assert proc.returncode == 3 and out(proc) == ""
    assert err(proc) == (
        "filterengine: error: --q: query syntax error: unexpected end of input at line 1, column 13; expected ')'\n"
        "  title:(storm\n"
        "              ^\n"
    )


@pytest.mark.parametrize(
    "args, canonical",
    [
        (("status:published AND NOT usetype:commercial",), "status:published AND NOT usetype:commercial"),
        (("a b -c", "--default-operator", "AND"), "a AND b AND NOT c"),
        (('+title:"Harbour at Dawn"~2^3 goal*',), 'title:"harbour at dawn"~2^3'),
    ],
)
def test_query_prints_the_canonical_form(args, canonical):
    proc = run("query", *args)
    assert (proc.returncode, out(proc), err(proc)) == (0, canonical + "\n", "")


def test_query_syntax_error():
    proc = run("query", "a AND AND b")
    assert proc.returncode == 1 and out(proc) == ""
    first, text, caret = err(proc).splitlines()
    assert first.startswith("filterengine: error: query syntax error: ") and "line 1, column 7" in first
    assert (text, caret) == ("  a AND AND b", "        ^")


def test_on_a_terminal_the_default_is_a_table():
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "filterengine", "preview", NEWS, CLIPS, "--now", NOW, "--limit", "2"],
                             stdout=slave, stderr=subprocess.PIPE, cwd=ROOT)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert child.wait(timeout=60) == 0 and child.stderr is not None and child.stderr.read() == b""
    child.stderr.close()
    lines = shown.decode().splitlines()
    assert lines[0].split()[:2] == ["id", "title"] and lines[-1].startswith("1-2 of 30 (dynamic list")


# -- issue 8: every playlist shape, q inside a playlist, check warnings ---------------


SEARCH_REQUEST = {"type": "SearchRequest", "sort": "id asc", "q": "-status:draft",
                  "filterSet": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}]}
OBJECT_SHAPED = {"0": {"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}, "sort": "id asc"}
SHAPE_CLIPS = [{"id": "1", "cat": ["news"], "status": "draft"}, {"id": "2", "cat": ["news"], "status": "published"},
               {"id": "3", "cat": ["sport"], "status": "published"}]


@pytest.mark.parametrize(("doc", "ids"), [(SEARCH_REQUEST, ["2"]), (OBJECT_SHAPED, ["1", "2"])])
def test_every_entry_point_reads_the_other_filters_shapes(tmp_path, doc, ids):
    (tmp_path / "p.json").write_text(json.dumps(doc))
    (tmp_path / "c.json").write_text(json.dumps(SHAPE_CLIPS))
    proc = run("preview", "p.json", "c.json", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, err(proc)
    assert [c["id"] for c in json.loads(proc.stdout)["items"]] == ids
    assert [c["id"] for c in fe.compile_filters(doc).filter(SHAPE_CLIPS)] == ids
    assert [c["id"] for c in fe.preview(doc, SHAPE_CLIPS).items] == ids
    proc = run("explain", "p.json", "c.json", "--id", "3", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["matched"] is False
    proc = run("check", "p.json", cwd=tmp_path)
    assert proc.returncode == 0 and "read as a dynamic list" in out(proc)


def test_a_bad_q_in_a_playlist_is_reported_by_check(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps({"listtype": "dynamic", "q": "title:(goal OR", "filters": []}))
    proc = run("check", "p.json", "--format", "json", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["ok"] is False
    assert [(p["pointer"], p["code"]) for p in report["problems"]] == [("/q", "query_syntax")]


def test_check_warnings_strict_and_json(tmp_path):
    doc = {"title": "x", "tilte": "y", "sort": "views_int desc, publishdate",
           "items": [{"id": "1"}]}
    (tmp_path / "p.json").write_text(json.dumps(doc))
    proc = run("check", "p.json", cwd=tmp_path)
    assert proc.returncode == 0
    assert out(proc).splitlines() == [
        "/tilte: warning: key 'tilte' means nothing in a cliplist and is ignored; did you mean 'title'?",
        "/listtype: warning: no listtype: read as a static list (it holds items and no filters)",
        "/sort: warning: sort of a static list is ignored (its stored items are the list)",
        "/sort: warning: sort field 'publishdate' is not in the schema; did you mean 'publisheddate'?",
        "p.json: ok (static list)",
    ]
    proc = run("check", "p.json", "--strict", cwd=tmp_path)
    assert proc.returncode == 1 and err(proc) == "filterengine: error: p.json: 4 warnings (--strict)\n"
    proc = run("check", "p.json", "--format", "json", "--strict", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["ok"] is False and report["listtype"] == "static"
    assert [p["code"] for p in report["problems"]] == ["unknown_key", "inferred_listtype", "ignored_key",
                                                      "unknown_sort_field"]


def test_a_list_of_items_without_listtype_is_static():
    page = fe.preview({"items": [{"id": "3"}, {"id": "1"}]}, SHAPE_CLIPS)
    assert [c["id"] for c in page.items] == ["3", "1"] and page.static


def test_draft_id_lists_a_drafts_latest_clips_as_the_clip_service(tmp_path):
    (tmp_path / "all.json").write_text(json.dumps({"listtype": "dynamic", "filters": []}))
    page = preview_json(str(tmp_path / "all.json"), SERVICE, "--envelope", "collection",
                        "--draft-id", "c0b60ca2251200ed149080b27165b4d1")
    assert page["@id"] == "/clip/draft_info" and page["total_items"] == len(page["items"]) == 18
    assert {c["draft_id"] for c in page["items"]} == {"c0b60ca2251200ed149080b27165b4d1"}
    times = [c["created_at"] for c in page["items"]]
    assert times == sorted(times, reverse=True)
