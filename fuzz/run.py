"""Run the fuzz targets for a given time each: ``python fuzz/run.py --seconds N [TARGET ...]``.

Each target runs in its own libFuzzer process (``fuzz/harness.py``) from its seed corpus
(``fuzz/corpus/<target>/``, read only) and a working corpus that keeps what earlier runs
found (``fuzz/.work/<target>/``). A finding is an input that raised anything but a
FilterEngineError (or made two answers disagree), ran longer than ``--timeout`` seconds, or
took the process over ``--rss-limit-mb``; libFuzzer stops at the first one and writes the
input to ``fuzz/findings/<target>/`` (``crash-``, ``timeout-`` or ``oom-`` and its SHA-1).
Both folders are git-ignored: a finding worth keeping is copied to ``fuzz/regressions/<target>/``,
which ``tests/test_fuzz.py`` replays on every test run.

For each target the script prints executions, executions per second, coverage (libFuzzer's
``cov``: instrumented edges reached; ``ft``: features) and the corpus size, then every
finding with its input and the traceback. It exits 1 when there was a finding.

``--parallel 2`` runs two targets at a time (the machine this was written on has two cores).
Replay one input with ``python fuzz/harness.py TARGET FILE``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("query", "timeexpr", "filterset", "catalog")
DICTIONARIES = {"query": "query.dict", "timeexpr": "timeexpr.dict", "filterset": "json.dict", "catalog": "json.dict"}
MAX_LEN = {"query": 8192, "timeexpr": 8192, "filterset": 8192, "catalog": 8192}
FINDING_PREFIXES = ("crash-", "timeout-", "oom-", "leak-")


@dataclass
class Result:
    target: str
    returncode: int = 0
    log: str = ""
    stats: dict[str, str] = field(default_factory=dict)
    findings: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.findings


def command(target: str, seconds: int, work: Path, artifacts: Path, timeout: int, rss_limit_mb: int) -> list[str]:
    corpus = work / target
    corpus.mkdir(parents=True, exist_ok=True)
    (artifacts / target).mkdir(parents=True, exist_ok=True)
    return [
        sys.executable, str(HERE / "harness.py"), target,
        f"-max_total_time={seconds}",
        f"-timeout={timeout}",
        f"-rss_limit_mb={rss_limit_mb}",
        f"-max_len={MAX_LEN[target]}",
        f"-dict={HERE / 'dicts' / DICTIONARIES[target]}",
        f"-artifact_prefix={artifacts / target}{os.sep}",
        "-print_final_stats=1",
        "-report_slow_units=2",
        str(corpus), str(HERE / "corpus" / target),
    ]


def parse_stats(log: str) -> dict[str, str]:
    """libFuzzer's final numbers: executions, exec/s, peak RSS, and the last status line's cov/ft/corp."""
    stats = dict(re.findall(r"^stat::(\w+):\s*(\S+)", log, flags=re.M))
    status = re.findall(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", log, flags=re.M)
    if status:
        runs, cov, ft, corp, size = status[-1]
        stats.update(status_runs=runs, cov=cov, ft=ft, corpus=corp, corpus_size=size)
    return stats


def finished(result: Result, artifacts: Path, before: set[Path]) -> Result:
    folder = artifacts / result.target
    result.findings = sorted(p for p in folder.iterdir() if p.name.startswith(FINDING_PREFIXES) and p not in before)
    result.stats = parse_stats(result.log)
    return result


def report(result: Result) -> str:
    s = result.stats
    lines = [f"{result.target}: {s.get('number_of_executed_units', s.get('status_runs', '?'))} executions in "
             f"{result.seconds:.0f} s, {s.get('average_exec_per_sec', '?')} exec/s, cov {s.get('cov', '?')}, "
             f"ft {s.get('ft', '?')}, corpus {s.get('corpus', '?')} inputs ({s.get('corpus_size', '?')}), "
             f"peak RSS {s.get('peak_rss_mb', '?')} MB"]
    if result.returncode != 0 and not result.findings:
        lines.append(f"  libFuzzer exited with status {result.returncode}; the end of its log:")
        lines += ["    " + line for line in result.log.splitlines()[-30:]]
    for path in result.findings:
        data = path.read_bytes()
        shown = repr(data) if len(data) <= 600 else repr(data[:600]) + f"... ({len(data)} bytes)"
        lines += [f"  FINDING {path}", f"    input: {shown}",
                  f"    replay: {sys.executable} {HERE / 'harness.py'} {result.target} {path}"]
        lines += ["    " + line for line in _what_happened(result.log)]
    return "\n".join(lines)


def _what_happened(log: str) -> list[str]:
    """The Python traceback atheris printed, or libFuzzer's timeout / out-of-memory report."""
    start = log.find("=== Uncaught Python exception: ===")
    if start >= 0:
        end = log.find("==", start + 40)
        return log[start:end if end > 0 else None].rstrip().splitlines()[:60]
    for marker in ("ALARM: working on the last Unit", "out-of-memory", "ERROR: libFuzzer"):
        at = log.find(marker)
        if at >= 0:
            return log[at:].splitlines()[:25]
    return log.splitlines()[-25:]


def run(targets: list[str], seconds: int, work: Path, artifacts: Path, timeout: int, rss_limit_mb: int,
        parallel: int, quiet: bool = False) -> list[Result]:
    pending = list(targets)
    running: list[tuple[Result, subprocess.Popen[str], float, set[Path], Path]] = []
    done: list[Result] = []
    work.mkdir(parents=True, exist_ok=True)
    while pending or running:
        while pending and len(running) < parallel:
            target = pending.pop(0)
            argv = command(target, seconds, work, artifacts, timeout, rss_limit_mb)
            before = set((artifacts / target).iterdir())
            log_path = work / f"{target}.log"
            log = log_path.open("w", encoding="utf-8")
            process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, text=True)
            log.close()
            running.append((Result(target), process, time.monotonic(), before, log_path))
            if not quiet:
                print(f"{target}: running for {seconds} s (log: {log_path})", flush=True)
        time.sleep(0.2)
        for entry in list(running):
            result, process, started, before, log_path = entry
            if process.poll() is None:
                continue
            running.remove(entry)
            result.returncode = process.returncode
            result.seconds = time.monotonic() - started
            result.log = log_path.read_text(encoding="utf-8", errors="replace")
            done.append(finished(result, artifacts, before))
            if not quiet:
                print(report(done[-1]), flush=True)
    return sorted(done, key=lambda r: targets.index(r.target))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", choices=[[], *TARGETS], metavar="TARGET",
                        help=f"targets to run (default: all of {', '.join(TARGETS)})")
    parser.add_argument("--seconds", type=int, required=True, help="how long to run each target")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take (default 10)")
    parser.add_argument("--rss-limit-mb", type=int, default=2048, help="memory one target may use (default 2048)")
    parser.add_argument("--parallel", type=int, default=1, help="targets run at the same time (default 1)")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="working corpora and logs (default fuzz/.work)")
    parser.add_argument("--artifacts", type=Path, default=HERE / "findings", help="where findings go (default fuzz/findings)")
    args = parser.parse_args(argv)
    targets = args.targets or list(TARGETS)
    results = run(targets, args.seconds, args.work, args.artifacts, args.timeout, args.rss_limit_mb, args.parallel)
    bad = [r.target for r in results if not r.ok]
    print(f"\n{len(results) - len(bad)} of {len(results)} targets ran without a finding" + (f"; findings: {', '.join(bad)}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
