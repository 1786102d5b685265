"""The local runner: discover new articles, then move each one through its stages with
the stage executor (`executor.py`), in one process.

Before a stage runs, the article is claimed (`claims.py`), so two runs on one home never
process an article twice; the executor records every outcome through the state machine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from newsmt.pipeline import discovery
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.executor import FATAL_ERRORS, StageExecutor, Step, StepOutcome, describe
from newsmt.statuses import Stage
from newsmt.store.queries import movable

log = logging.getLogger("newsmt.pipeline")

__all__ = ["FATAL_ERRORS", "LocalRunner", "RunReport", "describe"]


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

    def count(self, article_id: int, step: Step) -> None:
        """Add one stage's outcome to the run's figures."""
        if step.took_over is not None:
            self.alternates += 1  # the other edition became this one's alternate
        match step.outcome:
            case StepOutcome.PUBLISHED:
                self.published += 1
            case StepOutcome.HELD:
                self.held += 1
            case StepOutcome.DUPLICATE:
                self.duplicates += 1
            case StepOutcome.ALTERNATE:
                self.alternates += 1
            case StepOutcome.FAILED:
                self.failed += 1
                self.failed_ids.add(article_id)
            case StepOutcome.CLAIMED:
                self.skipped_claimed += 1


ProgressCallback = Callable[[str, int, int], None]


class LocalRunner:
    def __init__(self, ctx: PipelineContext) -> None:
        self.ctx = ctx
        self.executor = StageExecutor(ctx)

    # -- discovery -------------------------------------------------------------------------
    def discover(self, report: RunReport) -> None:
        discovery.discover(self.ctx, report)

    # -- processing ------------------------------------------------------------------------
    def work_queue(self) -> list[int]:
        with self.ctx.db.session() as session:
            return list(session.scalars(movable(self.ctx.settings.max_article_attempts)))

    def process(self, article_id: int, report: RunReport, until: Stage | None = None) -> None:
        """Move the article through its stages, up to and including `until` (all of them
        when None)."""
        executor = self.executor
        if not executor.claim(article_id):
            report.skipped_claimed += 1
            log.info("claimed by another runner", extra={"article_id": article_id})
            return
        try:
            while True:
                step = executor.step(article_id, until=until)
                report.count(article_id, step)
                if not step.goes_on:
                    return
                if not executor.claim(article_id):  # renew the lease between stages
                    report.skipped_claimed += 1
                    return
        finally:
            executor.release(article_id)

    # -- site ------------------------------------------------------------------------------
    def rebuild_index(self, *, full: bool = False) -> list[str]:
        """Index, feeds and the archive pages a publication touches; `full` rewrites every
        archive page (after a withdrawal, or `newsmt site rebuild`). Same bytes either way."""
        return self.ctx.publisher.rebuild_index(full=full)

    def run_once(self, progress: ProgressCallback | None = None) -> RunReport:
        report = RunReport()
        self.discover(report)
        # every new article is read before any is translated, so the two editions of a story
        # found in one run meet before either is translated and the preferred one is chosen
        queue = self.work_queue()
        for article_id in queue:
            self.process(article_id, report, until=Stage.EXTRACTED)
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
                "site rebuild failed", extra={"stage": Stage.PUBLISHED, "error": describe(exc)}
            )
            report.site_errors.append(describe(exc))
        return report
