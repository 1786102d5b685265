"""The article state machine: every change of an article's status, stage, review state
and error is one of the named transitions below.

An article's state is its status (`Status`) and its review state (`Review`); its stage
says how far the line got. Each transition checks that it is allowed from the current
state (`ALLOWED_FROM` and the guards in `refusal`), sets the fields and writes the event
of the article's history in the same session, so the change and its record commit
together, or raises `TransitionRefused` with the reason. The runner, the editions step,
the distributed runner, the desk and the command line call these and nothing else.

Approval belongs to the text it approved: when the line produces or replaces the German
text afterwards (a retry, a new translation), the approval no longer counts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from newsmt.pipeline.table import BEFORE_TRANSLATION, NEXT_STAGE
from newsmt.statuses import Outcome, Review, Stage, Status
from newsmt.store import Article, ArticleEvent


class Transition(StrEnum):
    ADVANCE = "advance"  # a stage of the line went well
    FAIL = "fail"
    HOLD = "hold"  # rendered, waits for an editor's approval
    MARK_DUPLICATE = "mark_duplicate"
    MARK_ALTERNATE = "mark_alternate"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"  # off the site without an editor's rejection (a takedown)
    REJECT = "reject"
    RESTORE = "restore"
    APPROVE = "approve"
    RETRY = "retry"


class TransitionRefused(ValueError):
    """The transition is not allowed from the article's current state."""

    def __init__(self, article: Article, transition: Transition, why: str) -> None:
        super().__init__(
            f"article {article.id}: cannot {transition.value} "
            f"({article.status.value}, {article.review_status.value}): {why}"
        )
        self.transition = transition
        self.why = why


MOVING = frozenset({Status.PENDING, Status.FAILED})
ALL = frozenset(Status)
# from which statuses each transition may start; `refusal` adds the guards on review
# state, stage and text
ALLOWED_FROM: dict[Transition, frozenset[Status]] = {
    Transition.ADVANCE: MOVING,
    Transition.FAIL: MOVING,
    Transition.HOLD: MOVING,
    Transition.MARK_DUPLICATE: MOVING,
    Transition.MARK_ALTERNATE: MOVING,
    Transition.PUBLISH: MOVING | {Status.HELD},
    Transition.WITHDRAW: frozenset({Status.PUBLISHED, Status.HELD}),
    Transition.REJECT: ALL,
    Transition.RESTORE: ALL,
    Transition.APPROVE: frozenset({Status.PENDING, Status.FAILED, Status.HELD, Status.PUBLISHED}),
    Transition.RETRY: frozenset({Status.FAILED}),
}


def has_german_text(article: Article) -> bool:
    """The line translated it: there is something an editor can have read and approved."""
    return bool((article.title_de or "").strip()) and article.stage not in BEFORE_TRANSLATION


def refusal(article: Article, transition: Transition) -> str | None:
    """Why the transition is not allowed from the article's state; None if it is."""
    if article.status not in ALLOWED_FROM[transition]:
        return f"not allowed from status {article.status.value}"
    rejected = article.review_status == Review.REJECTED
    if transition == Transition.RESTORE:
        return None if rejected else "it is not rejected"
    if rejected:
        return "it is rejected (restore it first)"
    if transition == Transition.APPROVE and not has_german_text(article):
        return "it has no German text yet"
    if transition == Transition.HOLD and article.stage != Stage.RENDERED:
        return f"it is not rendered (stage {article.stage.value})"
    if transition == Transition.PUBLISH:
        if article.stage != Stage.RENDERED:
            return f"it is not rendered (stage {article.stage.value})"
        if article.status == Status.HELD and article.review_status != Review.APPROVED:
            return "it waits for an editor's approval"
    if transition == Transition.ADVANCE and article.stage not in NEXT_STAGE:
        return "it has passed every stage"
    return None


def check(article: Article, transition: Transition) -> None:
    why = refusal(article, transition)
    if why is not None:
        raise TransitionRefused(article, transition, why)


def allowed(article: Article, transition: Transition) -> bool:
    return refusal(article, transition) is None


def _event(
    session: Session, article: Article, stage: str, outcome: Outcome, message: str | None
) -> None:
    session.add(ArticleEvent(article_id=article.id, stage=stage, outcome=outcome, message=message))


def _approval_lapses(article: Article) -> None:
    """New German text: what an editor approved is no longer what the article says."""
    if article.review_status == Review.APPROVED:
        article.review_status = Review.UNREVIEWED


# -- the line --------------------------------------------------------------------------------
def advance(session: Session, article: Article, stage: Stage, message: str | None) -> None:
    """The article completed `stage`, its next one (publishing is `publish`)."""
    check(article, Transition.ADVANCE)
    expected = NEXT_STAGE[article.stage]
    if stage != expected or stage == Stage.PUBLISHED:
        raise TransitionRefused(
            article, Transition.ADVANCE, f"its next stage is {expected.value}, not {stage.value}"
        )
    article.stage = stage
    article.status = Status.PENDING
    article.error = article.error_stage = None
    if stage == Stage.TRANSLATED:
        _approval_lapses(article)
    _event(session, article, stage, Outcome.OK, message)


def fail(session: Session, article: Article, stage: str, reason: str, detail: str) -> None:
    """A stage failed: the article keeps its stage and may be tried again."""
    check(article, Transition.FAIL)
    article.status = Status.FAILED
    article.error = reason
    article.error_stage = stage
    article.attempts += 1
    _event(session, article, stage, Outcome.FAILED, detail)


