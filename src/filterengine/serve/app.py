"""The HTTP service: the search API's ``/sapi/cliplist`` and the clip service's ``/clip/draft_info``.

:func:`create_app` gives an ASGI application (Starlette) over a :class:`~.store.Store`; uvicorn
serves it (``filterengine serve``). Every answer is JSON; every error is RFC 9457 problem details
(``application/problem+json``, see :mod:`.problems`). Store calls block (SQLite, psycopg), so they
run in Starlette's thread pool and never hold up the event loop. See docs/serve.md.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..compiler import parse_query
from ..errors import FilterEngineError, LimitExceededError, QuerySyntaxError
from ..limits import DEFAULT_LIMITS, Limits
from ..playlist.envelopes import COLLECTION_ID, sapi
from ..schema import Schema
from .auth import BearerAuth
from .openapi import openapi_document
from .problems import MEDIA_TYPE, dumps, from_error, problem, status_of
from .store import Store

__all__ = ["create_app", "MAX_BODY_BYTES", "MAX_URL_BYTES", "PREFIXES"]

#: The largest request body accepted (a cliplist document), in bytes: 1 MiB.
MAX_BODY_BYTES = 1 << 20
#: The longest request target (path and query string) accepted, in bytes.
MAX_URL_BYTES = 8192
#: The two names of the cliplist resource: the platform serves it under both.
PREFIXES = ("/sapi/cliplist", "/sapi/playlist")
#: The widest count ``limit`` and ``offset`` may give: 18 digits, within a 64-bit integer.
_MAX_DIGITS = 18

_log = logging.getLogger("filterengine.serve")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Problem(Exception):
    """An error answer decided in a handler: its problem-details body and extra headers."""

    def __init__(self, body: dict[str, Any], headers: Mapping[str, str] | None = None):
        super().__init__(body.get("detail"))
        self.body = body
        self.headers = dict(headers or {})


def _json(content: Any, status: int = 200) -> Response:
    return Response(dumps(content), status_code=status, media_type="application/json")


def _problem_response(body: dict[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    return Response(dumps(body), status_code=status_of(body), media_type=MEDIA_TYPE, headers=dict(headers or {}))


# -- reading requests -------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def _json_body(request: Request, max_bytes: int) -> Any:
    """The request body as JSON, read at most ``max_bytes`` far: 413 past that, 400 when it is not JSON."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise _Problem(_too_large(max_bytes))
        chunks.append(chunk)
    raw = b"".join(chunks)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Problem(problem(400, "request_body", "Invalid request body",
                               f"the body is not UTF-8: byte {err.start} cannot be decoded", position=err.start)) from None
    if not text.strip():
        raise _Problem(problem(400, "request_body", "Invalid request body", "the body is empty: expected a JSON object",
                               pointer=""))
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise _Problem(problem(400, "request_body", "Invalid request body", f"the body is not JSON: {err.msg}",
                               position=err.pos, line=err.lineno, column=err.colno)) from None
    except (ValueError, RecursionError) as err:  # NaN, a number of over 4,300 digits, nesting deeper than Python parses
        reason = str(err) if isinstance(err, ValueError) else "nested too deeply"
        raise _Problem(problem(400, "request_body", "Invalid request body", f"the body is not acceptable JSON: {reason}",
                               pointer="")) from None


def _too_large(max_bytes: int) -> dict[str, Any]:
    return problem(413, "body_too_large", "Request body too large",
                   f"the request body is over the limit of {max_bytes:,} bytes", maximum=max_bytes)


def _count(request: Request, name: str) -> int | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > _MAX_DIGITS:
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise _Problem(problem(400, "invalid_parameter", "Invalid query parameter",
                               f"{name} must be a non-negative integer of at most {_MAX_DIGITS} digits, not {shown!r}",
                               parameter=name))
    return int(text)


def _parameters(request: Request, *reads: str) -> None:
    """No query parameter is ignored: each must be one this endpoint reads, given once (400 otherwise)."""
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        shown = name if len(name) <= 40 else name[:40] + "..."
        if name not in reads:
            known = ", ".join(reads) if reads else "none"
            raise _Problem(problem(400, "invalid_parameter", "Invalid query parameter",
                                   f"unknown query parameter {shown!r}: this endpoint reads {known}", parameter=name))
        if name in seen:
            raise _Problem(problem(400, "invalid_parameter", "Invalid query parameter",
                                   f"query parameter {shown!r} is given more than once", parameter=name))
        seen.add(name)


