"""The stage executor: claim an article, run its next stage, record the outcome, release.

Both drivers use it: the local runner (`runner.py`) moves an article through all its
stages in one process, a Celery task (`distributed.py`) runs one stage per message.
Every stage commits on its own, so `kill -9` at any point loses at most the stage in
flight, which runs again. Whatever a stage raises is recorded on the article (the stage,
the reason; the traceback in its event and the structured log) and the caller goes on;
only a database that cannot be written or a missing model stops a run.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsmt.pipeline import machine
from newsmt.pipeline.claims import Claims
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.state import (
    AlternateEdition,
    DatabaseUnavailable,
    DuplicateArticle,
    StageError,
)
from newsmt.pipeline.table import NEXT_STAGE, SPEC, has_reached
from newsmt.sanitize import clean_text, shorten
from newsmt.statuses import AFTER_APPROVAL, UNKNOWN_STAGE, Review, Stage, Status, StepOutcome
from newsmt.store import Article
from newsmt.translate import ModelNotInstalledError

log = logging.getLogger("newsmt.pipeline")

# Conditions of the whole system, not of one article: the run stops and says why.
FATAL_ERRORS: tuple[type[BaseException], ...] = (ModelNotInstalledError, DatabaseUnavailable)


@dataclass
class Step:
    outcome: StepOutcome
    stage: Stage | None = None
    took_over: int | None = None  # the other edition this one made its alternate

    @property
    def goes_on(self) -> bool:
        return self.outcome == StepOutcome.ADVANCED


def describe(exc: BaseException) -> str:
    """What an editor reads on the article: the type for the unexpected, not for ours."""
    message = clean_text(str(exc)) or "(no message)"
    if isinstance(exc, StageError):
        return shorten(message, 2000)
    return shorten(f"{type(exc).__name__}: {message}", 2000)


def held_for_approval(article: Article) -> bool:
    """Its source publishes only what an editor approved, and this one is not yet."""
    return (
        article.source.publish_mode == AFTER_APPROVAL and article.review_status != Review.APPROVED
    )


class StageExecutor:
    def __init__(self, ctx: PipelineContext, claims: Claims | None = None) -> None:
        self.ctx = ctx
        self.claims = claims or Claims(ctx.db, ctx.settings.claim_lease_seconds)

    # -- claims ----------------------------------------------------------------------------
    def claim(self, article_id: int) -> bool:
        try:
            return self.claims.take(article_id)
        except SQLAlchemyError as exc:  # no claim can be written: nothing else can either
            raise DatabaseUnavailable(f"cannot claim article {article_id}: {exc}") from exc

    def release(self, article_id: int) -> None:
        try:
            self.claims.release(article_id)
        except Exception:  # the lease expires by itself
            log.warning("could not release claim", extra={"article_id": article_id})

    @contextmanager
    def heartbeat(self, article_id: int) -> Iterator[None]:
        """Renew the claim while a stage runs, so the lease can be short: a runner killed
        mid-stage stops renewing, and its article is taken over within one lease."""
        interval = self.claims.lease.total_seconds() / 3
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(interval):
                try:
                    if not self.claims.renew(article_id):
                        return  # taken over: the stage will find out before it commits
                except Exception:  # the database is away; the stage itself will say so
                    log.warning("claim renewal failed", extra={"article_id": article_id})

        thread = threading.Thread(target=beat, name=f"claim-{article_id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()  # not joined: a renewal in flight finishes (or finds no claim) alone

    def run_one(self, article_id: int, expect: Stage) -> Step:
        """Claim, run `expect` if it is still the article's next stage, release: one
        message of the distributed runner (a repeated or outdated one does nothing)."""
        if not self.claim(article_id):
            return Step(StepOutcome.CLAIMED)
        try:
            return self.step(article_id, expect=expect)
        finally:
            self.release(article_id)

    # -- one stage -------------------------------------------------------------------------
    def step(
        self, article_id: int, *, until: Stage | None = None, expect: Stage | None = None
    ) -> Step:
        """Run the article's next stage (it must be claimed). With `until`, not past that
        stage; with `expect`, only that stage."""
        stage: str = UNKNOWN_STAGE
        started = time.perf_counter()
        try:
            with self.ctx.db.session() as session, self.heartbeat(article_id):
                article = session.get(Article, article_id)
                if article is None or not machine.allowed(article, machine.Transition.ADVANCE):
                    return Step(StepOutcome.IDLE)
                if until is not None and has_reached(article.stage, until):
                    return Step(StepOutcome.IDLE)
                stage = following = NEXT_STAGE[article.stage]
                if expect is not None and following != expect:
                    return Step(StepOutcome.IDLE)
                step = self._run(session, article, following, started)
                if not self.claims.still_ours(session, article_id):
                    session.rollback()
                    log.warning("claim lost, stage discarded", extra={"article_id": article_id})
                    return Step(StepOutcome.CLAIMED, following)
        except FATAL_ERRORS:
            raise
        except DBAPIError as exc:
            if exc.connection_invalidated:  # the database went away: not the article's fault
                raise DatabaseUnavailable(f"database connection lost: {exc}") from exc
            return self._record_failure(article_id, stage, exc)
        except Exception as exc:  # anything, expected or not, is this article's failure
            return self._record_failure(article_id, stage, exc)
        log.info(
            "stage done",
            extra={"article_id": article_id, "stage": stage, "error": step.outcome.value},
        )
        return step

    def _run(self, session, article: Article, stage: Stage, started: float) -> Step:  # type: ignore[no-untyped-def]
        publisher = self.ctx.publisher
        if stage == Stage.PUBLISHED and held_for_approval(article):
            publisher.hold(session, article)
            return Step(StepOutcome.HELD, stage)
        try:
            took_over = SPEC[stage].function(self.ctx, session, article)
        except DuplicateArticle as dup:
            machine.mark_duplicate(session, article, stage, dup.original_id, str(dup))
            return Step(StepOutcome.DUPLICATE, stage)
        except AlternateEdition as edition:
            machine.mark_alternate(session, article, stage, edition.primary_id, str(edition))
            primary = session.get(Article, edition.primary_id)
            if primary is not None and primary.status == Status.PUBLISHED:
                session.flush()  # the published article's page now links this edition
                publisher.republish(session, primary, f"{article.lang} edition {article.id} linked")
            return Step(StepOutcome.ALTERNATE, stage)
        if stage == Stage.PUBLISHED:  # the publication service made the transition
            return Step(StepOutcome.PUBLISHED, stage)
        elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        machine.advance(session, article, stage, elapsed)
        return Step(StepOutcome.ADVANCED, stage, took_over=took_over)

    def _record_failure(self, article_id: int, stage: str, exc: Exception) -> Step:
        reason = describe(exc)
        detail = reason
        if not isinstance(exc, StageError):  # ours say enough; the unexpected need the trace
            trace = "".join(traceback.format_exception(exc))
            detail = shorten(f"{reason}\n{clean_text(trace)}", 20_000)
        log.warning(
            "stage failed",
            exc_info=not isinstance(exc, StageError),
            extra={"article_id": article_id, "stage": stage, "error": reason},
        )
        try:
            with self.ctx.db.session() as session:
                article = session.get(Article, article_id)
                if article is None or not machine.allowed(article, machine.Transition.FAIL):
                    return Step(StepOutcome.IDLE)
                machine.fail(session, article, stage, reason, detail)
        except Exception as db_exc:
            raise DatabaseUnavailable(
                f"cannot record the failure of article {article_id}: {db_exc}"
            ) from db_exc
        return Step(StepOutcome.FAILED, None if stage == UNKNOWN_STAGE else Stage(stage))