def hold(session: Session, article: Article) -> None:
    check(article, Transition.HOLD)
    article.status = Status.HELD
    article.error = article.error_stage = None
    _event(session, article, Stage.RENDERED, Outcome.HELD, "waits for an editor's approval")


def mark_duplicate(
    session: Session, article: Article, stage: Stage, original_id: int, reason: str
) -> None:
    check(article, Transition.MARK_DUPLICATE)
    article.status = Status.DUPLICATE
    article.duplicate_of_id = original_id
    article.error = reason
    _event(session, article, stage, Outcome.DUPLICATE, reason)


def mark_alternate(
    session: Session, article: Article, stage: Stage, primary_id: int, reason: str
) -> None:
    """Recorded like a stage that went well (the text is extracted and kept for the
    editors), then settled: never captured, translated or published."""
    check(article, Transition.MARK_ALTERNATE)
    article.status = Status.ALTERNATE
    article.stage = stage
    article.edition_of_id = primary_id
    article.error = article.error_stage = None
    _event(session, article, stage, Outcome.ALTERNATE, reason)


def demote_to_alternate(session: Session, primary: Article, article: Article, why: str) -> bool:
    """`article` takes over `primary`'s story: `primary` becomes its alternate, only while
    it is untranslated, unapproved and unclaimed. One conditional UPDATE, so a runner that
    claims `primary` at the same moment finds it settled and stops."""
    now = datetime.now(UTC)
    result = session.execute(
        update(Article)
        .where(
            Article.id == primary.id,
            Article.status.in_(ALLOWED_FROM[Transition.MARK_ALTERNATE]),
            Article.stage.in_(BEFORE_TRANSLATION),
            Article.review_status == Review.UNREVIEWED,
            or_(Article.claimed_by.is_(None), Article.claim_expires_at < now),
        )
        .values(status=Status.ALTERNATE, edition_of_id=article.id, error=None, error_stage=None)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    session.expire(primary)
    session.add(
        ArticleEvent(
            article_id=primary.id, stage=Stage.EXTRACTED, outcome=Outcome.ALTERNATE, message=why
        )
    )
    return True


def publish(session: Session, article: Article, message: str | None) -> None:
    """On the site (the publication service writes the page around this)."""
    check(article, Transition.PUBLISH)
    article.status = Status.PUBLISHED
    article.stage = Stage.PUBLISHED
    article.published_at = article.published_at or datetime.now(UTC)
    article.error = article.error_stage = None
    _event(session, article, Stage.PUBLISHED, Outcome.OK, message)


def withdraw(session: Session, article: Article, why: str) -> Status:
    """Off the site, no editor's verdict on the text; returns the status it had."""
    check(article, Transition.WITHDRAW)
    previous = article.status
    article.status = Status.WITHDRAWN
    _event(session, article, article.stage, Outcome.WITHDRAWN, why)
    return previous


# -- the desk --------------------------------------------------------------------------------
def _decided(article: Article, user: str) -> None:
    article.reviewed_by = user
    article.reviewed_at = datetime.now(UTC)
    article.editing_by = article.editing_until = None  # the desk's claim ends with a decision


def approve(session: Session, article: Article, user: str) -> None:
    check(article, Transition.APPROVE)
    article.review_status = Review.APPROVED
    _decided(article, user)
    _event(session, article, article.stage, Outcome.APPROVED, f"approved by {user}")


def reject(session: Session, article: Article, user: str, reason: str) -> Status:
    """Rejected and off the site (duplicates and alternates stay what they are); returns
    the status it had, for a restore."""
    check(article, Transition.REJECT)
    previous = article.status
    article.review_status = Review.REJECTED
    if article.status not in (Status.DUPLICATE, Status.ALTERNATE):
        article.status = Status.WITHDRAWN  # also keeps a failed article from being retried
    _decided(article, user)
    _event(session, article, article.stage, Outcome.REJECTED, reason or f"rejected by {user}")
    return previous


def restore_target(article: Article, previous: Status | None) -> Status:
    """Where a restore puts the article back: the status it had, as far as its stage
    still allows it."""
    if previous == Status.PUBLISHED or previous in (None, Status.WITHDRAWN):
        return Status.PUBLISHED if article.stage == Stage.PUBLISHED else Status.PENDING
    if previous == Status.HELD and article.stage != Stage.RENDERED:
        return Status.PENDING
    return previous


def restore(session: Session, article: Article, user: str, previous: Status | None) -> Status:
    """Undo a rejection: back to `previous` (what `reject` returned), unreviewed."""
    check(article, Transition.RESTORE)
    target = restore_target(article, previous)
    article.status = target
    article.review_status = Review.UNREVIEWED
    article.reviewed_by, article.reviewed_at = user, datetime.now(UTC)
    _event(session, article, article.stage, Outcome.RESTORED, f"restored by {user}: {target}")
    return target


def retry(session: Session, article: Article, user: str) -> None:
    """A failed article back in the line, its attempts counted from 0 again; what it
    produces next is new text, so an approval given before does not carry over."""
    check(article, Transition.RETRY)
    stage = article.error_stage or article.stage
    message = f"put back by {user} after: {article.error or 'failure'}"
    article.status, article.attempts = Status.PENDING, 0
    _approval_lapses(article)
    _event(session, article, stage, Outcome.RETRY, message)
