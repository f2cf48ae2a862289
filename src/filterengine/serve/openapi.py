"""The service's OpenAPI 3.1 document, served at ``/openapi.json``.

It says what the endpoints of :mod:`.app` really do: the tests run schemathesis against it
(every response must match it, none may be a 5xx). Cliplists are open objects: the keys the
platform defines are described, and any other key is kept as it was sent.

>>> doc = openapi_document(secured=True)
>>> doc["openapi"], "bearer" in doc["components"]["securitySchemes"]
('3.1.0', True)
"""

from __future__ import annotations

from typing import Any

from ..version import __version__

__all__ = ["openapi_document"]

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_MAX_COUNT = 10**18 - 1  # 18 digits, the most app._count accepts

_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details; `code` is stable (docs/errors.md, docs/serve.md). Filter problems "
                       "carry a JSON `pointer` each; query errors a `position`; errors in the query string the `parameter`.",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "code": {"type": "string"},
            "parameter": {"type": "string"},
            "pointer": {"type": "string"},
            "position": {"type": "integer", "minimum": 0},
            "problems": {"type": "array", "items": {"$ref": "#/components/schemas/FilterProblem"}},
        },
        "additionalProperties": True,
    },
    "FilterProblem": {
        "type": "object",
        "required": ["pointer", "code", "severity", "detail"],
        "properties": {
            "pointer": {"type": "string", "description": "JSON pointer into the request body"},
            "code": {"type": "string"},
            "severity": {"type": "string", "enum": ["error", "warning"]},
            "detail": {"type": "string"},
        },
    },
    "Filter": {
        "type": "object",
        "properties": {"field": {"type": "string"}, "operator": {"type": "string"}, "value": {}},
        "additionalProperties": True,
    },
    "Cliplist": {
        "type": "object",
        "description": "A cliplist (playlist) as the platform stores it. Without `id`, PUT creates one; with an `id`, "
                       "PUT replaces that one. Keys not listed here are kept as sent.",
        "properties": {
            "id": {"type": "string", "description": "given by the service on creation"},
            "title": {"type": "string"},
            "listtype": {"type": "string", "description": "`dynamic` (smart: filters) or `static` (stored items)"},
            "filters": {"description": "filtersets: ANDed; the filters inside one are ORed (docs/semantics.md)"},
            "q": {"type": "string", "description": "a Solr-style query ANDed with the filters (docs/query.md)"},
            "sort": {"type": "string", "description": "'field [asc|desc], ...'"},
            "limit": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": {"type": "object"},
                      "description": "a static list's clips; on GET by id, the clips the list resolves to"},
            "createddate": {"type": "string"},
            "updateddate": {"type": "string"},
        },
        "additionalProperties": True,
    },
    "StoredCliplist": {
        "allOf": [{"$ref": "#/components/schemas/Cliplist"}, {"type": "object", "required": ["id"]}],
    },
    "CliplistPage": {
        "type": "object",
        "description": "The search API's items container: `numfound` counts every match, `items` is the page.",
        "required": ["numfound", "items"],
        "properties": {
            "numfound": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/StoredCliplist"}},
        },
    },
    "Collection": {
        "type": "object",
        "description": "The clip service's envelope: at most 1,000 clips, the latest first; "
                       "`total_items` counts the items in this response.",
        "required": ["@id", "@type", "items", "total_items"],
        "properties": {
            "@id": {"type": "string"},
            "@type": {"const": "Collection"},
            "items": {"type": "array", "maxItems": 1000, "items": {"type": "object"}},
            "total_items": {"type": "integer", "minimum": 0, "maximum": 1000},
        },
    },
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _PROBLEM_REF}}}


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _count(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "integer", "minimum": 0, "maximum": _MAX_COUNT}}


