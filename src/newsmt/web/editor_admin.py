"""The sources page: what is watched, how it is published, pausing and resuming."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from newsmt.sources.extract import adapter_names
from newsmt.sources.registry import SourceError, add_source
from newsmt.statuses import IMMEDIATELY, PUBLISH_MODE_DE, PUBLISH_MODES
from newsmt.store import Source
from newsmt.store.audit import audit
from newsmt.translate import ENGINES
from newsmt.web.editor import DB, Checked, LoggedIn, page, require_admin

router = APIRouter(include_in_schema=False)


# -- sources -------------------------------------------------------------------------------
@router.get("/edit/quellen", response_class=HTMLResponse)
def sources_page(
    request: Request,
    session: DB,
    web_session: LoggedIn,
    error: str | None = None,
    ok: str | None = None,
) -> HTMLResponse:
    sources = session.scalars(select(Source).order_by(Source.id)).all()
    return page(
        request,
        "edit/sources.html",
        web_session,
        sources=sources,
        engines=ENGINES,
        adapters=adapter_names(),
        modes=PUBLISH_MODE_DE,
        error=error,
        message="Gespeichert." if ok else None,
    )


@router.post("/edit/quellen")
def save_source(
    request: Request,
    web_session: Checked,
    feed_url: Annotated[str, Form(max_length=2000)],
    name: Annotated[str, Form(max_length=200)],
    label: Annotated[str, Form(max_length=200)],
    adapter: Annotated[str, Form(max_length=40)] = "generic",
    lang: Annotated[str, Form(max_length=8)] = "",
    engine: Annotated[str, Form(max_length=40)] = "",
    publish: Annotated[str, Form(max_length=20)] = IMMEDIATELY,
) -> Response:
    require_admin(web_session)
    db = request.app.state.db
    with db.session() as session:  # what the form does not show stays as it was
        known = session.scalar(select(Source).where(Source.name == name))
        kept = (known.edition_priority, known.poll_interval) if known else (None, None)
    try:
        add_source(
            db,
            feed_url=feed_url,
            name=name,
            label=label,
            adapter=adapter,
            lang=lang or None,
            engine=engine or None,
            edition_priority=kept[0],
            poll_interval=kept[1],
            publish=publish,
        )
    except SourceError as exc:
        return RedirectResponse(f"/edit/quellen?error={quote(str(exc))}", status_code=303)
    with db.session() as session:
        audit(session, web_session.user.name, "source saved", name, f"publish {publish}")
    return RedirectResponse("/edit/quellen?ok=1", status_code=303)


@router.post("/edit/quellen/{source_id}/veroeffentlichung")
def set_publish_mode(
    request: Request,
    session: DB,
    web_session: Checked,
    source_id: Annotated[int, PathParam(ge=1, le=2_147_483_647)],
    publish: Annotated[str, Form(max_length=20)],
) -> Response:
    require_admin(web_session)
    source = session.get(Source, source_id)
    if source is None:
        raise HTTPException(404, "Quelle nicht gefunden.")
    if publish not in PUBLISH_MODES:
        raise HTTPException(422, "Unbekannte Veröffentlichungsart.")
    source.publish_mode = None if publish == IMMEDIATELY else publish
    audit(session, web_session.user.name, "publish mode", source.name, publish)
    return RedirectResponse("/edit/quellen?ok=1", status_code=303)


@router.post("/edit/quellen/{source_id}/aktiv")
def toggle_source(
    request: Request,
    session: DB,
    web_session: Checked,
    source_id: Annotated[int, PathParam(ge=1, le=2_147_483_647)],
) -> Response:
    require_admin(web_session)
    source = session.get(Source, source_id)
    if source is None:
        raise HTTPException(404, "Quelle nicht gefunden.")
    source.active = not source.active
    audit(session, web_session.user.name, "source active" if source.active else "source paused",
          source.name)  # fmt: skip
    return RedirectResponse("/edit/quellen?ok=1", status_code=303)
