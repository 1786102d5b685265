"""One article at the desk: the side-by-side view, paragraph edits, approve, reject,
restore, retry, claims, comments, diffs. Every decision redirects with a message the
page shows; approving and rejecting go on to the next article of the queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.editorial import Editing, TransitionRefused, paragraphs, refusal_de
from newsmt.editorial.decisions import EditConflict, StaleView, view_version
from newsmt.render.article import LANGUAGE_NAMES
from newsmt.sanitize import clean_text
from newsmt.store import Article, Comment, Revision, WebSession
from newsmt.store.audit import audit
from newsmt.web.deps import DB, OptionalId, RevisionId
from newsmt.web.desk import message_for, next_in_queue
from newsmt.web.diffs import (
    CURRENT,
    HISTORY_CONTEXT,
    MACHINE,
    PAGE_STEPS,
    DiffBudget,
    compare,
    diff_if_changed,
    texts_at,
    word_diff,
)
from newsmt.web.editor import ArticleId, Checked, LoggedIn, page, settings_of
from newsmt.web.public import article_href

router = APIRouter(include_in_schema=False)


def _mark_first(parts: list[tuple[str, str | None]], target: str, title: str, tag: str,
                css: str = "") -> bool:  # fmt: skip
    """Wrap the first occurrence of `target` in plain text (never inside another mark)."""
    for i, (raw, kind) in enumerate(parts):
        if kind is None and target and target in raw:
            at = raw.index(target)
            parts[i : i + 1] = [
                (raw[:at], None),
                (target, f'<{tag}{css} title="{escape(title)}">'),
                (raw[at + len(target) :], None),
            ]
            return True
    return False


def highlighted(
    text: str, changes: list[dict[str, str]], risky: list[dict[str, object]] | None = None
) -> Markup:
    """The German text with its risky sentences and the names the house-style step changed
    marked, the reason as title. Marks are placed on the plain text, so one never lands
    inside another's title; a name inside a risky sentence is marked within it."""
    parts: list[tuple[str, str | None]] = [(text, None)]
    for risk in risky or []:
        reasons = ", ".join(str(r) for r in risk.get("reasons", []) or [])  # type: ignore[attr-defined]
        title = f"Risiko {float(risk.get('risk', 0)) * 100:.0f}: {reasons}"  # type: ignore[arg-type]
        _mark_first(parts, str(risk.get("sentence", "")), title, "span", ' class="risky"')
    out = []
    for raw, opening in parts:
        inner: list[tuple[str, str | None]] = [(raw, None)]
        for change in {c["to"]: c for c in changes}.values():
            reason = f"{change['from']} → {change['to']}: {change['reason']}"
            _mark_first(inner, change["to"], reason, "mark")
        body = "".join(
            f"{kind}{escape(piece)}</mark>" if kind else str(escape(piece)) for piece, kind in inner
        )
        out.append(f"{opening}{body}</span>" if opening else body)
    return Markup("".join(out))


def load(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(404, "Artikel nicht gefunden.")
    return article


def active_claim(article: Article) -> str | None:
    """Who is working on the article now (a claim that has not timed out)."""
    until = article.editing_until
    return article.editing_by if until and until > datetime.now(UTC) else None


def claimed_by_other(article: Article, user: str) -> str | None:
    """The other editor working on it now, if any."""
    holder = active_claim(article)
    return holder if holder != user else None


def claim(request: Request, article: Article, user: str) -> None:
    minutes = settings_of(request).editor_claim_minutes
    article.editing_by, article.editing_until = user, datetime.now(UTC) + timedelta(minutes=minutes)


def revisions_of(session: Session, article: Article) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision).where(Revision.article_id == article.id).order_by(Revision.id.desc())
        )
    )


def sentence_risks(request: Request, article: Article) -> dict[str, list[dict[str, object]]]:
    """The risky sentences of each paragraph (at or above the configured threshold)."""
    threshold = settings_of(request).risk_threshold
    out: dict[str, list[dict[str, object]]] = {}
    for risk in article.risks or []:
        if float(risk.get("risk", 0)) >= threshold:
            out.setdefault(str(risk.get("where")), []).append(risk)
    return out


