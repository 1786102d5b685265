"""One FastAPI app: the public site, the JSON API and the editor area under /edit/.

Public pages are rendered from the database and kept in an in-process cache; a change
announces in `site.changes` which articles it touched (publish/changes.py), and the
cache drops those pages and the list pages, so most requests cost a dictionary lookup.
A page is cached under its path and the query parameters its route declares (read from
the route itself), so no parameter a page reads can be left out of the key, and no
parameter it ignores can make a new entry.
Every response carries a Content-Security-Policy without inline script (htmx is served
from /static).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.routing import BaseRoute, Match

from newsmt import __version__
from newsmt.config import Settings
from newsmt.home import ensure_dirs
from newsmt.pipeline.table import STAGE_DE
from newsmt.publish.announce import changes_since, site_version
from newsmt.sanitize import safe_url
from newsmt.statuses import REVIEW_DE, STATUS_DE
from newsmt.storage import open_storage
from newsmt.store import Database
from newsmt.web.deps import parse_number, refuse_nul

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
UNCACHED_PREFIXES = (
    "/edit", "/login", "/logout", "/static", "/screenshots", "/healthz", "/metrics",
)  # fmt: skip
MAX_CACHED_PATH = 500


def _entry_size(key: str, entry: tuple[int, list[tuple[bytes, bytes]], bytes]) -> int:
    """What one cached page costs: its key, body and headers."""
    return len(key) + len(entry[2]) + sum(len(k) + len(v) for k, v in entry[1])


def _article_key(key: str, changed: set[str]) -> bool:
    """True for an article page that none of the changed articles is (so it stays)."""
    path = key.split("?", 1)[0]
    for prefix in ("/artikel/", "/api/articles/"):
        if path.startswith(prefix):
            article_id = path[len(prefix) :].split("-", 1)[0]
            return parse_number(article_id) is not None and article_id not in changed
    return False


def query_params_read(dependant: Dependant) -> frozenset[str]:
    """The query parameters a route reads: its own and its dependencies', by the name they
    have in the address (an alias such as ``seite``)."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= query_params_read(sub)
    return frozenset(names)


