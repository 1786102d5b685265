"""What editors decide about an article, independent of HTTP: edit a paragraph, approve,
reject, restore, retry, re-run the names step. Every decision is a transition of the
state machine, recorded as a Revision and in the audit log; what readers then see is the
publication service's to bring about (render, write or remove the page, index, tell the
web workers, re-render the teasers that name the article)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.editorial.paragraphs import paragraphs, set_paragraph, text_version
from newsmt.pipeline import machine
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.publication import Publisher
from newsmt.sanitize import clean_text
from newsmt.statuses import Review, Status
from newsmt.store import Article, Database, Revision
from newsmt.store.audit import audit
from newsmt.store.spelling import WORD
from newsmt.translate import TranslationMemory
from newsmt.translate.risk import score

TransitionRefused = machine.TransitionRefused
REFUSED_DE = {
    machine.Transition.APPROVE: "Dieser Artikel kann nicht freigegeben werden",
    machine.Transition.REJECT: "Dieser Artikel kann nicht abgelehnt werden",
    machine.Transition.RESTORE: "Dieser Artikel kann nicht wiederhergestellt werden",
    machine.Transition.RETRY: "Dieser Artikel kann nicht wiederholt werden",
}
WHY_DE = {
    "it has no German text yet": "er hat noch keinen deutschen Text",
    "it is not rejected": "er ist nicht abgelehnt",
    "it is rejected (restore it first)": "er ist abgelehnt",
}


def refusal_de(refused: machine.TransitionRefused) -> str:
    """What the desk says when the state machine refuses an editor's decision."""
    action = REFUSED_DE.get(refused.transition, "Diese Aktion ist für diesen Artikel nicht möglich")
    why = WHY_DE.get(refused.why)
    return f"{action}: {why}." if why else f"{action} (Status passt nicht)."


class EditConflict(Exception):  # noqa: N818 - an outcome the desk shows, not a bug
    """A paragraph was saved against a version of it that is no longer the current one:
    nothing is overwritten; the desk shows both texts so the editor can merge."""

    def __init__(self, key: str, mine: str, current: str) -> None:
        super().__init__(f"paragraph {key} changed since it was opened")
        self.key, self.mine, self.current = key, mine, current


class StaleView(Exception):  # noqa: N818
    """A decision (approve, reject, restore) taken on a view of the article that is out of
    date: someone changed its text or its state since."""


def view_version(article: Article) -> str:
    """What a decision form carries of the article it was taken on: its state and text."""
    parts = [article.status.value, article.review_status.value]
    parts += [p.german for p in paragraphs(article)]
    return text_version("\x1f".join(parts))