@router.get("/edit/artikel/{article_id}", response_class=HTMLResponse)
def review(
    request: Request,
    session: DB,
    web_session: LoggedIn,
    article_id: ArticleId,
    ok: str | None = None,
    von: OptionalId = None,
) -> HTMLResponse:
    article = load(session, article_id)
    changes = article.name_changes or []
    revisions = revisions_of(session, article)
    machine = texts_at(article, revisions, MACHINE)
    risky = sentence_risks(request, article)
    budget = DiffBudget(PAGE_STEPS)  # every diff of the page together: bounded in time
    rows = [
        (
            p,
            highlighted(
                p.german, [c for c in changes if c.get("where") == p.where], risky.get(p.where)
            ),
            diff_if_changed(machine.get(p.key, ""), p.german, budget),
            risky.get(p.where, []),
        )
        for p in paragraphs(article)
    ]
    # the story's other-language editions: linked from the article, never translated
    editions = session.scalars(
        select(Article).where(Article.edition_of_id == article.id).order_by(Article.id)
    ).all()
    edition_of = session.get(Article, article.edition_of_id) if article.edition_of_id else None
    comments = session.scalars(
        select(Comment).where(Comment.article_id == article.id).order_by(Comment.id)
    ).all()
    user = web_session.user.name
    return page(
        request,
        "edit/review.html",
        web_session,
        article=article,
        rows=rows,
        changes=changes,
        revisions=[
            (r, word_diff(r.old or "", r.new or "", budget=budget, context=HISTORY_CONTEXT))
            if r.field
            else (r, None)
            for r in revisions
        ],
        comments=comments,
        labels={p.key: p.label for p in paragraphs(article)},
        editions=editions,
        edition_of=edition_of,
        other_editor=claimed_by_other(article, user),
        mine=active_claim(article) == user,
        message=message_for(ok, von),
        risk_threshold=settings_of(request).risk_threshold,
        language_names=LANGUAGE_NAMES,
        href=article_href,
        seen=view_version(article),
    )


# The article's view version before and after a paragraph save, for desk.js to carry the
# decision forms along (an editor's own save does not make their view out of date).
VIEW_BEFORE_HEADER = "X-Newsmt-View-Before"
VIEW_HEADER = "X-Newsmt-View"


