"""``filterengine serve`` as a subprocess: migrate, load, serve, stop; and the README's curl session.

The server is a real process on a free loopback port; the tests wait for it to answer (a
bound on the wait, never a timed assertion) and stop it with SIGTERM, as a service manager does.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import filterengine as fe

ROOT = Path(__file__).resolve().parents[2]
CLIPS = [json.loads(line) for line in (ROOT / "examples" / "clips.jsonl").read_text(encoding="utf-8").splitlines()]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, process: subprocess.Popen[bytes], base: str):
        self.process = process
        self.base = base
        self.stderr = b""

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _, self.stderr = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, self.stderr = self.process.communicate()
        return self.process.returncode


@contextlib.contextmanager
def serve(*args: str, env: dict[str, str] | None = None, token: str | None = None) -> Iterator[Served]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "filterengine", "serve", "--port", str(port), *args],
                               cwd=ROOT, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    served = Served(process, f"http://127.0.0.1:{port}")
    headers = {"authorization": f"Bearer {token}"} if token else {}
    deadline = time.monotonic() + 120
    try:
        while True:
            if process.poll() is not None:
                _, stderr = process.communicate()
                raise AssertionError(f"serve exited with {process.returncode}:\n{stderr.decode(errors='replace')}")
            try:
                httpx.get(served.base + "/openapi.json", headers=headers, timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield served
    finally:
        served.stop()


def test_serve_migrates_loads_and_serves_then_stops_on_sigterm(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fe.db'}"
    playlist = json.loads((ROOT / "examples" / "playlists" / "sport-highlights.json").read_text(encoding="utf-8"))
    playlist.pop("id", None)
    with serve("--database", url, "--catalog", "examples/clips.jsonl") as served:
        created = httpx.put(served.base + "/sapi/cliplist", json=playlist).json()
        items = httpx.get(f"{served.base}/sapi/playlist/{created['id']}").json()["items"]
        assert [c["id"] for c in items] == [c["id"] for c in fe.preview(playlist, CLIPS).items]
        # uvicorn finishes the requests under way, closes the database, then ends by the signal it got.
        assert served.stop() == -signal.SIGTERM
    stderr = served.stderr.decode()
    assert "Application shutdown complete" in stderr
    assert "at schema version" in stderr and "loaded 3,000 clips from examples/clips.jsonl, replacing" in stderr
    # A second start on the same database: the schema is already there (idempotent), the list too.
    with serve("--database", url) as again:
        assert httpx.get(f"{again.base}/sapi/cliplist/{created['id']}").json()["title"] == playlist["title"]
    # Restarted with the same --catalog: the catalog replaces the clips (no second copy), the list is kept.
    with serve("--database", url, "--catalog", "examples/clips.jsonl") as third:
        everything = httpx.get(f"{third.base}/clip/draft_info").json()
        again_items = httpx.get(f"{third.base}/sapi/cliplist/{created['id']}").json()["items"]
    assert [c["id"] for c in again_items] == [c["id"] for c in items]
    assert len({c["id"] for c in everything["items"]}) == len(everything["items"]) == 1000
    assert "replacing the clips stored before" in third.stderr.decode()


def test_the_token_comes_from_the_option_or_the_environment(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fe.db'}"
    with serve("--database", url, env={"FILTERENGINE_TOKEN": "from-env"}, token="from-env") as served:
        assert httpx.get(served.base + "/sapi/cliplist").status_code == 401
        assert httpx.get(served.base + "/sapi/cliplist", headers={"authorization": "Bearer from-env"}).status_code == 200
    with serve("--database", url, "--token", "from-option", env={"FILTERENGINE_TOKEN": "from-env"},
               token="from-option") as served:
        assert httpx.get(served.base + "/sapi/cliplist", headers={"authorization": "Bearer from-env"}).status_code == 401
        assert httpx.get(served.base + "/sapi/cliplist", headers={"authorization": "Bearer from-option"}).status_code == 200


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--token", ""], 2, "--token must not be empty"),
    (["--port", "0"], 2, "expected a port between 1 and 65535"),
    (["--catalog", "no/such/file.jsonl"], 2, "no/such/file.jsonl: no such file"),
    (["--catalog", "README.md"], 3, "README.md: line 1"),
])
def test_serve_refuses_bad_arguments(tmp_path: Path, args: list[str], status: int, message: str):
    proc = subprocess.run([sys.executable, "-m", "filterengine", "serve", "--database", f"sqlite:///{tmp_path / 'x.db'}",
                           *args], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == status, proc.stderr
    assert message in proc.stderr.decode()


def test_serve_help_has_an_example():
    proc = subprocess.run([sys.executable, "-m", "filterengine", "serve", "--help"], cwd=ROOT, capture_output=True, timeout=60)
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert "filterengine serve --catalog examples/clips.jsonl" in text and "FILTERENGINE_TOKEN" in text


def _readme_session() -> tuple[list[str], list[str]]:
    """The serve command's arguments and the curl commands of the README's "Serve" section."""
    section = README.split("## Serve the platform's APIs", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    text = block.group(1)
    serve_line = next(line for line in text.splitlines() if "filterengine serve" in line)
    args = shlex.split(serve_line.rstrip("& "))
    commands = [c.strip() for c in re.findall(r"^(curl .*?)(?=^#|^curl|\Z)", text, re.S | re.M)]
    return args[args.index("serve") + 1:], commands


def test_the_readme_curl_session_works(tmp_path: Path):
    args, commands = _readme_session()
    assert len(commands) == 3
    with serve(*args, "--database", f"sqlite:///{tmp_path / 'fe.db'}") as served:
        outputs = []
        for command in commands:
            command = command.replace("localhost:8080", served.base.removeprefix("http://"))
            proc = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
            assert proc.returncode == 0, proc.stderr
            outputs.append(json.loads(proc.stdout))
    created, read, drafts = outputs
    assert created["id"] == "1000001" and created["title"] == "Sport" and created["createddate"]
    assert [c["id"] for c in read["items"]] == ["1018971", "1002655", "1002922"]
    assert [c["id"] for c in read["items"]] == [c["id"] for c in fe.preview(created, CLIPS).items]
    assert drafts["@type"] == "Collection" and drafts["total_items"] == 26
    shown = README.split("## Serve the platform's APIs", 1)[1]
    assert '"total_items":26' in shown and '"id":"1018971","title":"Late goal sinks Dockers"' in shown
