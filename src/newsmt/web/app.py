"""One FastAPI app: the public site, the JSON API and the editor area under /edit/.

Public pages are rendered from the database and kept in an in-process cache that is
dropped whenever `site.version` changes (publishing, approving, editing bump it), so
the index and article pages cost a dictionary lookup on the hot path. Every response
carries a Content-Security-Policy without inline script (htmx is served from /static).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.store import Database

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
UNCACHED_PREFIXES = ("/edit", "/login", "/logout", "/static", "/screenshots", "/healthz")


class PublicCacheAndHeaders:
    """ASGI middleware: security headers on everything, a cache for public GET pages."""

    def __init__(self, app: Any, settings: Settings, size: int = 4096) -> None:
        self.app = app
        self.settings = settings
        self.size = size
        self.cache: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.version = -1

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        cacheable = scope["method"] in ("GET", "HEAD") and not path.startswith(UNCACHED_PREFIXES)
        key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        if cacheable:
            version = self.settings.site_version()
            if version != self.version:
                self.cache.clear()
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
                    self.cache[key] = (200, headers, b"".join(captured["body"]))
                    if len(self.cache) > self.size:
                        self.cache.popitem(last=False)
            await send(message)

        await self.app(scope, receive, send_wrapper)


def templates() -> Jinja2Templates:
    directory = Path(str(resources.files("newsmt").joinpath("templates/web")))
    return Jinja2Templates(directory=directory)


def create_app(settings: Settings | None = None) -> FastAPI:
    from newsmt.web import api, editor, editor_admin, public

    settings = settings or Settings()
    settings.ensure_dirs()
    db = Database(settings.resolved_database_url)
    db.migrate()
    app = FastAPI(
        title="newsmt",
        version="0.1",
        description="Public JSON API of the newsmt site.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.templates = templates()

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(public.router)
    app.include_router(api.router)
    app.include_router(editor.router)
    app.include_router(editor_admin.router)
    static = Path(str(resources.files("newsmt").joinpath("web/static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.mount("/screenshots", StaticFiles(directory=settings.screenshots_dir), name="screenshots")
    app.add_middleware(PublicCacheAndHeaders, settings=settings)
    return app


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session
