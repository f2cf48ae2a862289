"""A real PostgreSQL server for the tests: a throw-away cluster on loopback, started on first use.

``initdb`` makes a cluster in a temporary directory (UTF-8, the C.UTF-8 locale, trust
authentication on loopback only), ``postgres`` serves it on a free port of 127.0.0.1
with its socket in the same directory, and :meth:`PostgresServer.stop` shuts it down
and removes everything. The server binaries come from the system (``.ci/ensure-engines``
installs Debian's ``postgresql`` where they are missing). Running as root, the server
runs as ``nobody``, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["PostgresServer", "SERVER", "binaries"]


def binaries() -> Path | None:
    """The directory holding ``initdb`` and ``postgres``, or None when PostgreSQL is not installed."""
    found = shutil.which("postgres")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One cluster and one server process; :meth:`connect` gives new psycopg connections."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> PostgresServer:
        if self.running:
            return self
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed: run .ci/ensure-engines (apt-get install postgresql)")
        user = "nobody" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="fe-pg-"))
        if user is not None:
            import pwd

            entry = pwd.getpwnam(user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        data = self.root / "data"
        log = self.root / "server.log"
        subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"], check=True, user=user, capture_output=True)
        self.port = _free_port()
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data), "-k", str(self.root), "-p", str(self.port),
                 "-h", "127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                stdout=out, stderr=subprocess.STDOUT, user=user)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.connect().close()
                return self
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    text = log.read_text(errors="replace") if log.exists() else ""
                    self.stop()
                    raise RuntimeError(f"PostgreSQL did not start:\n{text}") from None
                time.sleep(0.1)

    def connect(self, **options: Any) -> Any:
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                               connect_timeout=5, **options)

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)  # fast shutdown
                try:
                    self.process.wait(30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


#: The test session's server: started by the first test that needs it, stopped by tests/conftest.py.
SERVER = PostgresServer()
