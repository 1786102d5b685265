"""Login and logout, and what every page under /edit/ depends on: the session, the CSRF
check, the admin check, the page helper."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from newsmt.config import Settings
from newsmt.editorial import accounts
from newsmt.store import WebSession
from newsmt.store.audit import audit
from newsmt.web.deps import DB
from newsmt.web.deps import ArticleId as ArticleId  # where review.py and others take it
from newsmt.web.public import render

router = APIRouter(include_in_schema=False)


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def current_session(request: Request, session: DB) -> WebSession:
    """The editor's session, or: GET → redirect to the login page, anything else → 401."""
    found = accounts.load_session(session, request.cookies.get(accounts.SESSION_COOKIE))
    if found is None:
        if request.method == "GET":
            target = quote(request.url.path)
            raise HTTPException(
                303, "Bitte melden Sie sich an.", headers={"Location": f"/login?next={target}"}
            )
        raise HTTPException(401, "Bitte melden Sie sich an.")
    request.state.web_session = found
    return found


LoggedIn = Annotated[WebSession, Depends(current_session)]


async def checked(request: Request, web_session: LoggedIn) -> WebSession:
    """Logged in and the form (or htmx header) carries this session's CSRF token."""
    form = await request.form()
    given = request.headers.get("x-csrf-token") or str(form.get("csrf_token") or "")
    if not accounts.tokens_match(web_session.csrf_token, given):
        raise HTTPException(403, "Das Formular ist abgelaufen; bitte die Seite neu laden.")
    return web_session


Checked = Annotated[WebSession, Depends(checked)]


def require_admin(web_session: LoggedIn) -> WebSession:
    if web_session.user.role != "admin":
        raise HTTPException(403, "Nur für Administratoren.")
    return web_session


def page(
    request: Request, template: str, web_session: WebSession, **context: object
) -> HTMLResponse:
    return render(request, template, user=web_session.user, csrf=web_session.csrf_token, **context)


def safe_next(target: str | None) -> str:
    return target if target and target.startswith("/edit") and "//" not in target else "/edit/"


# -- login ---------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None, error: str | None = None) -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", csrf=token, next=safe_next(next), error=error)
    secure = settings_of(request).cookie_secure or request.url.scheme == "https"
    response.set_cookie(
        accounts.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure
    )
    return response


@router.post("/login")
def login(
    request: Request,
    session: DB,
    name: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/edit/",
) -> Response:
    if not accounts.tokens_match(request.cookies.get(accounts.LOGIN_CSRF_COOKIE), csrf_token):
        raise HTTPException(403, "Das Formular ist abgelaufen; bitte die Seite neu laden.")
    settings = settings_of(request)
    client = request.client.host if request.client else "?"
    # Per (name, address): a flood of wrong guesses from one address never locks the
    # editor out elsewhere. Per address, a ten times wider limit against name spraying.
    limits = {
        f"pair:{client}|{name}": settings.login_attempts_per_15min,
        f"ip:{client}": settings.login_attempts_per_15min * 10,
    }
    keys = tuple(limits)
    window = timedelta(minutes=15)
    if any(accounts.rate_limited(session, key, limit, window) for key, limit in limits.items()):
        raise HTTPException(429, "Zu viele Anmeldeversuche; bitte später erneut versuchen.")
    user = accounts.authenticate(session, name, password)
    if user is None:
        for key in keys:
            accounts.record_failure(session, key)
        audit(session, name, "login failed", client)
        return RedirectResponse(f"/login?error=1&next={quote(safe_next(next))}", status_code=303)
    token = accounts.start_session(session, user, settings.session_hours)
    audit(session, user.name, "login", client)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        accounts.SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure or request.url.scheme == "https",
    )
    response.delete_cookie(accounts.LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, session: DB, web_session: Checked) -> Response:
    accounts.end_session(session, request.cookies.get(accounts.SESSION_COOKIE))
    audit(session, web_session.user.name, "logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(accounts.SESSION_COOKIE)
    return response


@router.get("/edit/sitzung")
def session_token(web_session: LoggedIn) -> JSONResponse:
    """The session's CSRF token, for a page whose session expired and was renewed in
    another tab: it saves what was typed with the new token."""
    return JSONResponse({"csrf": web_session.csrf_token, "user": web_session.user.name})


@router.get("/edit/angemeldet", response_class=HTMLResponse)
def logged_in_again(request: Request, web_session: LoggedIn) -> HTMLResponse:
    return page(request, "edit/logged_in.html", web_session)
