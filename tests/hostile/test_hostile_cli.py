"""The hostile corpus for the command line (``cli_cases.json``): each case runs ``python -m filterengine``
in its own process, with a time bound and a memory cap, and pins the exit status and what stderr says.

A case is ``{"description", "argv", "stdin"?, "files"?, "fds"?, "exit", "stderr", "stdout"?}``:

- ``argv``: the arguments; ``{tmp}`` is the case's folder (where ``files`` are written) and
  ``{root}`` the repository.
- ``stdin`` and each of ``files``: the bytes to give, as text (UTF-8) or a generator (see
  :func:`generate`), so a 2 GiB gzip bomb or 40,000 clips on one line are made at test time.
- ``fds``: ``{"stdin": "closed"}``, ``{"stdout": "closed" | "full" | "head"}`` (``full`` is
  ``/dev/full``; ``head`` reads one line and closes the pipe, as ``| head -1`` does).
- ``exit``: the status; ``stderr`` and ``stdout``: regular expressions that must match
  (``re.search``, where ``.`` matches newlines too). No case may print a traceback.

The bound is :data:`BOUND` seconds of CPU beyond the interpreter's start-up (measured once,
with ``--version``): CPU time, not wall-clock time, so a busy machine does not fail a case, and
``RLIMIT_CPU`` stops a run that goes on; a run blocked for :data:`HANG` seconds is a hang. The
memory cap is :data:`MEMORY` bytes of address space (``RLIMIT_AS``), so reading a bomb whole
fails the case instead of the machine. Nothing else here measures speed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
import os
import random
import re
import resource
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
CASES: list[dict[str, Any]] = json.loads((HERE / "cli_cases.json").read_text(encoding="utf-8"))
#: Seconds a case may take beyond the interpreter's start-up.
BOUND = 2.0
#: Address space of each run.
MEMORY = 1 << 30
MiB = 1 << 20


def clip(i: int) -> dict[str, Any]:
    return {"id": str(100000 + i), "title": f"Clip number {i} from the harbour", "cat": ["news" if i % 3 else "sport"],
            "status": "published", "mediatype": "video", "publisheddate": f"2026-11-{1 + i % 19:02d}T12:00:00Z",
            "views": i * 7 % 1000}


def clips(count: int, layout: str) -> bytes:
    items = [clip(i) for i in range(count)]
    if layout == "one-line":
        text = json.dumps(items)
    elif layout == "pretty":
        text = json.dumps(items, indent=2)
    elif layout == "jsonl":
        text = "".join(json.dumps(c) + "\n" for c in items)
    elif layout == "pretty-values":
        text = "".join(json.dumps(c, indent=2) + "\n" for c in items)
    elif layout == "envelope":
        text = json.dumps({"@id": "/clips", "@type": "Collection", "items": items, "total_items": count})
    else:
        raise ValueError(layout)
    return text.encode()


def gzip_bomb(kind: str, mebibytes: int) -> bytes:
    """Gzip members of 1 MiB each, repeated: ``mebibytes`` MiB from a few KiB."""
    block = {
        "space": b" " * MiB,
        "string": b"a" * MiB,
        "records": (b'{"id": "1", "title": "' + b"x" * 1000 + b'"}\n') * (MiB // 1024),
        "elements": b'{"id": "1"},' * (MiB // 12),
    }[kind]
    head = {"space": b"", "string": b'[{"id": "', "records": b"", "elements": b"["}[kind]
    return gzip.compress(head) + gzip.compress(block, 9) * mebibytes


def generate(spec: Any) -> bytes:
    """The bytes a case's ``stdin`` or file stands for.

    A string is its UTF-8 (``"\\ud800"`` in the JSON case file gives the bytes of a lone
    surrogate, which are not UTF-8); ``{"$latin1": s}`` is ``s`` byte for byte;
    ``{"$repeat": spec, "times": n}``; ``{"$concat": [spec, ...]}``; ``{"$gzip": spec}``;
    ``{"$clips": n, "layout": "one-line" | "pretty" | "jsonl" | "pretty-values" | "envelope"}``;
    ``{"$gzip_bomb": "space" | "string" | "records" | "elements", "mebibytes": n}``;
    ``{"$random": n, "seed": s}``; ``{"$nested": depth}`` (``[[[...`` unclosed).
    """
    if isinstance(spec, str):
        return spec.encode("utf-8", "surrogatepass")
    if "$latin1" in spec:
        return str(spec["$latin1"]).encode("latin-1")
    if "$repeat" in spec:
        return generate(spec["$repeat"]) * int(spec["times"])
    if "$concat" in spec:
        return b"".join(generate(part) for part in spec["$concat"])
    if "$gzip" in spec:
        return gzip.compress(generate(spec["$gzip"]))
    if "$clips" in spec:
        return clips(int(spec["$clips"]), spec.get("layout", "jsonl"))
    if "$gzip_bomb" in spec:
        return gzip_bomb(spec["$gzip_bomb"], int(spec["mebibytes"]))
    if "$random" in spec:
        return random.Random(spec.get("seed", 0)).randbytes(int(spec["$random"]))
    if "$nested" in spec:
        return b"[" * int(spec["$nested"])
    raise ValueError(f"unknown generator {spec!r}")


_GENERATED: dict[str, bytes] = {}


def materialize(spec: Any, path: Path) -> Path:
    key = json.dumps(spec, sort_keys=True)
    if key not in _GENERATED:
        _GENERATED.clear()  # keep one large input at a time
        _GENERATED[key] = generate(spec)
    path.write_bytes(_GENERATED[key])
    return path


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def startup() -> float:
    """CPU seconds the interpreter takes to start and import filterengine (the most of three)."""
    most = 0.0
    for _ in range(3):
        before = _cpu_of_children()
        subprocess.run([sys.executable, "-m", "filterengine", "--version"], capture_output=True, check=True, cwd=ROOT)
        most = max(most, _cpu_of_children() - before)
    return most


#: Caps the address space and the CPU time, closes the file descriptors named, then becomes
#: ``python -m filterengine``.
LAUNCH = (
    "import os, resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]),) * 2)\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[2]),) * 2)\n"
    "[os.close(int(fd)) for fd in sys.argv[3].split(',') if fd]\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'filterengine', *sys.argv[4:]])\n"
)
#: Wall-clock seconds after which a run that uses no CPU (blocked) is a hang.
HANG = 60.0


def run_case(case: dict[str, Any], tmp: Path, cpu_bound: float) -> tuple[int | None, str, str, float]:
    """Run one case in ``tmp``: its exit status (None if it hung), stdout, stderr and CPU seconds.

    Runs one at a time: the CPU time is the child's own (``RUSAGE_CHILDREN`` before and after).
    The kernel stops a run at ``cpu_bound`` rounded up, plus a second (``RLIMIT_CPU``).
    """
    for name, spec in case.get("files", {}).items():
        materialize(spec, tmp / name)
    if "stdin" in case:
        materialize(case["stdin"], tmp / "stdin.bin")
    argv = [a.replace("{tmp}", str(tmp)).replace("{root}", str(ROOT)) for a in case["argv"]]
    fds = case.get("fds", {})
    close = ",".join(str(fd) for fd, stream in ((0, "stdin"), (1, "stdout")) if fds.get(stream) == "closed")
    launch = [sys.executable, "-c", LAUNCH, str(MEMORY), str(math.ceil(cpu_bound) + 1), close]
    with contextlib.ExitStack() as files:
        stdin = files.enter_context((tmp / "stdin.bin").open("rb")) if "stdin" in case else subprocess.DEVNULL
        stdout: Any = subprocess.PIPE
        if fds.get("stdout") == "full":
            stdout = files.enter_context(open("/dev/full", "wb"))
        elif fds.get("stdout") == "closed":
            stdout = None
        stderr = files.enter_context((tmp / "stderr.txt").open("wb"))
        before = _cpu_of_children()
        process = files.enter_context(subprocess.Popen(
            [*launch, *argv], cwd=tmp, stdin=stdin, stdout=stdout, stderr=stderr,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"}))
        out = b""
        status: int | None
        try:
            if process.stdout is not None and fds.get("stdout") == "head":
                ready, _, _ = select.select([process.stdout], [], [], HANG)
                out = process.stdout.readline() if ready else b""
                process.stdout.close()
                status = process.wait(timeout=HANG)
            else:
                out = process.communicate(timeout=HANG)[0] or b""
                status = process.returncode
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            status = None
        seconds = _cpu_of_children() - before
    return status, out.decode("utf-8", "replace"), (tmp / "stderr.txt").read_text("utf-8", "replace"), seconds


@pytest.mark.parametrize("case", CASES, ids=[c["description"] for c in CASES])
def test_hostile_cli_case(case: dict[str, Any], tmp_path: Path, startup: float) -> None:
    status, out, err, seconds = run_case(case, tmp_path, startup + BOUND)
    assert status is not None, f"no answer within {HANG:.0f} s (blocked)"
    assert status != -signal.SIGXCPU and seconds <= startup + BOUND, f"{seconds:.2f} s of CPU"
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert status == case["exit"], err
    assert re.search(case["stderr"], err, re.S), err
    if "stdout" in case:
        assert re.search(case["stdout"], out, re.S), out[:2000]


def test_corpus_shape() -> None:
    keys = {"description", "argv", "stdin", "files", "fds", "exit", "stderr", "stdout"}
    for case in CASES:
        assert set(case) <= keys and {"description", "argv", "exit", "stderr"} <= set(case), case
        assert set(case.get("fds", {})) <= {"stdin", "stdout"}, case
    descriptions = [c["description"] for c in CASES]
    assert len(set(descriptions)) == len(descriptions) and len(CASES) >= 25


if __name__ == "__main__":
    import tempfile

    for each in CASES:
        with tempfile.TemporaryDirectory() as folder:
            got, _, text, took = run_case(each, Path(folder), 60.0)
        print(f"{each['description'][:70]:70}  exit {got}  {took:6.2f} s CPU  {text.strip().splitlines()[-1:]}", flush=True)
