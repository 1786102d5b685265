"""What editors do to an article, independent of HTTP: edit a paragraph, approve, reject,
re-run the names step. Every change is a Revision; every change re-renders the static
page and tells the web workers their cached pages are stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.pipeline import LocalRunner, PipelineContext
from newsmt.pipeline import stages as pipeline_stages
from newsmt.pipeline.runner import render_dependents
from newsmt.pipeline.state import (
    ALTERNATE,
    APPROVED,
    DUPLICATE,
    FAILED,
    HELD,
    PENDING,
    PUBLISHED,
    REJECTED,
    UNREVIEWED,
    WITHDRAWN,
)
from newsmt.publish.changes import site_changed, with_dependents
from newsmt.sanitize import clean_text
from newsmt.store import Article, ArticleEvent, Database, Revision
from newsmt.store.audit import audit
from newsmt.store.search import index_article
from newsmt.store.spelling import WORD
from newsmt.translate import TranslationMemory
from newsmt.translate.risk import score


@dataclass
class Paragraph:
    key: str  # title | lead | block-3 | background-0 | related
    label: str
    source: str
    german: str
    where: str  # how the names step refers to it


def paragraphs(article: Article) -> list[Paragraph]:
    out = [Paragraph("title", "Titel", article.title or "", article.title_de or "", "title")]
    if article.lead or article.lead_de:
        out.append(Paragraph("lead", "Lead", article.lead or "", article.lead_de or "", "lead"))
    blocks = article.blocks or []
    for i, block in enumerate(article.blocks_de or []):
        source = blocks[i]["text"] if i < len(blocks) else ""
        out.append(Paragraph(f"block-{i}", f"Absatz {i + 1}", source, block["text"], f"block {i}"))
    background = article.background or []
    for i, text in enumerate(article.background_de or []):
        source = background[i] if i < len(background) else ""
        out.append(Paragraph(f"background-{i}", "Hintergrund", source, text, "background"))
    if article.related_title or article.related_title_de:
        out.append(
            Paragraph(
                "related",
                "Verwandter Artikel",
                article.related_title or "",
                article.related_title_de or "",
                "related",
            )
        )
    return out


def set_paragraph(article: Article, key: str, text: str) -> None:
    text = clean_text(text)  # an editor's paste can carry control characters too
    if key == "title":
        article.title_de = text
    elif key == "lead":
        article.lead_de = text
    elif key == "related":
        article.related_title_de = text
    elif key.startswith("block-"):
        i = int(key.split("-", 1)[1])
        blocks = [dict(b) for b in article.blocks_de or []]
        links = [k for k in blocks[i].get("links", []) if k["text"] in text]  # keep what still fits
        blocks[i] = {**blocks[i], "text": text, "links": links}
        article.blocks_de = blocks
    elif key.startswith("background-"):
        i = int(key.split("-", 1)[1])
        background = list(article.background_de or [])
        background[i] = text
        article.background_de = background
    else:
        raise KeyError(key)


class Editing:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.ctx = PipelineContext(settings=settings, db=db)

    def republish(self, session: Session, article: Article) -> None:
        """Render again (disclaimer, edits) and, if it is on the site, publish again; the
        articles whose teaser names it follow (its title may have changed). Publishing
        indexes it and announces it and its dependents; otherwise that is done here."""
        if article.status == PUBLISHED:
            pipeline_stages.render(self.ctx, session, article)
            pipeline_stages.publish(self.ctx, session, article)
            render_dependents(self.ctx, session, article, f"related article {article.id} edited")
            return
        index_article(session, article)
        site_changed(session, self.settings, with_dependents(session, article))

    def rebuild_static_index(self) -> None:
        """In full: a withdrawal shifts every later archive position."""
        LocalRunner(self.ctx).rebuild_index(full=True)

    def edit(self, session: Session, article: Article, key: str, text: str, user: str) -> None:
        current = {p.key: p for p in paragraphs(article)}
        if key not in current:
            raise KeyError(key)
        text = " ".join(clean_text(text).split())
        old = current[key].german
        if text == old:
            return
        set_paragraph(article, key, text)
        if current[key].source:
            TranslationMemory(self.ctx.db).store_correction(
                current[key].source, text, src_lang=article.lang or "ru", editor=user
            )
        session.add(
            Revision(article_id=article.id, user=user, action="edit", field=key, old=old, new=text)
        )
        audit(session, user, "edit", f"article {article.id}", key)
        self.republish(session, article)

    def approve(self, session: Session, article: Article, user: str) -> None:
        """Approving a rejected article first puts it back where it was (it must not stay
        withdrawn and 404 while the queue calls it approved); approving one held for
        approval publishes it."""
        if article.review_status == REJECTED:
            self.restore(session, article, user)
        article.review_status = APPROVED
        article.reviewed_by = user
        article.reviewed_at = datetime.now(UTC)
        article.editing_by = article.editing_until = None  # the claim ends with the decision
        session.add(Revision(article_id=article.id, user=user, action="approve"))
        audit(session, user, "approve", f"article {article.id}")
        if article.status == HELD:
            self.publish_held(session, article)  # renders, publishes, tells the caches
        else:
            self.republish(session, article)

    def publish_held(self, session: Session, article: Article) -> None:
        """The last stage, which the pipeline held back for this approval."""
        pipeline_stages.render(self.ctx, session, article)
        pipeline_stages.publish(self.ctx, session, article)
        article.stage = "published"
        session.add(
            ArticleEvent(article_id=article.id, stage="published", outcome="ok", message="approved")
        )
        render_dependents(self.ctx, session, article, f"related article {article.id} approved")

    def reject(self, session: Session, article: Article, user: str, reason: str = "") -> None:
        article.review_status = REJECTED
        article.reviewed_by = user
        article.reviewed_at = datetime.now(UTC)
        if article.status == PUBLISHED and article.page_path:
            Path(self.settings.site_dir / article.page_path).unlink(missing_ok=True)
        previous = article.status  # recorded, so that a restore puts it back there
        if article.status not in (DUPLICATE, ALTERNATE):  # those stay what they are
            article.status = WITHDRAWN  # also keeps a failed article from being retried
        reason = clean_text(reason)
        article.editing_by = article.editing_until = None
        audit(session, user, "reject", f"article {article.id}", reason)
        session.add(
            Revision(
                article_id=article.id, user=user, action="reject", old=previous, new=reason or None
            )
        )
        if previous == PUBLISHED:  # their teasers must not link a withdrawn page
            render_dependents(self.ctx, session, article, f"related article {article.id} withdrawn")
        index_article(session, article)
        site_changed(session, self.settings, with_dependents(session, article))

    def restore(self, session: Session, article: Article, user: str) -> str:
        """Undo a rejection: the article goes back to the status it had (published again,
        or back in the line) and is unreviewed; the restore is a revision like any other."""
        if article.review_status != REJECTED:
            raise ValueError(f"article {article.id} is not rejected")
        last = session.scalar(
            select(Revision)
            .where(Revision.article_id == article.id, Revision.action == "reject")
            .order_by(Revision.id.desc())
        )
        previous = last.old if last is not None and last.old else None
        if previous in (None, WITHDRAWN):
            previous = PUBLISHED if article.stage == "published" else "pending"
        article.status = previous
        article.review_status = UNREVIEWED
        article.reviewed_by, article.reviewed_at = user, datetime.now(UTC)
        session.add(Revision(article_id=article.id, user=user, action="restore", new=previous))
        audit(session, user, "restore", f"article {article.id}", previous)
        self.republish(session, article)
        return previous

    def restore_revision(
        self, session: Session, article: Article, revision_id: int, user: str
    ) -> str:
        """Put a paragraph back to the text it had before (`old`) or after (`new`) an edit:
        the restore is an edit like any other, so it can itself be undone."""
        revision = session.get(Revision, revision_id)
        if revision is None or revision.article_id != article.id or not revision.field:
            raise KeyError(revision_id)
        self.edit(session, article, revision.field, revision.old or "", user)
        audit(session, user, "restore revision", f"article {article.id}", f"revision {revision_id}")
        return revision.field

    def retry(self, session: Session, article: Article, user: str) -> bool:
        """A failed article back in the line, its attempts counted from 0 again."""
        if article.status != FAILED:
            return False
        article.status, article.attempts = PENDING, 0
        session.add(
            ArticleEvent(
                article_id=article.id,
                stage=article.error_stage or article.stage,
                outcome="retry",
                message=f"put back by {user} after: {article.error or 'failure'}",
            )
        )
        audit(session, user, "retry", f"article {article.id}", article.error)
        return True

    def rerun_names(self, session: Session, article: Article, user: str, styler) -> int:  # type: ignore[no-untyped-def]
        """Apply the (new) house style to the German text and score the article's risk
        again (a name the editors have since taught the gazetteer is no longer unknown);
        returns how many texts changed."""
        changed = 0
        lang = article.lang or "ru"
        known: list[str] = []
        for p in paragraphs(article):
            if not p.source or not p.german:
                continue
            result = styler.apply(p.source, p.german, lang, report_unknown=False)
            known += result.known
            if result.fixed != p.german:
                set_paragraph(article, p.key, result.fixed)
                session.add(
                    Revision(
                        article_id=article.id,
                        user=user,
                        action="names",
                        field=p.key,
                        old=p.german,
                        new=result.fixed,
                    )
                )
                article.name_changes = [
                    *(article.name_changes or []),
                    *({**c.as_dict(), "where": p.where} for c in result.changes),
                ]
                changed += 1
        article.unknown_names = [
            u
            for u in article.unknown_names or []
            if not covered_by(str(u.get("name") or ""), known)
        ]
        article.risk, article.risks = score(
            article.risks or [], article.name_changes or [], article.unknown_names
        )
        if changed:
            article.names_style = styler.style.name
            self.republish(session, article)
        return changed


def covered_by(name: str, known: list[str]) -> bool:
    """Does a recognised mention now cover this once-unknown name? Its last word (the
    surname, or the place) must be one of the mention's: Рустема Умерова is covered by
    Умерова, Иван Петренко not by Иван Франко. Both are the source's own words, so the
    forms agree."""
    words = WORD.findall(name)
    return bool(words) and any(words[-1] in WORD.findall(k) for k in known)
