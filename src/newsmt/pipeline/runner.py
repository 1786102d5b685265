"""The local runner: discover new articles, then move each one through its stages.

Every stage commits on its own, so `kill -9` at any point loses at most the stage in
flight, which runs again on the next run. Each stage of each article runs in isolation:
whatever it raises is recorded on the article (stage, exception type and message; the
traceback in its event log and the structured log), its attempt count goes up and the
run goes on. Only a database that cannot be written or a missing model stops a run.
Before a stage runs, the article is claimed (`claims.py`), so two runs on one home
never process an article twice.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from newsmt.pipeline import discovery
from newsmt.pipeline.claims import Claims
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.stages import STAGE_FUNCTIONS, render
from newsmt.pipeline.state import (
    ALTERNATE,
    APPROVED,
    DUPLICATE,
    FAILED,
    HELD,
    NEXT_STAGE,
    PENDING,
    PUBLISHED,
    REJECTED,
    SETTLED,
    STAGES,
    AlternateEdition,
    DatabaseUnavailable,
    DuplicateArticle,
    StageError,
)
from newsmt.publish.changes import dependents, site_changed
from newsmt.publish.static_index import update_static_index
from newsmt.sanitize import clean_text, shorten
from newsmt.statuses import AFTER_APPROVAL
from newsmt.store import Article, ArticleEvent
from newsmt.translate import ModelNotInstalledError

log = logging.getLogger("newsmt.pipeline")

# Conditions of the whole system, not of one article: the run stops and says why.
FATAL_ERRORS: tuple[type[BaseException], ...] = (ModelNotInstalledError, DatabaseUnavailable)


@dataclass
class RunReport:
    discovered: int = 0
    published: int = 0
    failed: int = 0
    duplicates: int = 0
    alternates: int = 0  # the other language's edition of a story another article carries
    held: int = 0  # rendered, waiting for an editor (a source that publishes after approval)
    failed_ids: set[int] = field(default_factory=set)  # failed in this run: not retried in it
    skipped_claimed: int = 0  # another runner held them
    item_errors: int = 0
    feed_errors: list[str] = field(default_factory=list)
    site_errors: list[str] = field(default_factory=list)


ProgressCallback = Callable[[str, int, int], None]


def describe(exc: BaseException) -> str:
    """What an editor reads on the article: the type for the unexpected, not for ours."""
    message = clean_text(str(exc)) or "(no message)"
    if isinstance(exc, StageError):
        return shorten(message, 2000)
    return shorten(f"{type(exc).__name__}: {message}", 2000)


def held_for_approval(article: Article) -> bool:
    """Its source publishes only what an editor approved, and this one is not yet."""
    return article.source.publish_mode == AFTER_APPROVAL and article.review_status != APPROVED


def render_dependents(
    ctx: PipelineContext, session: Session, article: Article, why: str
) -> list[int]:
    """Render again the published articles whose related teaser points at `article`, and
    rewrite their static pages: the teaser links our translation only while it is
    published, under its current title (after a publication, an approval, an edit or a
    withdrawal). Returns their ids."""
    others = dependents(session, article)
    for other in others:
        render(ctx, session, other)
        ctx.site.write_page(other.page_path or "", other.html_de or "")
        session.add(ArticleEvent(article_id=other.id, stage="rendered", outcome="ok", message=why))
        log.info(
            "re-rendered for related link", extra={"article_id": other.id, "stage": "rendered"}
        )
    return [other.id for other in others]


class LocalRunner:
    def __init__(self, ctx: PipelineContext) -> None:
        self.ctx = ctx
        self.claims = Claims(ctx.db, ctx.settings.claim_lease_seconds)

    # -- discovery -------------------------------------------------------------------------
    def discover(self, report: RunReport) -> None:
        discovery.discover(self.ctx, report)

    # -- processing ------------------------------------------------------------------------
    def work_queue(self) -> list[int]:
        with self.ctx.db.session() as session:
            return list(
                session.scalars(
                    select(Article.id)
                    .where(
                        or_(
                            Article.status == PENDING,
                            (Article.status == FAILED)
                            & (Article.attempts < self.ctx.settings.max_article_attempts),
                        ),
                        Article.review_status != REJECTED,
                    )
                    .order_by(Article.id)
                )
            )

    def process(self, article_id: int, report: RunReport, until: str | None = None) -> None:
        """Move the article through its stages, up to and including `until` (all of them
        when None)."""
        if not self._take(article_id):
            report.skipped_claimed += 1
            log.info("claimed by another runner", extra={"article_id": article_id})
            return
        try:
            while self._next_stage(article_id, report, until):
                if not self._take(article_id):  # renew the lease between stages
                    report.skipped_claimed += 1
                    return
        finally:
            try:
                self.claims.release(article_id)
            except Exception:  # the lease expires by itself
                log.warning("could not release claim", extra={"article_id": article_id})

    def _take(self, article_id: int) -> bool:
        try:
            return self.claims.take(article_id)
        except SQLAlchemyError as exc:  # no claim can be written: nothing else can either
            raise DatabaseUnavailable(f"cannot claim article {article_id}: {exc}") from exc

    def _next_stage(
        self,
        article_id: int,
        report: RunReport,
        until: str | None = None,
        expect: str | None = None,
    ) -> bool:
        """Run one stage; True when the article should go on to the next. With `expect`,
        only that stage: a message for a stage the article has passed does nothing (the
        distributed runner's idempotent transitions)."""
        stage = "?"
        started = time.perf_counter()
        try:
            with self.ctx.db.session() as session:
                article = session.get(Article, article_id)
                if article is None or article.status in SETTLED:
                    return False
                if article.stage == "published" or article.review_status == REJECTED:
                    return False
                if until is not None and STAGES.index(article.stage) >= STAGES.index(until):
                    return False
                stage = NEXT_STAGE[article.stage]
                if expect is not None and stage != expect:
                    return False
                if stage == "published" and held_for_approval(article):
                    article.status = HELD
                    session.add(
                        ArticleEvent(
                            article_id=article_id,
                            stage="rendered",
                            outcome="held",
                            message="waits for an editor's approval",
                        )
                    )
                    report.held += 1
                    return False
                try:
                    if STAGE_FUNCTIONS[stage](self.ctx, session, article) is not None:
                        report.alternates += 1  # the other edition became this one's alternate
                except DuplicateArticle as dup:
                    self._mark_duplicate(session, article, stage, dup, report)
                    return False
                except AlternateEdition as edition:
                    self._mark_alternate(session, article, stage, edition, report)
                    return False
                article.stage = stage
                if article.status == FAILED:
                    article.status = PENDING
                if stage != "published":
                    article.error = article.error_stage = None
                elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms"
                session.add(
                    ArticleEvent(article_id=article_id, stage=stage, outcome="ok", message=elapsed)
                )
                if not self.claims.still_ours(session, article_id):
                    session.rollback()
                    report.skipped_claimed += 1
                    log.warning("claim lost, stage discarded", extra={"article_id": article_id})
                    return False
        except FATAL_ERRORS:
            raise
        except DBAPIError as exc:
            if exc.connection_invalidated:  # the database went away: not the article's fault
                raise DatabaseUnavailable(f"database connection lost: {exc}") from exc
            self._record_failure(article_id, stage, exc, report)
            return False
        except Exception as exc:  # anything, expected or not, is this article's failure
            self._record_failure(article_id, stage, exc, report)
            return False
        log.info("stage done", extra={"article_id": article_id, "stage": stage})
        if stage == "published":
            report.published += 1
            self._rerender_dependents(article_id)
            return False
        return True

    def _mark_duplicate(
        self,
        session: Session,
        article: Article,
        stage: str,
        dup: DuplicateArticle,
        report: RunReport,
    ) -> None:
        article.status = DUPLICATE
        article.duplicate_of_id = dup.original_id
        article.error = str(dup)
        session.add(
            ArticleEvent(article_id=article.id, stage=stage, outcome="duplicate", message=str(dup))
        )
        report.duplicates += 1
        log.info("duplicate", extra={"article_id": article.id, "stage": stage, "error": str(dup)})

    def _mark_alternate(
        self,
        session: Session,
        article: Article,
        stage: str,
        edition: AlternateEdition,
        report: RunReport,
    ) -> None:
        """Recorded like a stage that went well (the text is extracted and kept for the
        editors), then settled: never captured, translated or published."""
        article.status = ALTERNATE
        article.stage = stage
        article.edition_of_id = edition.primary_id
        article.error = article.error_stage = None
        session.add(
            ArticleEvent(
                article_id=article.id, stage=stage, outcome="alternate", message=str(edition)
            )
        )
        report.alternates += 1
        log.info(
            "alternate edition",
            extra={"article_id": article.id, "stage": stage, "error": str(edition)},
        )
        primary = session.get(Article, edition.primary_id)
        if primary is not None and primary.status == PUBLISHED and primary.page_path:
            session.flush()  # the published article's page now links this edition
            render(self.ctx, session, primary)
            self.ctx.site.write_page(primary.page_path, primary.html_de or "")
            site_changed(session, self.ctx.settings, [primary.id])  # web caches drop it
            session.add(
                ArticleEvent(
                    article_id=primary.id,
                    stage="rendered",
                    outcome="ok",
                    message=f"{article.lang} edition {article.id} linked",
                )
            )

    def _record_failure(
        self, article_id: int, stage: str, exc: Exception, report: RunReport
    ) -> None:
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
                if article is None:
                    return
                article.status = FAILED
                article.error = reason
                article.error_stage = stage
                article.attempts += 1
                session.add(
                    ArticleEvent(
                        article_id=article_id, stage=stage, outcome="failed", message=detail
                    )
                )
        except Exception as db_exc:
            raise DatabaseUnavailable(
                f"cannot record the failure of article {article_id}: {db_exc}"
            ) from db_exc
        report.failed += 1
        report.failed_ids.add(article_id)

    def _rerender_dependents(self, article_id: int) -> None:
        try:
            with self.ctx.db.session() as session:
                published = session.get(Article, article_id)
                assert published is not None
                render_dependents(
                    self.ctx, session, published, f"related article {article_id} published"
                )
        except FATAL_ERRORS:
            raise
        except Exception as exc:  # the published article stays published
            log.exception(
                "re-rendering dependents failed",
                extra={"article_id": article_id, "stage": "rendered", "error": describe(exc)},
            )

    # -- site ------------------------------------------------------------------------------
    def rebuild_index(self, *, full: bool = False) -> list[str]:
        """Index, feeds and the archive pages a publication touches; `full` rewrites every
        archive page (after a withdrawal, or `newsmt site rebuild`). Same bytes either way."""
        return update_static_index(
            self.ctx.db, self.ctx.site, self.ctx.settings.articles_per_page, full=full
        ).pages_written

    def run_once(self, progress: ProgressCallback | None = None) -> RunReport:
        report = RunReport()
        self.discover(report)
        # every new article is read before any is translated, so the two editions of a story
        # found in one run meet before either is translated and the preferred one is chosen
        queue = self.work_queue()
        for article_id in queue:
            self.process(article_id, report, until="extracted")
        queue = [i for i in queue if i not in report.failed_ids]
        for done, article_id in enumerate(queue, start=1):
            self.process(article_id, report)
            if progress:
                progress("articles", done, len(queue))
        try:  # nothing published, nothing to write: a quiet run costs O(1)
            if report.published or not (self.ctx.settings.site_dir / "index.html").exists():
                self.rebuild_index()
        except FATAL_ERRORS:
            raise
        except Exception as exc:  # the articles are safe in the database; the next run retries
            log.exception(
                "site rebuild failed", extra={"stage": "published", "error": describe(exc)}
            )
            report.site_errors.append(describe(exc))
        return report