# -- the endpoints ----------------------------------------------------------------


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def put_cliplist(request: Request) -> Response:
    _parameters(request)
    document = await _json_body(request, request.app.state.max_body_bytes)
    if not isinstance(document, dict):
        kind = ("an array" if isinstance(document, list) else "a string" if isinstance(document, str)
                else "a boolean" if isinstance(document, bool) else "null" if document is None else "a number")
        raise _Problem(problem(400, "request_body", "Invalid request body",
                               f"a cliplist must be a JSON object, not {kind}", pointer=""))
    stored = await run_in_threadpool(_store(request).put_cliplist, document)
    return _json(stored)


async def list_cliplists(request: Request) -> Response:
    _parameters(request, "q", "sort", "limit", "offset")
    params = request.query_params
    q, sort = params.get("q"), params.get("sort")
    limit, offset = _count(request, "limit"), _count(request, "offset")
    if q is not None:
        try:
            parse_query(q, limits=request.app.state.limits)
        except FilterEngineError as err:
            raise _Problem(from_error(err, parameter="q")) from None
    try:
        items, total = await run_in_threadpool(_store(request).list_cliplists, q=q, sort=sort, limit=limit, offset=offset)
    except (QuerySyntaxError, LimitExceededError) as err:
        raise _Problem(from_error(err, parameter="sort" if sort is not None else "q")) from None
    except FilterEngineError as err:
        if err.code == "invalid" and sort is not None:  # q parsed above: a plain error here is the sort's
            raise _Problem(from_error(err, parameter="sort")) from None
        raise
    return _json(sapi(items, total))


async def get_cliplist(request: Request) -> Response:
    _parameters(request)
    return _json(await run_in_threadpool(_store(request).get_cliplist, request.path_params["cliplist_id"]))


async def delete_cliplist(request: Request) -> Response:
    _parameters(request)
    await run_in_threadpool(_store(request).delete_cliplist, request.path_params["cliplist_id"])
    return Response(status_code=204)


async def draft_info(request: Request) -> Response:
    _parameters(request, "draft_id")
    return _json(await run_in_threadpool(_store(request).draft_info, request.query_params.get("draft_id")))


async def openapi_json(request: Request) -> Response:
    _parameters(request)
    return _json(request.app.state.openapi)


# -- errors -----------------------------------------------------------------------


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, _Problem)
    return _problem_response(exc.body, exc.headers)


async def _on_library_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FilterEngineError)
    return _problem_response(from_error(exc))


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    target = f"{request.method} {request.url.path}"
    if exc.status_code == 404:
        body = problem(404, "no_route", "No such route", f"no route {target}; see /openapi.json")
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        body = problem(405, "method_not_allowed", "Method not allowed", f"{target}: allowed methods are {allowed}",
                       allowed=[m.strip() for m in allowed.split(",") if m.strip()])
    else:
        body = problem(exc.status_code, "http", "HTTP error", str(exc.detail))
    return _problem_response(body, exc.headers)


async def _on_crash(request: Request, exc: Exception) -> Response:
    _log.exception("%s %s failed", request.method, request.url.path)
    return _problem_response(problem(500, "internal", "Internal server error",
                                     "the service failed to answer; the server log has the details"))


# -- the guard: sizes and the token, before anything is read ----------------------------------


