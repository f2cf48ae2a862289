"""The command in pipelines, run for real: ``| head -1``, closed stdin and stdout, a full disk,
streams of JSON values on stdin, exit statuses, ``--version`` and the help text."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import filterengine as fe

from .test_cli import CLIPS, LATEST_NEWS_IDS, NEWS, NOW, ROOT, err, out, run

MODULE = [sys.executable, "-m", "filterengine"]
SCRIPT = [str(Path(sys.executable).with_name("filterengine"))]
CLIP_LINES = (ROOT / CLIPS).read_text(encoding="utf-8").splitlines()


def _strict(text: str) -> object:
    """JSON as other tools read it: NaN and Infinity are not JSON."""
    return json.loads(text, parse_constant=lambda name: pytest.fail(f"non-JSON constant {name} in output"))


@pytest.mark.parametrize("command", [MODULE, SCRIPT], ids=["module", "script"])
def test_head_closing_the_pipe_is_not_an_error(command):
    # Megabytes of output, so the writer is still writing when head exits.
    producer = subprocess.Popen([*command, "preview", NEWS, CLIPS, "--now", NOW, "--format", "jsonl", "--limit", "3000",
                                 "--sort", "id"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.run(["head", "-1"], stdin=producer.stdout, capture_output=True, timeout=60)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.close()
    status = producer.wait(timeout=60)
    stderr = producer.stderr.read().decode()
    producer.stderr.close()
    assert (status, stderr) == (0, "")
    assert json.loads(head.stdout)["id"] == "1019875"  # the first of the page


def test_help_into_a_closed_pipe():
    producer = subprocess.Popen([*MODULE, "--help"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.close()  # closed before a byte is read
    assert producer.wait(timeout=60) == 0
    assert producer.stderr.read() == b""
    producer.stderr.close()


def _closing(fd: int):
    return lambda: os.close(fd)


def test_closed_stdin():
    proc = subprocess.run([*MODULE, "preview", NEWS, "-", "--now", NOW], cwd=ROOT, capture_output=True,
                          preexec_fn=_closing(0), timeout=60)
    assert (proc.returncode, proc.stdout, err(proc)) == (2, b"", "filterengine: error: <stdin>: cannot read: stdin is closed\n")


@pytest.mark.parametrize("args", [("preview", NEWS, CLIPS, "--now", NOW), ("check", NEWS), ("--version",)])
def test_closed_stdout(args):
    proc = subprocess.run([*MODULE, *args], cwd=ROOT, stderr=subprocess.PIPE, preexec_fn=_closing(1), timeout=60)
    assert (proc.returncode, err(proc)) == (4, "filterengine: error: cannot write to stdout: it is closed\n")


@pytest.mark.parametrize("args", [("preview", NEWS, CLIPS, "--now", NOW), ("query", "a b"), ("--help",)])
def test_a_full_disk(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([*MODULE, *args], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert (proc.returncode, err(proc)) == (4, "filterengine: error: cannot write to stdout: No space left on device\n")


def test_version():
    proc = run("--version")
    assert (proc.returncode, out(proc), err(proc)) == (0, f"filterengine {fe.__version__}\n", "")


@pytest.mark.parametrize("command", [(), ("preview",), ("explain",), ("check",), ("query",)])
def test_help_gives_examples_and_exit_statuses(command):
    proc = run(*command, "--help")
    assert proc.returncode == 0
    text = out(proc)
    assert "\nexamples:\n  filterengine " in text and "\nexit status:\n  0    " in text
    assert ("  3    " in text) == (command in ((), ("preview",), ("explain",)))


def test_explain_exit_status():
    def explain(*args: str) -> int:
        return run("explain", NEWS, CLIPS, "--now", NOW, *args).returncode

    assert explain("--id", LATEST_NEWS_IDS[0], "-e") == 0
    assert explain("--id", "1020833", "--exit-status") == 1  # a draft: not in the list
    assert explain("--id", "1020833") == 0  # without -e, a report is a success either way


# -- what stdin may hold ------------------------------------------------------------------------


def _page(stdin: bytes, *args: str) -> list[str]:
    proc = run("preview", NEWS, "-", "--now", NOW, "--format", "json", *args, stdin=stdin)
    assert proc.returncode == 0, err(proc)
    return [c["id"] for c in _strict(out(proc))["items"]]  # type: ignore[index]


@pytest.mark.parametrize("layout", ["pretty values", "one-line array", "gzip one-line array"])
def test_stdin_streams_of_every_layout(layout):
    clips = [json.loads(line) for line in CLIP_LINES]
    if layout == "pretty values":  # what jq '.items[]' prints
        data = "".join(json.dumps(c, indent=2) + "\n" for c in clips).encode()
    else:
        data = json.dumps(clips).encode()
    if layout.startswith("gzip"):
        data = gzip.compress(data)
    assert _page(data) == LATEST_NEWS_IDS


def test_skip_bad_lines_anywhere_on_stdin():
    data = ("not json\n" + "\n".join(CLIP_LINES[:1500]) + "\n[1, 2\n" + "\n".join(CLIP_LINES[1500:]) + "\n").encode()
    proc = run("preview", NEWS, "-", "--now", NOW, "--format", "json", "--skip-bad-lines", stdin=data)
    assert proc.returncode == 0
    assert [c["id"] for c in json.loads(out(proc))["items"]] == LATEST_NEWS_IDS
    assert err(proc).splitlines() == [
        'filterengine: warning: <stdin>: line 1: expected a JSON array, JSON lines, or an object with "items" (skipped)',
        "filterengine: warning: <stdin>: line 1502: invalid JSON: Expecting ',' delimiter (column 6) (skipped)",
        "filterengine: warning: <stdin>: skipped 2 bad records",
    ]


def test_a_bad_byte_on_line_2_is_reported_on_line_2():
    data = b'{"id": "1", "cat": ["news"]}\n{"id": "2", "title": "caf\xe9"}\n'
    proc = run("preview", NEWS, "-", "--now", NOW, stdin=data)
    assert (proc.returncode, err(proc)) == (
        3, "filterengine: error: <stdin>: line 2: not UTF-8 text: byte 0xe9 (invalid continuation byte) at column 26\n")


def test_many_skipped_records_are_counted():
    data = ("\n".join(["{bad"] * 25 + CLIP_LINES) + "\n").encode()
    proc = run("preview", NEWS, "-", "--now", NOW, "--format", "json", "--skip-bad-lines", stdin=data)
    lines = err(proc).splitlines()
    assert proc.returncode == 0 and len(lines) == 11
    assert lines[-1] == "filterengine: warning: <stdin>: skipped 25 bad records; the first 10 are listed above"


@pytest.fixture
def every_clip(tmp_path: Path) -> str:
    (tmp_path / "all.json").write_text('{"listtype": "dynamic", "filters": []}')
    return str(tmp_path / "all.json")


def test_non_finite_numbers_and_lone_surrogates_are_written_as_json(every_clip):
    data = b'{"id": "1", "views": NaN, "rating": -Infinity, "title": "x\\ud800y"}\n'
    for fmt in ("json", "jsonl"):
        proc = run("preview", every_clip, "-", "--format", fmt, stdin=data)
        assert proc.returncode == 0, err(proc)
        page = _strict(out(proc))
        item = page["items"][0] if fmt == "json" else page  # type: ignore[index, call-overload]
        assert (item["views"], item["rating"], item["title"]) == (None, None, "x\ud800y")


def test_table_output_escapes_terminal_commands(every_clip):
    data = b'{"id": "1", "title": "\\u001b]0;pwned\\u0007\\u202eevil \\ud800"}\n'
    proc = run("preview", every_clip, "-", "--format", "table", stdin=data)
    assert proc.returncode == 0, err(proc)
    assert "\x1b" not in out(proc) and "\u202e" not in out(proc) and "\x07" not in out(proc)
    assert out(proc).splitlines()[2] == "1   \\x1b]0;pwned\\x07\\u202eevil \\ud800"


def test_record_size_limit_option(tmp_path):
    (tmp_path / "big.jsonl").write_text('{"id": "1", "title": "' + "x" * 5000 + '"}\n')
    proc = run("preview", str(ROOT / NEWS), "big.jsonl", "--max-record-size", "4K", cwd=tmp_path)
    assert (proc.returncode, err(proc)) == (
        3, "filterengine: error: big.jsonl: line 1: a record larger than 4 KiB (the limit; see --max-record-size)\n")
    assert run("preview", str(ROOT / NEWS), "big.jsonl", "--max-record-size", "8K", cwd=tmp_path).returncode == 0
    proc = run("preview", str(ROOT / NEWS), "big.jsonl", "--max-record-size", "lots", cwd=tmp_path)
    assert proc.returncode == 2 and "argument --max-record-size: expected a size such as 16M" in err(proc)
    proc = run("preview", str(ROOT / NEWS), "big.jsonl", "--max-gzip-ratio", "-1", cwd=tmp_path)
    assert proc.returncode == 2 and "argument --max-gzip-ratio: expected a non-negative number" in err(proc)