def lock(session: Session, article: Article) -> None:
    """Take the article's row for the rest of this transaction and read it afresh: a write
    first (a row lock on PostgreSQL, the database's write lock on SQLite), so two editors'
    read-change-write of the paragraphs run one after the other and neither loses the
    other's paragraph."""
    session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(updated_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    session.refresh(article)


class Editing:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.ctx = PipelineContext(settings=settings, db=db)

    @property
    def publisher(self) -> Publisher:
        return self.ctx.publisher

    def republish(self, session: Session, article: Article, why: str = "edited") -> None:
        """Render again (disclaimer, edits); the page, search and the teasers that name
        it follow its status."""
        self.publisher.republish(session, article, f"related article {article.id} {why}")

    def rebuild_static_index(self) -> None:
        """In full: a withdrawal shifts every later archive position."""
        self.publisher.rebuild_index(full=True)

    def edit(
        self,
        session: Session,
        article: Article,
        key: str,
        text: str,
        user: str,
        basis: str | None = None,
    ) -> tuple[str, str]:
        """Save one paragraph. `basis` is the `text_version` of the paragraph the editor
        started from; when someone saved it since, EditConflict, and nothing changes.

        Returns the article's `view_version` before and after the save, taken under the
        lock: the desk moves its decision forms from the one to the other, because an
        editor has seen their own edit, and only theirs (a save by someone else in between
        breaks the chain, and a decision on the old view is refused)."""
        lock(session, article)
        before = view_version(article)
        current = {p.key: p for p in paragraphs(article)}
        if key not in current:
            raise KeyError(key)
        text = " ".join(clean_text(text).split())
        old = current[key].german
        if text == old:
            return before, before
        if basis is not None and basis != text_version(old):
            raise EditConflict(key, text, old)
        set_paragraph(article, key, text)
        if current[key].source:
            TranslationMemory(self.ctx.db).store_correction(
                current[key].source,
                text,
                src_lang=article.lang or "ru",
                editor=user,
                session=session,  # this transaction holds the article's lock
            )
        session.add(
            Revision(article_id=article.id, user=user, action="edit", field=key, old=old, new=text)
        )
        audit(session, user, "edit", f"article {article.id}", key)
        self.republish(session, article, "edited")
        return before, view_version(article)

    def check_view(self, session: Session, article: Article, seen: str | None) -> None:
        """Lock the article; refuse a decision taken on a view of it that is out of date."""
        lock(session, article)
        if seen is not None and seen != view_version(article):
            raise StaleView(f"article {article.id} changed since it was shown")

    def approve(
        self, session: Session, article: Article, user: str, seen: str | None = None
    ) -> None:
        """Approving a rejected article first puts it back where it was (it must not stay
        withdrawn and 404 while the queue calls it approved); approving one held for
        approval publishes it. Only German text can be approved."""
        self.check_view(session, article, seen)
        if not machine.has_german_text(article):
            raise machine.TransitionRefused(
                article, machine.Transition.APPROVE, "it has no German text yet"
            )
        if article.review_status == Review.REJECTED:
            self.restore(session, article, user)
        machine.approve(session, article, user)
        session.add(Revision(article_id=article.id, user=user, action="approve"))
        audit(session, user, "approve", f"article {article.id}")
        if article.status == Status.HELD:
            self.publisher.publish(session, article, "approved")
        else:
            self.republish(session, article, "approved")

    def reject(
        self,
        session: Session,
        article: Article,
        user: str,
        reason: str = "",
        seen: str | None = None,
    ) -> None:
        """Off the site (or out of the line) until an editor restores it."""
        self.check_view(session, article, seen)
        reason = clean_text(reason)
        previous = machine.reject(session, article, user, reason)
        audit(session, user, "reject", f"article {article.id}", reason)
        session.add(  # the status it had, so that a restore puts it back there
            Revision(
                article_id=article.id, user=user, action="reject", old=previous, new=reason or None
            )
        )
        self.publisher.show(session, article, f"related article {article.id} withdrawn")

    def restore(
        self, session: Session, article: Article, user: str, seen: str | None = None
    ) -> str:
        """Undo a rejection: the article goes back to the status it had (published again,
        or back in the line) and is unreviewed; the restore is a revision like any other."""
        self.check_view(session, article, seen)
        machine.check(article, machine.Transition.RESTORE)
        last = session.scalar(
            select(Revision)
            .where(Revision.article_id == article.id, Revision.action == "reject")
            .order_by(Revision.id.desc())
        )
        recorded = last.old if last is not None else None
        previous = Status(recorded) if recorded in set(Status) else None
        target = machine.restore(session, article, user, previous)
        session.add(Revision(article_id=article.id, user=user, action="restore", new=target))
        audit(session, user, "restore", f"article {article.id}", target)
        self.republish(session, article, "restored")
        return target

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
        """A failed article back in the line, its attempts counted from 0 again; False
        when it is not one the state machine lets retry."""
        if not machine.allowed(article, machine.Transition.RETRY):
            return False
        error = article.error
        machine.retry(session, article, user)
        audit(session, user, "retry", f"article {article.id}", error)
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
            self.republish(session, article, "restyled")
        return changed


def covered_by(name: str, known: list[str]) -> bool:
    """Does a recognised mention now cover this once-unknown name? Its last word (the
    surname, or the place) must be one of the mention's: Рустема Умерова is covered by
    Умерова, Иван Петренко not by Иван Франко. Both are the source's own words, so the
    forms agree."""
    words = WORD.findall(name)
    return bool(words) and any(words[-1] in WORD.findall(k) for k in known)
