"""serve.Store on SQLite and on the tests' PostgreSQL server: CRUD, lossless storage, validation,
listing, items resolved as fe.preview resolves them, drafts, migrations, threads."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

import filterengine as fe
from filterengine.errors import NotFoundError
from filterengine.serve import Store
from filterengine.serve.migrations import VERSION, sort_index_name

from .conftest import ROOT, clips, fresh_database_url

NOW = "2026-11-20T12:00:00Z"
PLAYLISTS = ROOT / "examples" / "playlists"
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
EVERYTHING = {"listtype": "dynamic", "filters": []}


def playlist(name: str) -> dict:
    doc = json.loads((PLAYLISTS / name).read_text(encoding="utf-8"))
    doc.pop("id", None)
    return doc


def news(**extra) -> dict:
    return {"title": "News", "listtype": "dynamic", **extra,
            "filters": [{"filters": [{"field": "cat", "operator": "containsAnyOf", "value": ["news"]}]}]}


@pytest.fixture(scope="module")
def catalog() -> list[dict]:
    return clips()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def loaded(request, tmp_path_factory, catalog):
    """One store per backend holding the example catalog (shared by the read-only tests of this module)."""
    opened = Store.open(fresh_database_url(request.param, tmp_path_factory.mktemp("loaded")))
    opened.migrate()
    report = opened.load_clips(iter(catalog))
    assert report.rows == len(catalog)
    yield opened
    opened.close()


# -- schema ------------------------------------------------------------------


def test_migrate_is_explicit_and_idempotent(database_url):
    with Store.open(database_url) as store:
        assert store.version() == 0  # open() creates nothing
        assert store.migrate() == VERSION == 2
        assert store.migrate() == VERSION
        assert store.version() == VERSION
    with Store.open(database_url) as again:  # a second process's view
        assert again.migrate() == VERSION
        assert again.list_cliplists() == ([], 0)


def catalog_names(store: Store, sqlite: str, postgres: str) -> set[str]:
    """The names one catalog query finds (``sqlite`` or ``postgres``, by the store's database)."""
    with store.database.transaction() as conn:
        cur = conn.cursor()
        cur.execute(sqlite if store.dialect == "sqlite" else postgres)
        return {name for (name,) in cur.fetchall()}


def indexes(store: Store) -> set[str]:
    return catalog_names(store, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'clips'",
                         "SELECT indexname FROM pg_indexes WHERE tablename = 'clips'")


def test_a_version_1_database_is_upgraded(store):
    store.load_clips([{"id": "1", "publisheddate": "2026-11-01T00:00:00Z"}])
    saved = store.put_cliplist(news())
    dates = ["createddate", "updateddate", "publisheddate"]
    assert {sort_index_name(f) for f in dates} <= indexes(store)
    with store.database.transaction(write=True) as conn:  # back to what version 1 wrote
        cur = conn.cursor()
        for name in dates:
            cur.execute(f"DROP INDEX {sort_index_name(name)}")
        cur.execute("UPDATE filterengine_schema SET version = 1")
    assert store.version() == 1 and not {sort_index_name(f) for f in dates} & indexes(store)
    assert store.migrate() == 2
    assert {sort_index_name(f) for f in dates} <= indexes(store)
    assert store.get_cliplist(saved["id"])["title"] == "News"  # the data is untouched


def test_a_newer_schema_is_refused(store):
    with store.database.transaction(write=True) as conn:
        conn.cursor().execute("UPDATE filterengine_schema SET version = 99")
    with pytest.raises(fe.FilterEngineError, match="schema version 99, newer"):
        store.migrate()


def test_database_urls(tmp_path):
    for url in (f"sqlite:///{tmp_path}/a.db", str(tmp_path / "b.db")):
        with Store.open(url) as store:
            assert store.migrate() == VERSION and store.dialect == "sqlite"
    for bad in ("mysql://x/y", "sqlite://relative.db", ""):
        with pytest.raises(fe.FilterEngineError):
            Store.open(bad)


# -- create, read, update, delete -------------------------------------------


def test_create_read_update_delete(store):
    created = store.put_cliplist(news(), now="2026-11-20T12:00:00.750+01:00")
    assert re.fullmatch(r"\d{7}", created["id"]) and created["createddate"] == "2026-11-20T11:00:00Z"
    assert "updateddate" not in created
    second = store.put_cliplist(news(title="Other"))
    assert int(second["id"]) == int(created["id"]) + 1 and DATE.match(second["createddate"])

    got = store.get_cliplist(created["id"])
    assert got.pop("items") == [] and got == created

    changed = dict(created, title="News, renamed", createddate="1999-01-01T00:00:00Z")
    updated = store.put_cliplist(changed, now=NOW)
    assert updated["title"] == "News, renamed" and updated["updateddate"] == NOW
    assert updated["createddate"] == created["createddate"]  # the server's, not the client's
    assert {k: v for k, v in store.get_cliplist(created["id"]).items() if k != "items"} == updated

    store.delete_cliplist(created["id"])
    for call in (lambda: store.get_cliplist(created["id"]), lambda: store.delete_cliplist(created["id"]),
                 lambda: store.put_cliplist(updated)):
        with pytest.raises(NotFoundError) as info:
            call()
        assert info.value.to_dict()["status"] == 404 and info.value.id == created["id"]
    assert store.list_cliplists()[1] == 1


@pytest.mark.parametrize("unknown", ["1000001", "", "x" * 300, "a\x00b", "\ud800", "'; DROP TABLE cliplists; --"])
def test_unknown_ids_are_not_found(store, unknown):
    with pytest.raises(NotFoundError):
        store.get_cliplist(unknown)
    with pytest.raises(NotFoundError):
        store.delete_cliplist(unknown)
    assert store.version() == VERSION


def test_documents_are_kept_whole(store):
    doc = news(**{"x-team": {"desk": ["sport", None, 1.5, 10**30, True]}, "title": "caf\u00e9 \U0001f3c6 \ud800",
                  "usetype": "editorial", "createdBy": "editor-3", "q": "title:derby", "limit": 5,
                  "sort": "publisheddate desc", "items": [{"id": "1"}]})
    saved = store.put_cliplist(doc, now=NOW)
    assert saved == dict(doc, id=saved["id"], createddate=NOW)
    assert list(saved)[: len(doc)] == list(doc)  # key order too
    got = store.get_cliplist(saved["id"], now=NOW)
    got.pop("items")
    del saved["items"]
    assert got == saved
    listed, _ = store.list_cliplists()
    assert listed[0]["x-team"] == doc["x-team"] and listed[0]["items"] == [{"id": "1"}]


# -- validation --------------------------------------------------------------


def test_every_problem_with_its_pointer(store):
    doc = {"title": "Bad", "listtype": "dynamic", "q": "title:(goal OR",
           "filters": [{"filters": [{"field": "cat", "operator": "containsAny", "value": "news"},
                                    {"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYZ"}]}]}
    with pytest.raises(fe.FiltersetError) as info:
        store.put_cliplist(doc)
    pointers = [p["pointer"] for p in info.value.to_dict()["problems"]]
    assert pointers == ["/filters/0/filters/0/operator", "/filters/0/filters/1/value", "/q"]
    assert store.list_cliplists() == ([], 0)  # nothing stored


@pytest.mark.parametrize("doc, pointer", [
    ({"title": "x", "sort": "title upward", "filters": []}, "/sort"),
    ({"title": "x", "limit": "ten", "filters": []}, "/limit"),
    ({"title": "x", "id": 7, "filters": []}, "/id"),
    ({"title": "x", "listtype": "sometimes", "filters": []}, "/listtype"),
])
def test_bad_members(store, doc, pointer):
    with pytest.raises(fe.FiltersetError) as info:
        store.put_cliplist(doc)
    assert pointer in [p.path for p in info.value.problems]


def test_not_an_object_and_limits(store):
    with pytest.raises(fe.FiltersetError) as info:
        store.put_cliplist(["not", "a", "cliplist"])  # type: ignore[arg-type]
    assert info.value.problems[0].path == ""
    small = Store.open(store.database.url, limits=fe.Limits(values=2))
    try:
        with pytest.raises(fe.LimitExceededError) as over:
            small.put_cliplist({"title": "x", "filters": [{"filters": [
                {"field": "cat", "operator": "containsAnyOf", "value": ["a", "b", "c"]}]}]})
        assert over.value.pointer == "/filters/0/filters/0/value"
    finally:
        small.close()


def test_what_the_database_cannot_run_is_refused_at_once(store):
    with pytest.raises(fe.UnsupportedError):
        store.put_cliplist(news(q="title:roam~1"))


def test_a_nul_in_a_value(store):
    """PostgreSQL text cannot hold a NUL: a value with one is unsupported there (found by schemathesis)."""
    doc = {"title": "n", "listtype": "dynamic", "filters": [{"filters": [{"field": "status", "operator": "is", "value": "a\x00b"}]}]}
    if store.dialect == "postgres":
        for call in (lambda: store.put_cliplist(doc), lambda: store.draft_info("d\x00")):
            with pytest.raises(fe.UnsupportedError) as info:
                call()
            assert info.value.to_dict()["construct"] == "text value holding a NUL character"
    else:
        assert store.get_cliplist(store.put_cliplist(doc)["id"])["items"] == []
        assert store.draft_info("d\x00")["items"] == []
    static = store.put_cliplist({"title": "s", "listtype": "static", "items": [{"id": "a\x00b"}]})
    assert store.get_cliplist(static["id"])["items"] == [{"id": "a\x00b"}]


# -- listing -----------------------------------------------------------------


def test_list_with_q_sort_and_paging(store):
    made = [store.put_cliplist({"title": f"List {i:02}", "listtype": "dynamic", "status": "published" if i % 3 else "draft",
                                "filters": []}, now=f"2026-11-{i + 1:02}T08:00:00Z") for i in range(20)]
    ids = [m["id"] for m in made]
    items, total = store.list_cliplists()
    assert total == 20 and [i["id"] for i in items] == sorted(ids, reverse=True)[:15]
    items, total = store.list_cliplists(q="status:draft", sort="title asc", limit=3, offset=1)
    assert total == 7 and [i["title"] for i in items] == ["List 03", "List 06", "List 09"]
    items, total = store.list_cliplists(q="createddate:[2026-11-18T00:00:00Z TO *]", sort="createddate desc")
    assert total == 3 and [i["title"] for i in items] == ["List 19", "List 18", "List 17"]
    assert store.list_cliplists(limit=0) == ([], 20)
    with pytest.raises(fe.QuerySyntaxError):
        store.list_cliplists(q="title:(")
    with pytest.raises(fe.FilterEngineError):
        store.list_cliplists(limit=-1)


# -- items -------------------------------------------------------------------


SMART = [
    playlist("latest-news.json"),
    playlist("sport-highlights.json"),
    playlist("draft-latest-clips.json"),
    news(limit=40),
    news(sort="title asc, publisheddate desc", q="tags:breaking OR description:\"report from kiel\""),
    {"title": "No limit, no sort", "listtype": "dynamic",
     "filters": [{"filters": [{"field": "views", "operator": "isGreaterThan", "value": "200"}]}]},
    {"title": "Dates", "listtype": "dynamic", "sort": "updateddate asc", "limit": 25,
     "filters": [{"filters": [{"field": "createddate", "operator": "isInTheLast", "value": "30DAYS"}]},
                 {"filters": [{"field": "featured", "operator": "is", "value": "true"},
                              {"field": "meta.league", "operator": "contains", "value": "league"}]}]},
]


@pytest.mark.parametrize("doc", SMART, ids=lambda d: d["title"])
def test_smart_list_items_are_what_preview_gives(loaded, catalog, doc):
    saved = loaded.put_cliplist(doc)
    try:
        items = loaded.get_cliplist(saved["id"], now=NOW)["items"]
        assert items == fe.preview(doc, catalog, now=NOW).items
    finally:
        loaded.delete_cliplist(saved["id"])


def test_smart_lists_match_something(loaded):
    saved = loaded.put_cliplist(SMART[3])
    try:
        assert len(loaded.get_cliplist(saved["id"], now=NOW)["items"]) == 40
    finally:
        loaded.delete_cliplist(saved["id"])


def test_static_list_items_are_refreshed(loaded, catalog):
    doc = playlist("weekend-culture-picks.json")
    saved = loaded.put_cliplist(doc)
    try:
        items = loaded.get_cliplist(saved["id"])["items"]
        assert items == fe.preview(doc, catalog, limit=len(doc["items"])).items
        by_id = {str(c["id"]): c for c in catalog}
        assert items[1] == by_id["1006975"] and items[3] == doc["items"][3]  # refreshed; unknown id kept
    finally:
        loaded.delete_cliplist(saved["id"])


@pytest.mark.parametrize("draft", ["0da20367846c53b6a746474d8d308443", "f77048c27d34c296fde4ac3e99b3a91f", "nosuch", None])
def test_draft_info_is_the_clip_services_collection(loaded, catalog, draft):
    got = loaded.draft_info(draft)
    if draft is None:
        want = fe.preview(EVERYTHING, catalog, sort="created_at desc", limit=1000).to_collection()
    else:
        want = fe.preview(EVERYTHING, catalog, draft_id=draft).to_collection()
    assert got == want
    assert got["total_items"] == (0 if draft == "nosuch" else 1000 if draft is None else got["total_items"])


@pytest.mark.parametrize("sort, index", [("publisheddate desc", "publisheddate"), ("createddate desc", "createddate")])
def test_latest_first_lists_read_an_index(loaded, sort, index):
    """The sort indexes match the ORDER BY fe.to_sql writes (if that changes, this says so)."""
    query = fe.to_sql(news(sort=sort, limit=15), dialect=loaded.dialect)
    with loaded.database.transaction() as conn:
        cur = conn.cursor()
        if loaded.dialect == "postgres":
            cur.execute("SET LOCAL enable_seqscan = off")  # the plan for a large table, on a small one
            cur.execute("SET LOCAL enable_sort = off")
        cur.execute(("EXPLAIN QUERY PLAN " if loaded.dialect == "sqlite" else "EXPLAIN ") + query.sql, query.params)
        plan = " ".join(str(cell) for row in cur.fetchall() for cell in row)
    assert sort_index_name(index) in plan and "TEMP B-TREE FOR ORDER BY" not in plan and " Sort " not in plan, plan


def test_loads_append_and_the_first_record_of_an_id_wins(store):
    store.load_clips([{"id": "1", "title": "first"}, "not a clip", 7])
    report = store.load_clips(iter([{"id": 1, "title": "second"}, {"id": "2", "views": "many"}]))
    assert report.rows == 2 and report.unreadable == 1 and report.by_field == {"views": 1}
    static = store.put_cliplist({"title": "s", "listtype": "static", "items": [{"id": 1}, {"id": "2"}, {"id": True}]})
    assert store.get_cliplist(static["id"])["items"] == [{"id": "1", "title": "first"}, {"id": "2", "views": "many"},
                                                         {"id": True}]
    smart = store.put_cliplist({"title": "all", "listtype": "dynamic", "sort": "title asc", "filters": []})
    assert [c.get("title") for c in store.get_cliplist(smart["id"])["items"]] == ["first", "second", None]


def test_a_replacing_load_takes_the_place_of_every_clip_and_keeps_the_cliplists(store):
    store.load_clips([{"id": "1", "title": "old"}, {"id": "9", "title": "gone"}])
    smart = store.put_cliplist({"title": "all", "listtype": "dynamic", "sort": "id asc", "filters": []})
    report = store.load_clips([{"id": "1", "title": "new"}, {"id": "2", "title": "added"}], replace=True)
    assert report.rows == 2
    assert store.get_cliplist(smart["id"])["items"] == [{"id": "1", "title": "new"}, {"id": "2", "title": "added"}]
    def catalog_with_a_bad_line():  # as a catalog file that stops at a bad record
        yield {"id": "7"}
        raise ValueError("line 2: not JSON")

    with pytest.raises(ValueError):  # a load that fails part-way changes nothing, replacing or not
        store.load_clips(catalog_with_a_bad_line(), replace=True)
    assert [c["id"] for c in store.get_cliplist(smart["id"])["items"]] == ["1", "2"]


# -- threads -----------------------------------------------------------------


def test_many_threads_share_a_store(store):
    store.load_clips([{"id": str(i), "cat": ["news"]} for i in range(50)])
    threads, per_thread = 12, 8
    created: list[list[str]] = [[] for _ in range(threads)]
    seen_torn: list[object] = []
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            start.wait()
            for k in range(per_thread):
                saved = store.put_cliplist(news(title=f"t{n}-{k}", limit=5, owner=n, step=k))
                created[n].append(saved["id"])
                again = store.put_cliplist(dict(saved, step=k + 100, title=f"t{n}-{k}!"))
                got = store.get_cliplist(saved["id"])
                if got["title"] != again["title"] or got["step"] != k + 100 or len(got["items"]) != 5:
                    seen_torn.append(got)
                items, _ = store.list_cliplists(q=f"title:t{n}-{k}*", limit=100)
                if any(i.get("owner") != n for i in items):
                    seen_torn.append(items)
                if k % 4 == 3:
                    store.delete_cliplist(saved["id"])
                    created[n].pop()
        except BaseException as err:  # reported below, with its traceback
            errors.append(err)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    assert not seen_torn
    kept = sorted(i for ids in created for i in ids)
    items, total = store.list_cliplists(limit=1000, sort="id asc")
    assert total == len(kept) == threads * per_thread * 3 // 4
    assert [i["id"] for i in items] == kept and len(set(kept)) == len(kept)
    assert all(i["title"].endswith("!") for i in items)


def test_a_closed_store_refuses_work(tmp_path: Path):
    store = Store.open(str(tmp_path / "c.db"))
    store.migrate()
    store.close()
    with pytest.raises(fe.FilterEngineError, match="closed"):
        store.list_cliplists()


def test_the_documented_tables_are_the_tables(store):
    doc = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    section = doc[doc.index("Version 1 has these tables"):doc.index("### Loading clips")]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.M))
    assert catalog_names(store, "SELECT name FROM sqlite_master WHERE type = 'table'",
                         "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()") == documented


@pytest.mark.parametrize("key", ["\u00b9", "\u0663", "\uff11"])  # digits to str.isdigit(), not to int()
def test_filtersets_keyed_by_other_digits_are_problems(store, key):
    """Found by schemathesis through PUT /sapi/cliplist: a filterset keyed "¹" crashed the validation."""
    with pytest.raises(fe.FiltersetError) as info:
        store.put_cliplist({"title": "x", "listtype": "dynamic", "filters": {"0": {"filters": []}, key: {"filters": []}}})
    assert [(p.path, p.code) for p in info.value.problems] == [(f"/filters/{key}", "unexpected_key")]
    assert "unexpected_key" in [p.code for p in fe.check_playlist({"filters": {key: {"filters": []}}})]