class _Guard:
    """ASGI middleware: the request target's size (414), the token (401), the declared body size (413)."""

    def __init__(self, app: ASGIApp, auth: BearerAuth | None, max_url_bytes: int, max_body_bytes: int):
        self.app = app
        self.auth = auth
        self.max_url_bytes = max_url_bytes
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        refused = self._refusal(scope, headers)
        if refused is not None:
            body, extra = refused
            await _problem_response(body, extra)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[dict[str, Any], dict[str, str]] | None:
        if self.auth is not None:
            given = headers.get(b"authorization")
            refused = self.auth.refusal(given)
            if refused is not None:
                return refused, {"WWW-Authenticate": self.auth.challenge(given)}
        target = len(scope.get("raw_path") or scope["path"].encode("utf-8")) + len(scope.get("query_string") or b"")
        if target > self.max_url_bytes:
            return problem(414, "uri_too_long", "Request target too long",
                           f"the path and query string are {target:,} bytes, over the limit of {self.max_url_bytes:,}",
                           maximum=self.max_url_bytes, actual=target), {}
        declared = headers.get(b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_body_bytes:
            return _too_large(self.max_body_bytes), {}
        return None


# -- the application ----------------------------------------------------------------


async def _cliplists(request: Request) -> Response:
    return await (put_cliplist if request.method == "PUT" else list_cliplists)(request)


async def _cliplist(request: Request) -> Response:
    return await (delete_cliplist if request.method == "DELETE" else get_cliplist)(request)


def _routes() -> list[Route]:
    # One route per path, all its methods: a wrong method is then answered 405 with every allowed one.
    routes = []
    for prefix in PREFIXES:
        routes += [Route(prefix, _cliplists, methods=["GET", "PUT"]),
                   Route(prefix + "/{cliplist_id}", _cliplist, methods=["GET", "DELETE"])]
    routes += [Route(COLLECTION_ID, draft_info, methods=["GET"]), Route("/openapi.json", openapi_json, methods=["GET"])]
    return routes


def create_app(
    database_url: str,
    *,
    token: str | None = None,
    catalog: Iterable[Any] | None = None,
    schema: Schema | Mapping[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_url_bytes: int = MAX_URL_BYTES,
    migrate: bool = False,
    cors_origins: Sequence[str] = (),
) -> Any:
    """The service as an ASGI application over the database at ``database_url``.

    ``database_url`` is ``sqlite:///path/to.db`` (or a file path) or ``postgresql://...``.
    The database is opened when the server starts the application (its lifespan) and closed
    when it stops; ``migrate=True`` creates or upgrades the tables then (idempotent),
    and ``catalog`` (clip records) replaces the clips it held. ``token`` makes every request need
    ``Authorization: Bearer TOKEN``. ``limits`` bound filters and ``q``; request bodies
    over ``max_body_bytes`` are answered 413, request targets (path and query string) over
    ``max_url_bytes`` 414. ``cors_origins`` lets web pages of those origins (``"http://localhost:3000"``,
    or ``"*"``) call the service from a browser: CORS headers, and preflight requests answered
    before the token is checked (browsers send none with them).

    >>> app = create_app("sqlite:///clips.db", token="s3cret")
    >>> sorted(app.state.openapi["paths"])[:2]
    ['/clip/draft_info', '/openapi.json']
    """
    if max_body_bytes < 1 or max_url_bytes < 1:
        raise ValueError("max_body_bytes and max_url_bytes must be at least 1")
    auth = BearerAuth(token) if token is not None else None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await run_in_threadpool(_open, database_url, schema, limits, migrate, catalog)
        app.state.store = store
        try:
            yield
        finally:
            await run_in_threadpool(store.close)

    app = Starlette(
        routes=_routes(),
        lifespan=lifespan,
        middleware=_cors(cors_origins) + [
            Middleware(_Guard, auth=auth, max_url_bytes=max_url_bytes, max_body_bytes=max_body_bytes)],
        exception_handlers={
            _Problem: _on_problem,
            FilterEngineError: _on_library_error,
            HTTPException: _on_http,
            Exception: _on_crash,
        },
    )
    app.router.redirect_slashes = False  # "/sapi/cliplist/" is no route (404), not a redirect the document would not show
    app.state.limits = limits
    app.state.max_body_bytes = max_body_bytes
    app.state.openapi = openapi_document(secured=auth is not None, max_body_bytes=max_body_bytes, max_url_bytes=max_url_bytes)
    return app


def _cors(origins: Sequence[str]) -> list[Middleware]:
    if not origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(origins), allow_methods=["GET", "PUT", "DELETE"],
                       allow_headers=["Authorization", "Content-Type"], max_age=600)]


def _open(database_url: str, schema: Any, limits: Limits, migrate: bool, catalog: Iterable[Any] | None) -> Store:
    store = Store.open(database_url, schema=schema, limits=limits)
    try:
        if migrate:
            store.migrate()
        if catalog is not None:
            store.load_clips(catalog, replace=True)
    except BaseException:
        store.close()
        raise
    return store