@router.post("/edit/artikel/{article_id}/absatz/{key}", response_class=HTMLResponse)
def edit_paragraph(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    key: str,
    text: Annotated[str, Form(max_length=20_000)],
    basis: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    """Save one paragraph; `basis` is the version of it the editor started from."""
    article = load(session, article_id)
    user = web_session.user.name
    editing = Editing(settings_of(request), request.app.state.db)
    try:
        before, after = editing.edit(session, article, key, text, user, basis=basis)
    except EditConflict as conflict:
        return conflict_page(request, web_session, article, conflict)
    except (KeyError, IndexError, ValueError):
        raise HTTPException(404, "Absatz nicht gefunden.") from None
    claim(request, article, user)  # whoever saves is working on it
    if request.headers.get("hx-request"):
        p = next(p for p in paragraphs(article) if p.key == key)
        revisions = revisions_of(session, article)
        machine = texts_at(article, revisions, MACHINE).get(key, "")
        row = page(
            request,
            "edit/paragraph.html",
            web_session,
            article=article,
            p=p,
            text=Markup(escape(p.german)),
            diff=diff_if_changed(machine, p.german),
            risky=[],
            saved=True,
        )
        row.headers[VIEW_BEFORE_HEADER], row.headers[VIEW_HEADER] = before, after
        return row
    return RedirectResponse(f"/edit/artikel/{article_id}#{key}", status_code=303)


def conflict_page(
    request: Request, web_session: WebSession, article: Article, conflict: EditConflict
) -> Response:
    """409: the editor's own text, the current one and what differs, so they can merge."""
    p = next(p for p in paragraphs(article) if p.key == conflict.key)
    htmx = bool(request.headers.get("hx-request"))
    response = page(
        request,
        "edit/conflict_row.html" if htmx else "edit/conflict.html",
        web_session,
        article=article,
        p=p,
        mine=conflict.mine,
        current=conflict.current,
        diff=word_diff(conflict.current, conflict.mine),
    )
    response.status_code = 409
    return response


def decided(request: Request, session: Session, decide: Callable[[Editing], object]) -> Editing:
    """Run a decision: 409 with a German reason when the state machine refuses it or it
    was taken on a view of the article that is out of date; the static index follows."""
    editing = Editing(settings_of(request), request.app.state.db)
    try:
        decide(editing)
    except StaleView:
        raise HTTPException(409, STALE_VIEW_DE) from None
    except TransitionRefused as refused:
        raise HTTPException(409, refusal_de(refused)) from None
    session.commit()
    editing.rebuild_static_index()
    return editing


STALE_VIEW_DE = (
    "Der Artikel wurde inzwischen geändert (Text oder Status). Bitte laden Sie die Seite neu "
    "und entscheiden Sie dann."
)
Seen = Annotated[str | None, Form(max_length=64)]  # the view a decision was taken on


def after_decision(session: Session, article: Article, ok: str) -> Response:
    """On to the next article of the queue, or back to the queue when none is left."""
    following = next_in_queue(session, after=article)
    if following is None:
        return RedirectResponse(f"/edit/?ok={ok}&von={article.id}", status_code=303)
    return RedirectResponse(f"/edit/artikel/{following}?ok={ok}&von={article.id}", status_code=303)


@router.post("/edit/artikel/{article_id}/freigeben")
def approve(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    gesehen: Seen = None,
) -> Response:
    article = load(session, article_id)
    user = web_session.user.name
    decided(request, session, lambda e: e.approve(session, article, user, seen=gesehen))
    return after_decision(session, article, "freigegeben")


@router.post("/edit/artikel/{article_id}/wiederherstellen")
def restore(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    gesehen: Seen = None,
) -> Response:
    article = load(session, article_id)
    user = web_session.user.name
    decided(request, session, lambda e: e.restore(session, article, user, seen=gesehen))
    return RedirectResponse(f"/edit/artikel/{article_id}?ok=wiederhergestellt", status_code=303)


@router.post("/edit/artikel/{article_id}/ablehnen")
def reject(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    reason: Annotated[str, Form(max_length=2000)] = "",
    confirmed: Annotated[str, Form()] = "",
    gesehen: Seen = None,
) -> Response:
    """A rejection takes the article off the site: it needs a reason and a confirmation."""
    if not clean_text(reason).strip() or confirmed != "ja":
        raise HTTPException(422, "Bitte einen Grund angeben und die Ablehnung bestätigen.")
    article = load(session, article_id)
    user = web_session.user.name
    decided(request, session, lambda e: e.reject(session, article, user, reason, seen=gesehen))
    return after_decision(session, article, "abgelehnt")


@router.post("/edit/artikel/{article_id}/wiederholen")
def retry(request: Request, session: DB, web_session: Checked, article_id: ArticleId) -> Response:
    article = load(session, article_id)
    if not Editing(settings_of(request), request.app.state.db).retry(
        session, article, web_session.user.name
    ):
        raise HTTPException(409, "Nur fehlgeschlagene Artikel können wiederholt werden.")
    return RedirectResponse(f"/edit/artikel/{article_id}?ok=wiederholt", status_code=303)


@router.post("/edit/artikel/{article_id}/version/{revision_id}")
def restore_revision(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    revision_id: RevisionId,
) -> Response:
    article = load(session, article_id)
    try:
        key = Editing(settings_of(request), request.app.state.db).restore_revision(
            session, article, revision_id, web_session.user.name
        )
    except (KeyError, IndexError, ValueError):
        raise HTTPException(404, "Version nicht gefunden.") from None
    return RedirectResponse(f"/edit/artikel/{article_id}?ok=version#{key}", status_code=303)


@router.post("/edit/artikel/{article_id}/uebernehmen")
def take(request: Request, session: DB, web_session: Checked, article_id: ArticleId) -> Response:
    article = load(session, article_id)
    claim(request, article, web_session.user.name)
    audit(session, web_session.user.name, "claim", f"article {article.id}")
    return RedirectResponse(f"/edit/artikel/{article_id}?ok=uebernommen", status_code=303)


@router.post("/edit/artikel/{article_id}/abgeben")
def release(request: Request, session: DB, web_session: Checked, article_id: ArticleId) -> Response:
    article = load(session, article_id)
    if article.editing_by == web_session.user.name:
        article.editing_by = article.editing_until = None
        audit(session, web_session.user.name, "release", f"article {article.id}")
    return RedirectResponse(f"/edit/artikel/{article_id}?ok=abgegeben", status_code=303)


@router.post("/edit/artikel/{article_id}/kommentar")
def comment(
    request: Request,
    session: DB,
    web_session: Checked,
    article_id: ArticleId,
    text: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    article = load(session, article_id)
    text = clean_text(text).strip()
    if not text:
        raise HTTPException(422, "Der Kommentar ist leer.")
    session.add(Comment(article_id=article.id, user=web_session.user.name, text=text))
    audit(session, web_session.user.name, "comment", f"article {article.id}")
    return RedirectResponse(
        f"/edit/artikel/{article_id}?ok=kommentiert#kommentare", status_code=303
    )


@router.get("/edit/artikel/{article_id}/vergleich", response_class=HTMLResponse)
def comparison(
    request: Request,
    session: DB,
    web_session: LoggedIn,
    article_id: ArticleId,
    von: str = MACHINE,
    bis: str = CURRENT,
) -> HTMLResponse:
    """The whole article between two points: the machine's output, any revision, now."""
    article = load(session, article_id)
    revisions = revisions_of(session, article)
    points = {MACHINE, CURRENT, *(str(r.id) for r in revisions)}
    if von not in points or bis not in points:
        raise HTTPException(404, "Version nicht gefunden.")
    return page(
        request,
        "edit/compare.html",
        web_session,
        article=article,
        rows=compare(article, revisions, von, bis),
        revisions=revisions,
        von=von,
        bis=bis,
    )
