"""Login, logout and the review queue under /edit/ (behind a session, CSRF on every form)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.render.article import LANGUAGE_NAMES
from newsmt.statuses import UNREVIEWED
from newsmt.store import Article, Revision, WebSession
from newsmt.web import auth
from newsmt.web.deps import DB
from newsmt.web.editing import Editing, paragraphs
from newsmt.web.public import article_href, render

router = APIRouter(include_in_schema=False)
ArticleId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def current_session(request: Request, session: DB) -> WebSession:
    """The editor's session, or: GET → redirect to the login page, anything else → 401."""
    found = auth.load_session(session, request.cookies.get(auth.SESSION_COOKIE))
    if found is None:
        if request.method == "GET":
            target = quote(request.url.path)
            raise HTTPException(
                303, "login required", headers={"Location": f"/login?next={target}"}
            )
        raise HTTPException(401, "login required")
    request.state.web_session = found
    return found


LoggedIn = Annotated[WebSession, Depends(current_session)]


async def checked(request: Request, web_session: LoggedIn) -> WebSession:
    """Logged in and the form (or htmx header) carries this session's CSRF token."""
    form = await request.form()
    given = request.headers.get("x-csrf-token") or str(form.get("csrf_token") or "")
    if not auth.tokens_match(web_session.csrf_token, given):
        raise HTTPException(403, "CSRF token missing or wrong")
    return web_session


Checked = Annotated[WebSession, Depends(checked)]


def require_admin(web_session: LoggedIn) -> WebSession:
    if web_session.user.role != "admin":
        raise HTTPException(403, "admins only")
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
        auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure
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
    if not auth.tokens_match(request.cookies.get(auth.LOGIN_CSRF_COOKIE), csrf_token):
        raise HTTPException(403, "CSRF token missing or wrong")
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
    if any(auth.rate_limited(session, key, limit, window) for key, limit in limits.items()):
        raise HTTPException(429, "Zu viele Anmeldeversuche; bitte später erneut versuchen.")
    user = auth.authenticate(session, name, password)
    if user is None:
        for key in keys:
            auth.record_failure(session, key)
        return RedirectResponse(f"/login?error=1&next={quote(safe_next(next))}", status_code=303)
    token = auth.start_session(session, user, settings.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure or request.url.scheme == "https",
    )
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, session: DB, web_session: Checked) -> Response:
    auth.end_session(session, request.cookies.get(auth.SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


# -- review queue --------------------------------------------------------------------------
@router.get("/edit/", response_class=HTMLResponse)
def queue(request: Request, session: DB, web_session: LoggedIn) -> HTMLResponse:
    unreviewed = session.scalars(
        select(Article)
        .where(
            Article.review_status == UNREVIEWED,
            Article.status.in_(["published", "failed", "pending"]),
        )
        .order_by(Article.discovered_at, Article.id)
        .limit(200)
    ).all()
    return page(request, "edit/queue.html", web_session, items=unreviewed, href=article_href)


def highlighted(text: str, changes: list[dict[str, str]]) -> Markup:
    """The German text with the names the house-style step changed marked, reason as title."""
    out = str(escape(text))
    for change in {c["to"]: c for c in changes}.values():
        target = str(escape(change["to"]))
        if target and target in out:
            title = escape(f"{change['from']} → {change['to']}: {change['reason']}")
            out = out.replace(target, f'<mark title="{title}">{target}</mark>', 1)
    return Markup(out)


def load(session: Session, article_id: ArticleId) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    return article


@router.get("/edit/artikel/{article_id}", response_class=HTMLResponse)
def review(
    request: Request, session: DB, web_session: LoggedIn, article_id: ArticleId
) -> HTMLResponse:
    article = load(session, article_id)
    changes = article.name_changes or []
    rows = [
        (p, highlighted(p.german, [c for c in changes if c.get("where") == p.where]))
        for p in paragraphs(article)
    ]
    revisions = session.scalars(
        select(Revision).where(Revision.article_id == article.id).order_by(Revision.id.desc())
    ).all()
    # the story's other-language editions: linked from the article, never translated
    editions = session.scalars(
        select(Article).where(Article.edition_of_id == article.id).order_by(Article.id)
    ).all()
    edition_of = session.get(Article, article.edition_of_id) if article.edition_of_id else None
    return page(
        request,
        "edit/review.html",
        web_session,
        article=article,
        rows=rows,
        changes=changes,
        revisions=revisions,
        editions=editions,
        edition_of=edition_of,
        language_names=LANGUAGE_NAMES,
        href=article_href,
    )


@router.post("/edit/artikel/{article_id}/absatz/{key}", response_class=HTMLResponse)
def edit_paragraph(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    key: str,
    text: Annotated[str, Form(max_length=20_000)],
) -> Response:
    article = load(session, article_id)
    try:
        Editing(settings_of(request), request.app.state.db).edit(
            session, article, key, text, web_session.user.name
        )
    except (KeyError, IndexError, ValueError):
        raise HTTPException(404, "no such paragraph") from None
    if request.headers.get("hx-request"):
        p = next(p for p in paragraphs(article) if p.key == key)
        return page(
            request,
            "edit/paragraph.html",
            web_session,
            article=article,
            p=p,
            text=Markup(escape(p.german)),
            saved=True,
        )
    return RedirectResponse(f"/edit/artikel/{article_id}#{key}", status_code=303)


@router.post("/edit/artikel/{article_id}/freigeben")
def approve(request: Request, session: DB, web_session: Checked, article_id: ArticleId) -> Response:
    article = load(session, article_id)
    editing = Editing(settings_of(request), request.app.state.db)
    editing.approve(session, article, web_session.user.name)
    session.commit()
    editing.rebuild_static_index()
    return RedirectResponse(f"/edit/artikel/{article_id}", status_code=303)


@router.post("/edit/artikel/{article_id}/wiederherstellen")
def restore(request: Request, session: DB, web_session: Checked, article_id: ArticleId) -> Response:
    article = load(session, article_id)
    editing = Editing(settings_of(request), request.app.state.db)
    try:
        editing.restore(session, article, web_session.user.name)
    except ValueError:
        raise HTTPException(409, "Artikel ist nicht abgelehnt") from None
    session.commit()
    editing.rebuild_static_index()
    return RedirectResponse(f"/edit/artikel/{article_id}", status_code=303)


@router.post("/edit/artikel/{article_id}/ablehnen")
def reject(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    article = load(session, article_id)
    editing = Editing(settings_of(request), request.app.state.db)
    editing.reject(session, article, web_session.user.name, reason)
    session.commit()
    editing.rebuild_static_index()
    return RedirectResponse("/edit/", status_code=303)
