"""Errors as a browser reader or editor should see them: a page in the site's layout, in
German, with a way on. The JSON API (and any client that asks for JSON, such as htmx's
background requests) keeps FastAPI's JSON answer."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger(__name__)
TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung nötig",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Nicht erlaubt",
    409: "Nicht möglich",
    413: "Zu groß",
    422: "Eingabe unvollständig",
    429: "Zu viele Versuche",
}


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.headers.get("hx-request"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int, message: str) -> Response:
    from newsmt.editorial.accounts import SESSION_COOKIE
    from newsmt.web.public import render  # the routers import this module's neighbours

    response = render(
        request,
        "error.html",
        status_code=status,
        title=TITLES.get(status, "Fehler"),
        message=message,
        logged_in=request.cookies.get(SESSION_COOKIE) is not None,
        login_next=request.url.path if request.url.path.startswith("/edit") else None,
    )
    response.status_code = status
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code < 400 or not wants_html(request):
            return await http_exception_handler(request, exc)
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        if message == "Not Found":
            message = "Diese Seite gibt es nicht (mehr)."
        elif message == "Method Not Allowed":
            message = "Diese Adresse nimmt keine solche Anfrage an."
        response = error_page(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not wants_html(request):
            return await request_validation_exception_handler(request, exc)
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        message = "Bitte prüfen Sie die Angaben" + (f": {', '.join(fields)}." if fields else ".")
        return error_page(request, 422, message)

    @app.exception_handler(DataError)
    async def refused_by_the_database(request: Request, exc: DataError) -> Response:
        """Data the database cannot take (PostgreSQL: a NUL character in a form field, a
        value past a column's range) came with the request: a 422, and a line in the log
        in case it was ours after all, never a 500 with a traceback."""
        log.warning("%s %s: the database refused: %s", request.method, request.url.path, exc.orig)
        refused = StarletteHTTPException(422, "Diese Angaben nimmt die Datenbank nicht an.")
        return await http_error(request, refused)
