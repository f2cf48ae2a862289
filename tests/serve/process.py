"""``filterengine serve`` as a real server process on loopback, for the concurrency and crash tests.

:class:`ServerProcess` starts ``python -m filterengine serve --database URL --port P``
(uvicorn, one process) with its output in a log file, waits until it answers, and can
be stopped (SIGTERM) or killed (SIGKILL) and started again on the same database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

__all__ = ["ServerProcess", "unique_payload"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """One ``filterengine serve`` process over ``database_url``; the log goes to ``folder``."""

    def __init__(self, database_url: str, folder: Path, catalog: Path | None = None):
        self.database_url = database_url
        self.folder = folder
        self.catalog = catalog
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, catalog: bool = True) -> ServerProcess:
        self.starts += 1
        self.port = _free_port()
        args = [sys.executable, "-m", "filterengine", "serve", "--database", self.database_url, "--port", str(self.port)]
        if catalog and self.catalog is not None:
            args += ["--catalog", str(self.catalog)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("FILTERENGINE_")}
        log = open(self.folder / f"server-{self.starts}.log", "wb")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        deadline = time.monotonic() + 120  # a start-up deadline, not a timing assertion
        with httpx.Client(base_url=self.base_url, timeout=5) as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited with status {self.process.returncode}:\n{self.log()}")
                try:
                    if client.get("/openapi.json").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"the server did not answer:\n{self.log()}")
                time.sleep(0.05)

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.folder.glob("server-*.log")))

    def kill(self) -> None:
        """SIGKILL: the process dies at once, in the middle of whatever it was doing."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        """SIGTERM: uvicorn finishes the requests under way and closes the store."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None


def unique_payload(client: int, version: int) -> list[str]:
    """A body part that differs in every region between versions, so a torn object could not pass."""
    return [f"{client}:{version}:{i}:" + "x" * (i % 7) for i in range(40)]