def _text(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": "string"}}


_ID = {"name": "cliplist_id", "in": "path", "required": True, "description": "the cliplist's id",
       "schema": {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}}


def _links(tag: str) -> dict[str, Any]:
    by_id = {"cliplist_id": "$response.body#/id"}
    return {"GetCliplist": {"operationId": f"get_{tag}", "parameters": by_id},
            "DeleteCliplist": {"operationId": f"delete_{tag}", "parameters": by_id}}


def _cliplist_paths(tag: str) -> dict[str, Any]:
    invalid = _problem("invalid filters, q, sort or JSON (every problem with its JSON pointer)")
    return {
        "": {
            "put": {
                "operationId": f"put_{tag}", "tags": [tag],
                "summary": "Create (no id) or update (id given) a cliplist; the answer is the whole stored object",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Cliplist"}}}},
                "responses": {"200": {**_ok("the stored cliplist", "StoredCliplist"), "links": _links(tag)}, "400": invalid,
                              "404": _problem("an update of an id that does not exist"),
                              "413": _problem("the body is over the size limit")},
            },
            "get": {
                "operationId": f"list_{tag}", "tags": [tag], "summary": "List stored cliplists",
                "parameters": [
                    _text("q", "a query over the cliplists' own fields (title, listtype, ...)"),
                    _text("sort", "'field [asc|desc], ...' (default 'id desc')"),
                    _count("limit", "page size (default 15)"),
                    _count("offset", "items to skip (default 0)"),
                ],
                "responses": {"200": _ok("a page of cliplists and the number of matches", "CliplistPage"),
                              "400": _problem("a bad q, sort, limit or offset (`parameter` names it)")},
            },
        },
        "/{cliplist_id}": {
            "parameters": [_ID],
            "get": {
                "operationId": f"get_{tag}", "tags": [tag],
                "summary": "One cliplist with its items resolved: a smart list's filters run by the database",
                "responses": {"200": _ok("the cliplist, `items` resolved", "StoredCliplist"),
                              "404": _problem("no cliplist has this id")},
            },
            "delete": {
                "operationId": f"delete_{tag}", "tags": [tag], "summary": "Delete a cliplist for good",
                "responses": {"204": {"description": "deleted"}, "404": _problem("no cliplist has this id")},
            },
        },
    }


def openapi_document(*, secured: bool = False, max_body_bytes: int = 1 << 20, max_url_bytes: int = 8192) -> dict[str, Any]:
    """The document; ``secured`` adds the bearer scheme and the 401 answer to every operation."""
    paths: dict[str, Any] = {}
    for prefix, tag in (("/sapi/cliplist", "cliplist"), ("/sapi/playlist", "playlist")):
        for suffix, item in _cliplist_paths(tag).items():
            paths[prefix + suffix] = item
    paths["/clip/draft_info"] = {"get": {
        "operationId": "draft_info", "tags": ["clip"],
        "summary": "The latest clips (of one draft), as the clip service's Collection",
        "parameters": [_text("draft_id", "only the clips of this draft")],
        "responses": {"200": _ok("at most 1,000 clips, the latest first", "Collection"),
                      "400": _problem("a draft_id over the limits")},
    }}
    paths["/openapi.json"] = {"get": {
        "operationId": "openapi", "tags": ["meta"], "summary": "This document",
        "responses": {"200": {"description": "the OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}},
    }}
    for item in paths.values():
        for method, operation in item.items():
            if method == "parameters":
                continue
            operation["responses"].setdefault(
                "400", _problem("a query parameter this operation does not read, or one given twice (`parameter` names it)"))
            operation["responses"]["414"] = _problem(f"the path and query string are over {max_url_bytes:,} bytes")
            if secured:
                operation["responses"]["401"] = {
                    **_problem("no bearer token, or a wrong one"),
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer realm=..."}},
                }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "filterengine serve", "version": __version__,
                 "description": "The platform's cliplist (search) API and clip service draft listing, on a local database. "
                                f"Request bodies are limited to {max_body_bytes:,} bytes. See docs/serve.md."},
        "paths": paths,
        "components": {"schemas": _SCHEMAS},
    }
    if secured:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    return document
