"""16 clients against a real ``filterengine serve`` process on loopback, on SQLite and PostgreSQL.

Each client makes a fixed number of mixed requests (creates, updates, reads of its own
lists and of others', listings, deletes). Every object a client writes carries its
owner, its version and a payload made from them, so a read of a torn object (parts of
two writes) cannot pass for a whole one. Afterwards the database holds every
acknowledged write exactly once: every list whose creation was acknowledged and
whose deletion was not, each at its last acknowledged version, and nothing else.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from filterengine.serve import Store

from .conftest import fresh_database_url
from .process import ServerProcess, unique_payload

CLIENTS = 16
REQUESTS = 30  # per client
CATS = ["news", "sport", "local", "culture", "weather"]
ROOT = Path(__file__).resolve().parents[2]


def document(client: int, number: int, version: int) -> dict[str, Any]:
    return {"title": f"c{client}-l{number}-v{version}", "listtype": "dynamic", "limit": 5, "sort": "publisheddate desc",
            "x-client": client, "x-list": number, "x-version": version, "x-payload": unique_payload(client, version),
            "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": [CATS[number % len(CATS)]]}]}]}


def whole(obj: Any) -> bool:
    """Whether an object is one write, entire: its title and payload agree with its own version."""
    try:
        c, n, v = obj["x-client"], obj["x-list"], obj["x-version"]
        return (obj["title"] == f"c{c}-l{n}-v{v}" and obj["x-payload"] == unique_payload(c, v)
                and obj["filters"] == document(c, n, v)["filters"] and isinstance(obj["id"], str)
                and isinstance(obj["createddate"], str))
    except (KeyError, TypeError):
        return False


@dataclass
class Ledger:
    """What the clients were told: acknowledged lists and versions, and what went wrong."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    live: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # id -> (client, list, last acked version)
    deleted: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    requests: int = 0

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


def client_run(n: int, base_url: str, ledger: Ledger) -> None:
    try:
        requests(n, base_url, ledger)
    except BaseException as err:  # a thread's failure is the test's
        ledger.problem(f"client {n}: {err!r}")


def requests(n: int, base_url: str, ledger: Ledger) -> None:
    rnd = random.Random(n)
    mine: dict[str, list[int]] = {}  # id -> [list number, version]
    made = 0
    with httpx.Client(base_url=base_url, timeout=60) as http:
        for _ in range(REQUESTS):
            with ledger.lock:
                ledger.requests += 1
            r = rnd.random()
            if not mine or r < 0.25:
                made += 1
                sent = document(n, made, 1)
                resp = http.put("/sapi/cliplist", json=sent)
                if resp.status_code != 200 or not whole(body := resp.json()) or body["x-version"] != 1:
                    ledger.problem(f"create: {resp.status_code} {resp.text[:200]}")
                    continue
                mine[body["id"]] = [made, 1]
                with ledger.lock:
                    ledger.live[body["id"]] = (n, made, 1)
            elif r < 0.5:
                cid = rnd.choice(sorted(mine))
                number, version = mine[cid]
                sent = dict(document(n, number, version + 1), id=cid)
                resp = http.put("/sapi/cliplist", json=sent)
                if resp.status_code != 200 or resp.json().get("x-version") != version + 1 or not whole(resp.json()):
                    ledger.problem(f"update {cid}: {resp.status_code} {resp.text[:200]}")
                    continue
                mine[cid][1] = version + 1
                with ledger.lock:
                    ledger.live[cid] = (n, number, version + 1)
            elif r < 0.7:
                cid = rnd.choice(sorted(mine))
                resp = http.get(f"/sapi/cliplist/{cid}")
                body = resp.json()
                if resp.status_code != 200 or not whole(body) or body["x-version"] != mine[cid][1]:
                    ledger.problem(f"read own {cid}: {resp.status_code} {resp.text[:200]}")
                elif not isinstance(body["items"], list) or len(body["items"]) > 5:
                    ledger.problem(f"read own {cid}: items {body['items']!r:.200}")
            elif r < 0.8:
                with ledger.lock:
                    others = sorted(ledger.live)
                cid = rnd.choice(others)
                resp = http.get(f"/sapi/playlist/{cid}")  # the same resource, by its other name
                if resp.status_code == 404:
                    continue  # deleted meanwhile by its owner
                if resp.status_code != 200 or not whole(resp.json()):
                    ledger.problem(f"read other {cid}: {resp.status_code} {resp.text[:200]}")
            elif r < 0.9:
                resp = http.get("/sapi/cliplist", params={"limit": 50, "q": f"title:c{rnd.randrange(CLIENTS)}-*"})
                listed = resp.json()
                if resp.status_code != 200 or not all(whole(item) for item in listed["items"]):
                    ledger.problem(f"list: {resp.status_code} {resp.text[:200]}")
            else:
                cid = rnd.choice(sorted(mine))
                resp = http.delete(f"/sapi/cliplist/{cid}")
                if resp.status_code != 204:
                    ledger.problem(f"delete {cid}: {resp.status_code} {resp.text[:200]}")
                    continue
                del mine[cid]
                with ledger.lock:
                    del ledger.live[cid]
                    ledger.deleted.add(cid)


def check_database(database_url: str, ledger: Ledger) -> None:
    """Every acknowledged write is in the database exactly once, and nothing else is."""
    with Store.open(database_url) as store:
        items, total = store.list_cliplists(limit=100_000, sort="id asc")
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)) == total
        assert set(ids) == set(ledger.live)
        for item in items:
            assert whole(item)
            assert (item["x-client"], item["x-list"], item["x-version"]) == ledger.live[item["id"]]
        made = [(item["x-client"], item["x-list"]) for item in items]
        assert len(made) == len(set(made))  # no create stored twice
        with store.database.transaction() as conn:
            cur = conn.cursor()
            cur.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM cliplists")
            assert tuple(cur.fetchone()) == (total, total)
        for gone in ledger.deleted:
            with pytest.raises(Exception, match="no cliplist"):
                store.get_cliplist(gone)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_sixteen_clients(kind, tmp_path):
    url = fresh_database_url(kind, tmp_path)
    server = ServerProcess(url, tmp_path, catalog=ROOT / "examples" / "clips.jsonl").start()
    ledger = Ledger()
    try:
        threads = [threading.Thread(target=client_run, args=(n, server.base_url, ledger)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.stop()
    assert not ledger.problems, "\n".join(ledger.problems[:10]) + "\n" + server.log()
    assert ledger.requests == CLIENTS * REQUESTS
    assert ledger.live and ledger.deleted
    check_database(url, ledger)