def flat_routes(routes: Sequence[BaseRoute]) -> list[tuple[Any, BaseRoute]]:
    """Every route of the app in the order the router tries them, each with what matches a
    path to it (its `matches`) and the route itself. Newer FastAPI keeps an included router
    as one route of the app's list, and what matches a path is then the route's context
    there (with the router's prefix); older FastAPI copies each route into the list."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - FastAPI before included routers were kept
        return [(route, route) for route in routes]
    return [(context, context.original_route) for context in iter_route_contexts(routes)]


def keyed_routes(routes: Sequence[BaseRoute]) -> list[tuple[Any, frozenset[str]]]:
    """What the cache keys on, per route: the query parameters it reads (none for a route
    that is not a FastAPI one, such as /openapi.json)."""
    return [
        (matcher, query_params_read(getattr(matcher, "dependant", route.dependant)))
        if isinstance(route, APIRoute)
        else (matcher, frozenset())
        for matcher, route in flat_routes(routes)
    ]


def params_for(table: list[tuple[Any, frozenset[str]]], scope: dict[str, Any]) -> frozenset[str]:
    """The query parameters of the route that answers a GET of this path (the first that
    matches it, as the router picks it); none where no route does."""
    get = {**scope, "method": "GET"}
    for matcher, params in table:
        match, _ = matcher.matches(get)
        if match == Match.FULL:
            return params
    return frozenset()


def cache_key(path: str, query_string: bytes, params: frozenset[str]) -> str:
    """The path and, sorted, the values of the query parameters `params` (what the page's
    route reads); every other parameter is left out."""
    kept = sorted(
        (k, v)
        for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
        if k in params
    )
    return path + "?" + urlencode(kept)


class PublicCacheAndHeaders:
    """ASGI middleware: security headers on everything, a cache for public GET pages.

    The cache is bounded in bytes (least recently used pages go first), keeps only 200
    answers (a path that names nothing is a 404 and never stored) and is keyed by the
    path and the query parameters its route declares (`query_params_read`), so a
    parameter the page reads always makes its own entry and random ones cannot grow it.
    """

    def __init__(
        self, app: Any, settings: Settings, state: Any = None, routes: Sequence[BaseRoute] = ()
    ) -> None:
        self.app = app
        self.routes = routes  # the app's own list, read on the first request
        self.table: list[tuple[Any, frozenset[str]]] | None = None
        if state is not None:
            state.page_cache = self  # for /metrics and the tests
        self.settings = settings
        self.max_bytes = settings.page_cache_mb * 1024 * 1024
        self.bytes = 0
        self.cache: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.version = -1
        self.changes_read = 0  # how far into site.changes this worker has read

    def _store(self, key: str, entry: tuple[int, list[tuple[bytes, bytes]], bytes]) -> None:
        size = _entry_size(key, entry)
        if size > self.max_bytes // 8:  # one huge page must not push out everything else
            return
        self._drop(key)
        self.cache[key] = entry
        self.bytes += size
        while self.bytes > self.max_bytes and self.cache:
            self._drop(next(iter(self.cache)))  # the least recently used

    def _invalidate(self) -> None:
        """Drop what the changes since the last look touched: those articles' pages and
        every list page; everything on the first look, after "*" or a restarted file."""
        changes = changes_since(self.settings, self.changes_read)
        lines, restarted = changes.lines, changes.restarted
        self.changes_read = changes.read_to
        ids: set[str] = set()
        if restarted or self.version == -1 or any(line.strip() == "*" for line in lines):
            self.cache.clear()
            self.bytes = 0
            return
        for line in lines:
            ids.update(line.split())
        for key in list(self.cache):
            if not _article_key(key, ids):
                self._drop(key)

    def key_for(self, scope: dict[str, Any]) -> str:
        """The cache key of a request: its path and the parameters its route reads."""
        if self.table is None:  # every router is included by the first request
            self.table = keyed_routes(self.routes)
        params = params_for(self.table, scope)
        return cache_key(scope["path"], scope.get("query_string", b""), params)

    def _drop(self, key: str) -> None:
        gone = self.cache.pop(key, None)
        if gone is not None:
            self.bytes -= _entry_size(key, gone)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        cacheable = (
            scope["method"] in ("GET", "HEAD")
            and not path.startswith(UNCACHED_PREFIXES)
            and len(path) <= MAX_CACHED_PATH
        )
        key = self.key_for(scope) if cacheable else ""
        if cacheable:
            version = site_version(self.settings)
            if version != self.version:
                self._invalidate()
                self.version = version
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
                status, headers, body = hit
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        captured: dict[str, Any] = {"body": []}

        async def send_wrapper(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
                captured["start"] = message
            elif message["type"] == "http.response.body" and cacheable:
                captured["body"].append(message.get("body", b""))
                if not message.get("more_body") and captured["start"]["status"] == 200:
                    headers = [
                        (k, v) for k, v in captured["start"]["headers"] if k != b"set-cookie"
                    ]
                    self._store(key, (200, headers, b"".join(captured["body"])))
            await send(message)

        await self.app(scope, receive, send_wrapper)


def templates() -> Jinja2Templates:
    directory = Path(str(resources.files("newsmt").joinpath("templates/web")))
    loaded = Jinja2Templates(directory=directory)
    # Links to other people's pages pass the same scheme check as published links.
    loaded.env.filters["http_only"] = lambda url: safe_url(url) or ""
    # what editors read: German names, and a dash rather than "None" for what is not known
    loaded.env.filters["status_de"] = lambda v: STATUS_DE.get(v, v or "–")
    loaded.env.filters["review_de"] = lambda v: REVIEW_DE.get(v, v or "–")
    loaded.env.filters["stage_de"] = lambda v: STAGE_DE.get(v, v or "–")
    loaded.env.filters["dash"] = lambda v: "–" if v is None or v == "" else v
    return loaded


def create_app(settings: Settings | None = None) -> FastAPI:
    from newsmt.web import (
        api,
        dashboard,
        desk,
        editor,
        editor_admin,
        errors,
        health,
        names_page,
        public,
        review,
        users,
    )  # fmt: skip

    settings = settings or Settings()
    ensure_dirs(settings)
    db = Database(settings.resolved_database_url)
    db.prepare()
    app = FastAPI(
        title="newsmt",
        version=__version__,
        description="Public JSON API of the newsmt site.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(refuse_nul)],  # before every route reads its parameters
    )
    app.state.settings = settings
    app.state.db = db
    app.state.storage = open_storage(settings.storage_url, settings.home)
    app.state.templates = templates()
    errors.install(app)

    app.include_router(health.router)
    app.include_router(public.router)
    app.include_router(api.router)
    app.include_router(editor.router)
    app.include_router(desk.router)
    app.include_router(review.router)
    app.include_router(names_page.router)
    app.include_router(users.router)
    app.include_router(dashboard.router)
    app.include_router(editor_admin.router)
    static = Path(str(resources.files("newsmt").joinpath("web/static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(
        PublicCacheAndHeaders, settings=settings, state=app.state, routes=app.router.routes
    )
    return app
