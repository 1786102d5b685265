"""The queue and the list of every article at /edit/artikel: filters, search in the
German and the source text, sorting, pages, and the bulk decisions.

The queue is the unreviewed articles an editor can act on, riskiest first (the risk
score of translate/risk.py), then oldest first; "next article" after a decision is the
next one in that same order.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session, joinedload, load_only

from newsmt.editorial import Editing, TransitionRefused
from newsmt.pipeline.table import STAGE_DE
from newsmt.statuses import (
    FAILED,
    HELD,
    PENDING,
    PUBLISHED,
    REVIEW_DE,
    STATUS_DE,
    UNKNOWN_STAGE,
    UNREVIEWED,
    Review,
    Stage,
    Status,
)
from newsmt.store import Article, Comment, Source, User
from newsmt.web.deps import DB, Id, Seite, member, parse_day, parse_number
from newsmt.web.editor import Checked, LoggedIn, page, settings_of
from newsmt.web.public import article_href

router = APIRouter(include_in_schema=False)

QUEUE_STATUSES = (PUBLISHED, FAILED, PENDING, HELD)
PER_PAGE = 50
SORTS = {
    "neu": (Article.discovered_at.desc(), Article.id.desc()),
    "alt": (Article.discovered_at, Article.id),
    "risiko": (Article.risk.desc().nulls_last(), Article.discovered_at, Article.id),
    "titel": (Article.title_de, Article.id),
}
SORT_LABELS = {
    "neu": "neueste zuerst",
    "alt": "älteste zuerst",
    "risiko": "Risiko",
    "titel": "Titel",
}
BULK_ACTIONS = ("freigeben", "ablehnen", "wiederholen")


# what a list row shows: never the big columns (source HTML, the rendered page)
LISTED = (
    Article.id, Article.discovered_at, Article.thumbnail_path, Article.title_de, Article.title,
    Article.url, Article.lang, Article.status, Article.stage, Article.error,
    Article.error_stage, Article.review_status, Article.reviewed_by, Article.editing_by,
    Article.editing_until, Article.risk, Article.source_id,
)  # fmt: skip


def listed(query: Select[Any]) -> Select[Any]:
    return query.options(load_only(*LISTED), joinedload(Article.source).load_only(Source.name))


def queue_query() -> Select[Any]:
    return (
        select(Article)
        .where(Article.review_status == UNREVIEWED, Article.status.in_(QUEUE_STATUSES))
        .order_by(*SORTS["risiko"])
    )


def next_in_queue(session: Session, after: Article) -> int | None:
    """The first article of the queue other than `after` that nobody else is working on."""
    now = datetime.now(UTC)
    query = queue_query().where(
        Article.id != after.id,
        or_(Article.editing_until.is_(None), Article.editing_until < now),
    )
    return session.scalar(query.with_only_columns(Article.id).limit(1))


# what a decision's redirect may ask the page to say (never text from the address)
MESSAGES = {
    "freigegeben": "Artikel {von} freigegeben.",
    "abgelehnt": "Artikel {von} abgelehnt und zurückgezogen.",
    "wiederhergestellt": "Artikel wiederhergestellt.",
    "wiederholt": "Artikel wieder in der Verarbeitung.",
    "version": "Version wiederhergestellt.",
    "kommentiert": "Kommentar gespeichert.",
    "uebernommen": "Sie bearbeiten diesen Artikel.",
    "abgegeben": "Bearbeitung beendet.",
}


def message_for(ok: str | None, von: int | None) -> str | None:
    template = MESSAGES.get(ok or "")
    return template.format(von=von or "") if template else None


def comment_counts(session: Session, ids: list[int]) -> dict[int, tuple[int, str]]:
    """Per article: how many comments, and the last one."""
    if not ids:
        return {}
    out: dict[int, tuple[int, str]] = {}
    rows = session.execute(
        select(Comment.article_id, Comment.user, Comment.text)
        .where(Comment.article_id.in_(ids))
        .order_by(Comment.id)
    )
    for article_id, user, text in rows:
        count = out.get(article_id, (0, ""))[0] + 1
        out[article_id] = (count, f"{user}: {text}")
    return out


@router.get("/edit/", response_class=HTMLResponse)
def queue(request: Request, session: DB, web_session: LoggedIn, seite: Seite = 1) -> HTMLResponse:
    query = listed(queue_query()).limit(PER_PAGE + 1).offset((seite - 1) * PER_PAGE)
    rows = session.scalars(query).all()
    items = list(rows[:PER_PAGE])
    total = session.scalar(queue_query().with_only_columns(func.count()).order_by(None))
    return page(
        request,
        "edit/queue.html",
        web_session,
        items=items,
        total=total or 0,
        seite=seite,
        more=len(rows) > PER_PAGE,
        comments=comment_counts(session, [a.id for a in items]),
        now=datetime.now(UTC),
        message=message_for(
            request.query_params.get("ok"), parse_number(request.query_params.get("von"))
        ),
        risk_threshold=settings_of(request).risk_threshold,
        href=article_href,
    )


@router.get("/edit/artikel", response_class=HTMLResponse)
def article_list(
    request: Request,
    session: DB,
    web_session: LoggedIn,
    q: str = "",
    status: str = "",
    review: str = "",
    source: str = "",
    sprache: str = "",
    von: str = "",
    bis: str = "",
    schritt: str = "",
    bearbeiter: str = "",
    sortierung: str = "neu",
    seite: Seite = 1,
) -> HTMLResponse:
    query = select(Article)
    q = q.strip()
    if q:
        like = f"%{q}%"
        text_columns = (
            Article.title_de, Article.lead_de, Article.text_de, Article.title, Article.lead,
            cast(Article.blocks, String), Article.url,
        )  # fmt: skip
        # rows written before JSON kept Cyrillic as it is hold \\u escapes: match those too
        escaped = json.dumps(q)[1:-1]
        match = or_(*(column.ilike(like) for column in text_columns),
                    cast(Article.blocks, String).contains(escaped, autoescape=True))  # fmt: skip
        number = parse_number(q)  # a search for an id: ASCII digits in the id range
        query = query.where(or_(match, Article.id == number) if number else match)
    if status:  # the columns hold enums: an unknown value is a 422, not a 500
        query = query.where(Article.status == member(Status, status))
    if review:
        query = query.where(Article.review_status == member(Review, review))
    if source:
        query = query.where(Article.source.has(Source.name == source))
    if sprache:
        query = query.where(Article.lang == sprache)
    if schritt:
        query = query.where(Article.error_stage == schritt)
    if bearbeiter:
        query = query.where(
            or_(Article.editing_by == bearbeiter, Article.reviewed_by == bearbeiter)
        )
    first, last = parse_day(von), parse_day(bis)
    if first:
        query = query.where(Article.discovered_at >= datetime.combine(first, time(), UTC))
    if last and last < date.max:  # up to 9999-12-31 is no bound (and no day after it)
        end = datetime.combine(last + timedelta(days=1), time(), UTC)
        query = query.where(Article.discovered_at < end)
    rows = session.scalars(
        listed(query)
        .order_by(*SORTS.get(sortierung, SORTS["neu"]))
        .limit(PER_PAGE + 1)
        .offset((seite - 1) * PER_PAGE)
    ).all()
    items = list(rows[:PER_PAGE])
    filters = {
        "q": q, "status": status, "review": review, "source": source, "sprache": sprache,
        "von": von, "bis": bis, "schritt": schritt, "bearbeiter": bearbeiter,
        "sortierung": sortierung,
    }  # fmt: skip
    kept = {k: v for k, v in filters.items() if v}
    return page(
        request,
        "edit/articles.html",
        web_session,
        items=items,
        filters=filters,
        seite=seite,
        previous_href="?" + urlencode({**kept, "seite": seite - 1}) if seite > 1 else None,
        next_href="?" + urlencode({**kept, "seite": seite + 1}) if len(rows) > PER_PAGE else None,
        sources=session.scalars(select(Source.name).order_by(Source.name)).all(),
        editors=session.scalars(select(User.name).order_by(User.name)).all(),
        comments=comment_counts(session, [a.id for a in items]),
        statuses=STATUS_DE,
        reviews=REVIEW_DE,
        stages={k: v for k, v in STAGE_DE.items() if k not in (Stage.DISCOVERED, UNKNOWN_STAGE)},
        sorts={
            "neu": "neueste zuerst",
            "alt": "älteste zuerst",
            "risiko": "Risiko",
            "titel": "Titel",
        },
        now=datetime.now(UTC),
        message=request.query_params.get("erledigt") and _done(request),
        href=article_href,
    )


def _done(request: Request) -> str:
    done = parse_number(request.query_params.get("erledigt"), low=0) or 0
    skipped = parse_number(request.query_params.get("uebersprungen"), low=0) or 0
    return f"{done} Artikel erledigt" + (f", {skipped} übersprungen." if skipped else ".")


@router.post("/edit/artikel/sammel")
def bulk(
    request: Request,
    session: DB,
    web_session: Checked,
    action: Annotated[str, Form()],
    ids: Annotated[list[Id], Form()] = [],  # noqa: B006 - FastAPI reads the default
    reason: Annotated[str, Form(max_length=2000)] = "",
    confirmed: Annotated[str, Form()] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The same decisions as on one article's page, for every article ticked."""
    if action not in BULK_ACTIONS:
        raise HTTPException(422, "Unbekannte Aktion.")
    if not ids:
        raise HTTPException(422, "Keine Artikel ausgewählt.")
    if action == "ablehnen" and (not reason.strip() or confirmed != "ja"):
        raise HTTPException(422, "Bitte einen Grund angeben und die Ablehnung bestätigen.")
    editing = Editing(settings_of(request), request.app.state.db)
    user = web_session.user.name
    done = skipped = 0
    for article in session.scalars(select(Article).where(Article.id.in_(ids[:500]))):
        try:
            if action == "freigeben":
                editing.approve(session, article, user)
            elif action == "ablehnen":
                editing.reject(session, article, user, reason)
            elif not editing.retry(session, article, user):
                skipped += 1
                continue
        except TransitionRefused:  # e.g. no German text to approve: the others go on
            skipped += 1
            continue
        done += 1
    session.commit()
    if action != "wiederholen":
        editing.rebuild_static_index()
    target = (
        back if back.startswith("/edit/artikel?") or back == "/edit/artikel" else "/edit/artikel"
    )
    glue = "&" if "?" in target else "?"
    return RedirectResponse(
        f"{target}{glue}erledigt={done}&uebersprungen={skipped}", status_code=303
    )
