"""The local runner: discover new articles, then move each one through its stages.

Every stage commits on its own, so `kill -9` at any point loses at most the stage in
flight, which runs again on the next run. Failures are recorded on the article (stage,
reason, attempt count) and the run goes on with the next article.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import or_, select

from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.stages import STAGE_FUNCTIONS, render
from newsmt.pipeline.state import (
    DUPLICATE,
    FAILED,
    NEXT_STAGE,
    PENDING,
    PUBLISHED,
    DuplicateArticle,
    StageError,
)
from newsmt.publish import IndexItem
from newsmt.render import german_date
from newsmt.sources import FeedItem, FetchError, canonicalize_url, parse_feed
from newsmt.store import Article, ArticleEvent, HttpCache, Source

log = logging.getLogger("newsmt.pipeline")


@dataclass
class RunReport:
    discovered: int = 0
    published: int = 0
    failed: int = 0
    duplicates: int = 0
    feed_errors: list[str] = field(default_factory=list)


ProgressCallback = Callable[[str, int, int], None]


class LocalRunner:
    def __init__(self, ctx: PipelineContext) -> None:
        self.ctx = ctx

    # -- discovery -------------------------------------------------------------------------
    def discover(self, report: RunReport) -> None:
        with self.ctx.db.session() as session:
            sources = session.scalars(select(Source).where(Source.active)).all()
            source_ids = [s.id for s in sources]
        for source_id in source_ids:
            self._discover_source(source_id, report)

    def _discover_source(self, source_id: int, report: RunReport) -> None:
        with self.ctx.db.session() as session:
            source = session.get(Source, source_id)
            assert source is not None
            cache = session.scalar(select(HttpCache).where(HttpCache.url == source.feed_url))
            try:
                result = self.ctx.fetcher.get(
                    source.feed_url,
                    allowed_hosts=source.hosts,
                    etag=cache.etag if cache else None,
                    last_modified=cache.last_modified if cache else None,
                )
                items = [] if result.not_modified else parse_feed(result.content, result.url)
            except (FetchError, ValueError) as exc:
                source.last_error = f"feed: {exc}"
                report.feed_errors.append(f"{source.name}: {exc}")
                log.warning("feed failed", extra={"source": source.name, "error": str(exc)})
                return
            source.last_error = None
            source.last_polled_at = datetime.now(UTC)
            if not result.not_modified:
                cache = cache or HttpCache(url=source.feed_url)
                cache.etag, cache.last_modified = result.etag, result.last_modified
                session.add(cache)
        for item in items:
            self._add_article(source_id, item, report)

    def _add_article(self, source_id: int, item: FeedItem, report: RunReport) -> None:
        url = item.url
        canonical = canonicalize_url(url)
        with self.ctx.db.session() as session:
            exists = session.scalar(
                select(Article.id).where(
                    or_(Article.canonical_url == canonical, Article.url == url)
                )
            )
            if exists is not None:
                return
            article = Article(
                source_id=source_id,
                url=url,
                canonical_url=canonical,
                guid=item.guid,
                feed_title=item.title,
                source_published_at=item.published_at,
                stage="discovered",
                status=PENDING,
            )
            session.add(article)
            session.flush()
            session.add(ArticleEvent(article_id=article.id, stage="discovered", outcome="ok"))
            report.discovered += 1
            log.info(
                "discovered", extra={"article_id": article.id, "url": url, "stage": "discovered"}
            )

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
                        Article.review_status != "rejected",
                    )
                    .order_by(Article.id)
                )
            )

    def process(self, article_id: int, report: RunReport) -> None:
        while True:
            with self.ctx.db.session() as session:
                article = session.get(Article, article_id)
                assert article is not None
                if article.status in (PUBLISHED, DUPLICATE) or article.stage == "published":
                    return
                stage = NEXT_STAGE[article.stage]
                started = time.perf_counter()
                try:
                    STAGE_FUNCTIONS[stage](self.ctx, session, article)
                except DuplicateArticle as dup:
                    article.status = DUPLICATE
                    article.duplicate_of_id = dup.original_id
                    article.error = str(dup)
                    session.add(
                        ArticleEvent(
                            article_id=article.id,
                            stage=stage,
                            outcome="duplicate",
                            message=str(dup),
                        )
                    )
                    report.duplicates += 1
                    log.info(
                        "duplicate",
                        extra={"article_id": article_id, "stage": stage, "error": str(dup)},
                    )
                    return
                except StageError as exc:
                    session.rollback()
                    self._record_failure(article_id, stage, str(exc), report)
                    return
                article.stage = stage
                if article.status == FAILED:
                    article.status = PENDING
                if stage != "published":
                    article.error = article.error_stage = None
                session.add(
                    ArticleEvent(
                        article_id=article.id,
                        stage=stage,
                        outcome="ok",
                        message=f"{(time.perf_counter() - started) * 1000:.0f} ms",
                    )
                )
                log.info("stage done", extra={"article_id": article_id, "stage": stage})
            if stage == "published":
                report.published += 1
                self._rerender_dependents(article_id)
                return

    def _record_failure(self, article_id: int, stage: str, reason: str, report: RunReport) -> None:
        with self.ctx.db.session() as session:
            article = session.get(Article, article_id)
            assert article is not None
            article.status = FAILED
            article.error = reason
            article.error_stage = stage
            article.attempts += 1
            session.add(
                ArticleEvent(article_id=article_id, stage=stage, outcome="failed", message=reason)
            )
        report.failed += 1
        log.warning(
            "stage failed", extra={"article_id": article_id, "stage": stage, "error": reason}
        )

    def _rerender_dependents(self, article_id: int) -> None:
        """Articles whose related teaser points at this one now link our translation."""
        with self.ctx.db.session() as session:
            published = session.get(Article, article_id)
            assert published is not None
            candidates = session.scalars(
                select(Article).where(
                    Article.status == PUBLISHED,
                    Article.related_url.is_not(None),
                    Article.id != article_id,
                )
            ).all()
            for other in candidates:
                if canonicalize_url(other.related_url or "") != published.canonical_url:
                    continue
                render(self.ctx, session, other)
                self.ctx.site.write_page(other.page_path or "", other.html_de or "")
                session.add(
                    ArticleEvent(
                        article_id=other.id,
                        stage="rendered",
                        outcome="ok",
                        message=f"related article {article_id} published",
                    )
                )
                log.info(
                    "re-rendered for related link",
                    extra={"article_id": other.id, "stage": "rendered"},
                )

    # -- site ------------------------------------------------------------------------------
    def rebuild_index(self) -> None:
        with self.ctx.db.session() as session:
            rows = session.scalars(select(Article).where(Article.status == PUBLISHED)).all()
            items = [
                IndexItem(
                    title=a.title_de or "",
                    lead=a.lead_de,
                    href=a.page_path or "",
                    date_line=german_date(a.source_published_at or a.published_at),
                    date_iso=(a.source_published_at or a.published_at).isoformat(),
                    source_label=a.source.label,
                    published=a.source_published_at or a.published_at,
                    url=a.canonical_url,
                )
                for a in rows
            ]
        self.ctx.site.write_index_and_feeds(items)

    def run_once(self, progress: ProgressCallback | None = None) -> RunReport:
        report = RunReport()
        self.discover(report)
        queue = self.work_queue()
        for done, article_id in enumerate(queue, start=1):
            self.process(article_id, report)
            if progress:
                progress("articles", done, len(queue))
        self.rebuild_index()
        return report
