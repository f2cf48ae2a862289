"""Every endpoint through a real HTTP client (httpx) against uvicorn on loopback, on SQLite and PostgreSQL.

Smart lists' items are checked against the library's own preview over the same clips (the
oracle); the filters here use no relative dates, so the server's clock does not matter.
Access and size limits are answered before the database is touched: they run on SQLite only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

import filterengine as fe
from filterengine.serve import create_app

from .live import KINDS, database, serving

ROOT = Path(__file__).resolve().parents[2]
CLIPS = [json.loads(line) for line in (ROOT / "examples" / "clips.jsonl").read_text(encoding="utf-8").splitlines()]
DRAFT_CLIPS = json.loads((ROOT / "examples" / "clip-service" / "clips.json").read_text(encoding="utf-8"))["items"]
RECORDS = CLIPS + DRAFT_CLIPS
PROBLEM = "application/problem+json"

SMART = {
    "title": "Published sport, newest first",
    "type": "MediaClipList",
    "listtype": "dynamic",
    "limit": 7,
    "sort": "publisheddate desc",
    "filters": [
        {"filters": [{"type": "mediaclip", "field": "cat", "operator": "containsAnyOf", "value": ["sport", "football"]}]},
        {"filters": [{"type": "mediaclip", "field": "status", "operator": "is", "value": "published"}]},
    ],
    "createdBy": "editor-9",
    "x-unknown": {"kept": [1, 2.5, None, "é"]},
}


@pytest.fixture(scope="module", params=KINDS)
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with database(request.param, tmp_path_factory.mktemp("db")) as url:
        with serving(create_app(url, migrate=True, catalog=RECORDS)) as base_url:
            yield base_url


@pytest.fixture
def client(base: str):
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


def _problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"urn:filterengine:problem:{code}" and body["title"] and body["detail"]
    return body


def _ids(items: list) -> list:
    return [item["id"] for item in items]


# -- PUT, GET, DELETE ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/sapi/cliplist", "/sapi/playlist"])
def test_a_smart_list_round_trip(client: httpx.Client, prefix: str):
    created = client.put(prefix, json=SMART)
    assert created.status_code == 200, created.text
    stored = created.json()
    assert stored["id"] and stored["createddate"]
    assert {k: stored[k] for k in SMART} == SMART  # lossless, unknown keys included

    got = client.get(f"{prefix}/{stored['id']}")
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    body = got.json()
    expected = fe.preview(SMART, CLIPS).items
    assert _ids(body["items"]) == _ids(expected) and len(expected) == 7
    assert body["items"][0] == expected[0]  # the clip as it was loaded
    assert {k: body[k] for k in SMART} == SMART

    other = "/sapi/playlist" if prefix == "/sapi/cliplist" else "/sapi/cliplist"
    assert client.get(f"{other}/{stored['id']}").json()["id"] == stored["id"]  # one resource, two names

    gone = client.delete(f"{prefix}/{stored['id']}")
    assert gone.status_code == 204 and gone.content == b""
    body = _problem(client.get(f"{prefix}/{stored['id']}"), 404, "not_found")
    assert body["id"] == stored["id"]
    _problem(client.delete(f"{prefix}/{stored['id']}"), 404, "not_found")


def test_update_keeps_the_id_and_sets_updateddate(client: httpx.Client):
    stored = client.put("/sapi/cliplist", json=SMART).json()
    changed = {**stored, "title": "Renamed", "limit": 3}
    changed.pop("items", None)
    updated = client.put("/sapi/cliplist", json=changed)
    assert updated.status_code == 200, updated.text
    body = updated.json()
    assert body["id"] == stored["id"] and body["title"] == "Renamed" and body["updateddate"]
    assert len(client.get(f"/sapi/cliplist/{stored['id']}").json()["items"]) == 3


def test_updating_an_unknown_id_is_404(client: httpx.Client):
    body = _problem(client.put("/sapi/cliplist", json={**SMART, "id": "no-such-list"}), 404, "not_found")
    assert body["id"] == "no-such-list"


def test_a_static_list_returns_its_clips_refreshed_from_the_catalog(client: httpx.Client):
    first, second = CLIPS[10], CLIPS[20]
    document = {"title": "Picks", "listtype": "static", "items": [{"id": first["id"], "title": "stale title"}, {"id": second["id"]}]}
    stored = client.put("/sapi/cliplist", json=document).json()
    items = client.get(f"/sapi/cliplist/{stored['id']}").json()["items"]
    assert _ids(items) == [first["id"], second["id"]]
    assert items[0]["title"] == first["title"]


def test_unknown_ids_are_404_everywhere(client: httpx.Client):
    for prefix in ("/sapi/cliplist", "/sapi/playlist"):
        _problem(client.get(f"{prefix}/nope"), 404, "not_found")
        _problem(client.delete(f"{prefix}/nope"), 404, "not_found")


# -- validation: 400 problem details with pointers -----------------------------------------


def test_bad_filters_are_400_with_every_problem_and_its_pointer(client: httpx.Client):
    bad = {**SMART, "filters": [{"filters": [{"field": "cat", "operator": "containsAny", "value": "news"},
                                             {"field": "publisheddate", "operator": "isInTheLast", "value": "7DAYZ"}]}]}
    body = _problem(client.put("/sapi/cliplist", json=bad), 400, "filterset")
    pointers = [p["pointer"] for p in body["problems"]]
    assert pointers == ["/filters/0/filters/0/operator", "/filters/0/filters/1/value"]
    assert "containsAnyOf" in body["problems"][0]["detail"]


def test_a_bad_q_in_a_cliplist_is_400_with_its_pointer(client: httpx.Client):
    body = _problem(client.put("/sapi/cliplist", json={**SMART, "q": "title:(goal OR"}), 400, "filterset")
    assert [(p["pointer"], p["code"]) for p in body["problems"]] == [("/q", "query_syntax")]


@pytest.mark.parametrize(("content", "where"), [
    (b'{"title": "x",', {"line": 1, "column": 15}),
    (b'{"a": NaN}', {"pointer": ""}),
    (b"[1, 2]", {"pointer": ""}),
    (b"null", {"pointer": ""}),
    (b"12.5", {"pointer": ""}),
    (b'"text"', {"pointer": ""}),
    (b"", {"pointer": ""}),
    (b"\xff\xfe", {"position": 0}),
    (b"[" * 100_000, {}),
])
def test_a_body_that_is_not_a_json_object_is_400(client: httpx.Client, content: bytes, where: dict):
    body = _problem(client.put("/sapi/cliplist", content=content, headers={"content-type": "application/json"}),
                    400, "request_body")
    assert {k: body[k] for k in where} == where


def test_filters_go_through_the_library_limits(client: httpx.Client):
    many = {**SMART, "filters": [{"filters": [{"field": "cat", "operator": "is", "value": "news"}]}] * 1_001}
    body = _problem(client.put("/sapi/cliplist", json=many), 400, "limit_exceeded")
    assert body["limit"] == "clauses"


# -- the listing -------------------------------------------------------------------------


def test_listing_pages_through_cliplists_newest_id_first(client: httpx.Client):
    marker = "Listing-marker-7f3a"
    made = [client.put("/sapi/cliplist", json={**SMART, "title": f"{marker} {n}"}).json()["id"] for n in range(3)]
    page = client.get("/sapi/cliplist", params={"q": f'title:"{marker}"', "limit": 2})
    assert page.status_code == 200, page.text
    body = page.json()
    assert set(body) == {"numfound", "items"} and body["numfound"] == 3
    assert _ids(body["items"]) == sorted(made, reverse=True)[:2]
    rest = client.get("/sapi/playlist", params={"q": f'title:"{marker}"', "limit": 2, "offset": 2}).json()
    assert rest["numfound"] == 3 and _ids(rest["items"]) == sorted(made, reverse=True)[2:]
    ascending = client.get("/sapi/cliplist", params={"q": f'title:"{marker}"', "sort": "id asc"}).json()
    assert _ids(ascending["items"]) == sorted(made)


def test_the_listing_defaults_to_15(client: httpx.Client):
    for _ in range(16):
        client.put("/sapi/cliplist", json=SMART)
    body = client.get("/sapi/cliplist").json()
    assert len(body["items"]) == 15 and body["numfound"] >= 16


@pytest.mark.parametrize(("params", "parameter", "code"), [
    ({"q": "title:(goal OR"}, "q", "query_syntax"),
    ({"q": "a " * 1_001}, "q", "limit_exceeded"),
    ({"limit": "-1"}, "limit", "invalid_parameter"),
    ({"limit": "ten"}, "limit", "invalid_parameter"),
    ({"offset": "1" * 19}, "offset", "invalid_parameter"),
    ({"sort": "id downwards"}, "sort", "invalid"),
])
def test_bad_listing_parameters_are_400_naming_the_parameter(client: httpx.Client, params: dict, parameter: str, code: str):
    body = _problem(client.get("/sapi/cliplist", params=params), 400, code)
    assert body["parameter"] == parameter


@pytest.mark.parametrize(("method", "path", "query", "parameter"), [
    ("GET", "/sapi/cliplist", "limt=5", "limt"),
    ("GET", "/sapi/playlist", "limit=1&limit=2", "limit"),
    ("GET", "/sapi/cliplist/1000001", "items=0", "items"),
    ("DELETE", "/sapi/cliplist/1000001", "force=1", "force"),
    ("PUT", "/sapi/cliplist", "id=7", "id"),
    ("GET", "/clip/draft_info", "draftid=d1", "draftid"),
    ("GET", "/openapi.json", "v=2", "v"),
])
def test_no_query_parameter_is_ignored(client: httpx.Client, method: str, path: str, query: str, parameter: str):
    body = _problem(client.request(method, f"{path}?{query}", json=SMART if method == "PUT" else None),
                    400, "invalid_parameter")
    assert body["parameter"] == parameter


# -- the clip service ---------------------------------------------------------------------


def test_draft_info_lists_a_drafts_latest_clips_as_a_collection(client: httpx.Client):
    draft = DRAFT_CLIPS[0]["draft_id"]
    response = client.get("/clip/draft_info", params={"draft_id": draft})
    assert response.status_code == 200
    body = response.json()
    expected = fe.preview({"listtype": "dynamic", "filters": []}, RECORDS, draft_id=draft).to_collection()
    assert body == expected and body["total_items"] >= 1


def test_draft_info_without_a_draft_lists_at_most_1000_clips(client: httpx.Client):
    body = client.get("/clip/draft_info").json()
    assert body["@id"] == "/clip/draft_info" and body["@type"] == "Collection"
    assert body["total_items"] == len(body["items"]) == 1000


# -- HTTP itself ----------------------------------------------------------------------------


def test_unknown_routes_are_404_problems(client: httpx.Client):
    body = _problem(client.get("/sapi/nothing"), 404, "no_route")
    assert "/openapi.json" in body["detail"]
    _problem(client.put("/sapi/cliplist/", json=SMART), 404, "no_route")  # no redirect for a trailing slash


def test_wrong_methods_are_405_problems_with_allow(client: httpx.Client):
    response = client.post("/sapi/cliplist", json=SMART)
    body = _problem(response, 405, "method_not_allowed")
    assert set(body["allowed"]) >= {"GET", "PUT"} and "PUT" in response.headers["allow"]
    _problem(client.put("/sapi/playlist/some-id", json=SMART), 405, "method_not_allowed")
    _problem(client.delete("/clip/draft_info"), 405, "method_not_allowed")


def test_the_openapi_document_is_served(client: httpx.Client):
    doc = client.get("/openapi.json").json()
    assert doc["openapi"] == "3.1.0" and "/sapi/playlist/{cliplist_id}" in doc["paths"]
    assert "security" not in doc


# -- access and sizes (before any database work: SQLite only) ---------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory):
    url = f"sqlite:///{tmp_path_factory.mktemp('guarded') / 'fe.db'}"
    app = create_app(url, migrate=True, catalog=CLIPS[:50], token="s3cret-token", max_body_bytes=4096, max_url_bytes=512,
                     cors_origins=["http://localhost:3000"])
    with serving(app) as base_url:
        yield base_url


def test_with_a_token_every_request_needs_it(guarded: str):
    with httpx.Client(base_url=guarded) as anonymous:
        for method, path in (("GET", "/sapi/cliplist"), ("GET", "/openapi.json"), ("PUT", "/sapi/cliplist"),
                             ("GET", "/nowhere"), ("GET", "/clip/draft_info")):
            response = anonymous.request(method, path)
            _problem(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == 'Bearer realm="filterengine"'
        for header in ("Bearer wrong-token", "Bearer s3cret-toke", "Basic s3cret-token", "s3cret-token", "Bearer"):
            response = anonymous.get("/sapi/cliplist", headers={"authorization": header})
            _problem(response, 401, "unauthorized")
            assert 'error="invalid_token"' in response.headers["www-authenticate"]
    with httpx.Client(base_url=guarded, headers={"authorization": "Bearer s3cret-token"}) as client:
        assert client.get("/sapi/cliplist").status_code == 200
        created = client.put("/sapi/cliplist", json=SMART)
        assert created.status_code == 200
        doc = client.get("/openapi.json").json()
        assert doc["security"] == [{"bearer": []}] and "401" in doc["paths"]["/sapi/cliplist"]["get"]["responses"]


def test_browsers_of_the_allowed_origin_may_call(guarded: str):
    preflight = {"origin": "http://localhost:3000", "access-control-request-method": "PUT",
                 "access-control-request-headers": "authorization, content-type"}
    with httpx.Client(base_url=guarded) as anonymous:  # a preflight carries no token
        allowed = anonymous.options("/sapi/cliplist", headers=preflight)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert "PUT" in allowed.headers["access-control-allow-methods"]
        refused = anonymous.options("/sapi/cliplist", headers={**preflight, "origin": "http://evil.example"})
        assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    with httpx.Client(base_url=guarded, headers={"authorization": "Bearer s3cret-token"}) as client:
        got = client.get("/sapi/cliplist", headers={"origin": "http://localhost:3000"})
        assert got.status_code == 200 and got.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert "access-control-allow-origin" not in client.get("/sapi/cliplist").headers


def test_without_cors_origins_there_are_no_cors_headers(client: httpx.Client):
    got = client.get("/sapi/cliplist", headers={"origin": "http://localhost:3000"})
    assert got.status_code == 200 and "access-control-allow-origin" not in got.headers


def test_bodies_over_the_limit_are_413(guarded: str):
    with httpx.Client(base_url=guarded, headers={"authorization": "Bearer s3cret-token"}) as client:
        big = {**SMART, "description": "x" * 5000}
        body = _problem(client.put("/sapi/cliplist", json=big), 413, "body_too_large")
        assert body["maximum"] == 4096

        def chunks():  # no Content-Length: the limit holds while reading
            for _ in range(10):
                yield b" " * 1000

        _problem(client.put("/sapi/cliplist", content=chunks()), 413, "body_too_large")
        assert client.put("/sapi/cliplist", json={**SMART, "description": "x" * 3000}).status_code == 200


def test_request_targets_over_the_limit_are_414(guarded: str):
    with httpx.Client(base_url=guarded, headers={"authorization": "Bearer s3cret-token"}) as client:
        body = _problem(client.get("/sapi/cliplist", params={"q": "a" * 600}), 414, "uri_too_long")
        assert body["maximum"] == 512 and body["actual"] > 512
        _problem(client.get("/sapi/cliplist/" + "x" * 600), 414, "uri_too_long")
        assert client.get("/sapi/cliplist", params={"q": "a" * 100}).status_code == 200


# -- the docs ------------------------------------------------------------------------------------


DOC = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")


def test_every_http_problem_code_is_documented():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "filterengine" / "serve").glob("*.py"))
    codes = set(re.findall(r'problem\(\s*\d{3}, "(\w+)"', source))
    assert {"request_body", "unauthorized", "no_route", "uri_too_long", "body_too_large"} <= codes
    for code in codes:
        assert f"| `{code}` |" in DOC, code


def test_the_documented_problem_is_what_the_service_answers(client: httpx.Client):
    documented = json.loads(re.search(r"```json\n(.*?)```", DOC.split("## Errors", 1)[1], re.S).group(1))
    bad = {"filters": [{"filters": [{"field": "cat", "operator": "containsAny", "value": "news"}]}]}
    assert client.put("/sapi/cliplist", json=bad).json() == documented
