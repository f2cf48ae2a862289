"""A ``filterengine serve`` process killed with SIGKILL in the middle of writes, then restarted.

Eight clients create and update lists as fast as the server answers; once the server
has acknowledged a fixed number of writes it is killed (no shutdown, requests in
flight). Restarted on the same database, the database is intact (SQLite's integrity
check; the store migrates, lists and reads), every acknowledged write is there, and a
write that was in flight is either wholly there or not at all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from filterengine.serve import Store

from .conftest import fresh_database_url
from .process import ServerProcess
from .test_concurrency import document, whole

CLIENTS = 8
KILL_AFTER = 120  # acknowledged writes before the kill
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Writes:
    lock: threading.Lock = field(default_factory=threading.Lock)
    acked: int = 0
    enough: threading.Event = field(default_factory=threading.Event)
    #: id -> (client, list, last acknowledged version, highest version sent)
    lists: dict[str, list[int]] = field(default_factory=dict)
    #: creates sent whose answer never came: (client, list)
    unanswered: set[tuple[int, int]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def ack(self) -> None:
        with self.lock:
            self.acked += 1
            if self.acked >= KILL_AFTER:
                self.enough.set()


def writer(n: int, base_url: str, writes: Writes) -> None:
    made = 0
    mine: list[str] = []
    with httpx.Client(base_url=base_url, timeout=60) as http:
        while True:
            try:
                if not mine or made % 3 == 0 or len(mine) < 2:
                    made += 1
                    with writes.lock:
                        writes.unanswered.add((n, made))
                    resp = http.put("/sapi/cliplist", json=document(n, made, 1))
                    body = resp.json()
                    if resp.status_code != 200 or not whole(body):
                        writes.problems.append(f"create: {resp.status_code} {resp.text[:200]}")
                        return
                    with writes.lock:
                        writes.unanswered.discard((n, made))
                        writes.lists[body["id"]] = [n, made, 1, 1]
                    mine.append(body["id"])
                else:
                    cid = mine[made % len(mine)]
                    made += 1
                    with writes.lock:
                        entry = writes.lists[cid]
                        entry[3] += 1
                        version = entry[3]
                    resp = http.put("/sapi/cliplist", json=dict(document(n, entry[1], version), id=cid))
                    if resp.status_code != 200 or resp.json().get("x-version") != version:
                        writes.problems.append(f"update: {resp.status_code} {resp.text[:200]}")
                        return
                    with writes.lock:
                        entry[2] = version
                writes.ack()
            except httpx.TransportError:
                return  # the server is gone: what was in flight is unacknowledged
            except Exception as err:  # a thread's failure is the test's
                writes.problems.append(f"client {n}: {err!r}")
                return


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_sigkill_during_writes_loses_nothing_acknowledged(kind, tmp_path):
    url = fresh_database_url(kind, tmp_path)
    server = ServerProcess(url, tmp_path, catalog=ROOT / "examples" / "clips.jsonl").start()
    writes = Writes()
    threads = [threading.Thread(target=writer, args=(n, server.base_url, writes)) for n in range(CLIENTS)]
    try:
        for t in threads:
            t.start()
        writes.enough.wait(600)
        server.kill()  # SIGKILL, requests in flight
        for t in threads:
            t.join()
    finally:
        server.kill()
    assert not writes.problems, writes.problems[:5]
    assert writes.acked >= KILL_AFTER

    server.start(catalog=False)  # restart on the same database
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as http:
            for cid, (n, number, acked, sent) in writes.lists.items():
                resp = http.get(f"/sapi/cliplist/{cid}")
                assert resp.status_code == 200, (cid, resp.text)
                body = resp.json()
                assert whole(body) and (body["x-client"], body["x-list"]) == (n, number)
                assert acked <= body["x-version"] <= sent  # the last acknowledged version, or one in flight
                assert len(body["items"]) == 5  # the catalog loaded before the crash is there
            listed = http.get("/sapi/cliplist", params={"limit": 1000}).json()
    finally:
        server.stop()
    stored = {item["id"]: item for item in listed["items"]}
    assert listed["numfound"] == len(stored)
    assert set(writes.lists) <= set(stored)
    extra = [(item["x-client"], item["x-list"]) for cid, item in stored.items() if cid not in writes.lists]
    assert set(extra) <= writes.unanswered and len(extra) == len(set(extra))  # in-flight creates, at most once each
    assert all(whole(item) for item in stored.values())

    with Store.open(url) as store:
        assert store.migrate() == 2
        if kind == "sqlite":
            with store.database.transaction() as conn:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert store.load_clips([{"id": "after-crash", "cat": ["news"]}]).rows == 1
        assert len(store.draft_info()["items"]) == 1000
