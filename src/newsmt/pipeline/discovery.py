"""Discovery: poll each active source's feed and add the items not seen before.

A feed's validators (ETag, Last-Modified) are written in the same transaction as the
items they cover, so a run killed half-way gets the full feed again next time instead
of a 304. A bad feed is recorded on its source, a bad item on the source's item errors;
neither stops the other items or sources.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsmt.pipeline.state import DatabaseUnavailable
from newsmt.sanitize import clean_text, shorten
from newsmt.sources import (
    FeedItem,
    FetchError,
    FetchResult,
    canonical_or_none,
    canonicalize_url,
    read_feed,
)
from newsmt.sources.editions import same_outlet
from newsmt.sources.feeds import newest
from newsmt.statuses import Outcome, Stage, Status
from newsmt.store import Article, ArticleEvent, HttpCache, Source

if TYPE_CHECKING:
    from newsmt.pipeline.context import PipelineContext
    from newsmt.pipeline.runner import RunReport

log = logging.getLogger("newsmt.pipeline.discovery")


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _known(session: Session, items: list[FeedItem]) -> set[str]:
    """Canonical URLs and URLs of these items that are already articles (indexed lookups).
    An address another outlet's page claimed as its canonical is not known: it goes back to
    its outlet (`_give_back`)."""
    canon = [canonicalize_url(i.url) for i in items]
    urls = [i.url for i in items]
    known: set[str] = set()
    for part in _chunks(canon):
        holders = session.execute(
            select(Article.id, Article.url, Article.canonical_url, Source.hosts)
            .outerjoin(Source, Source.id == Article.source_id)
            .where(Article.canonical_url.in_(part))
        ).all()
        for article_id, url, canonical, hosts in holders:
            if same_outlet(url, canonical, hosts or []) or not _give_back(
                session, article_id, url, canonical
            ):
                known.add(canonical)
    for part in _chunks(urls):
        known.update(session.scalars(select(Article.url).where(Article.url.in_(part))))
    return known


def _give_back(session: Session, article_id: int, url: str, canonical: str) -> bool:
    """An article of one outlet holds another outlet's address as its canonical URL (stored
    before extraction ignored such claims): it takes its own address again, so that the
    other outlet's article at that address is discovered. False when its own is taken."""
    own = canonical_or_none(url)
    if own is None or session.scalar(select(Article.id).where(Article.canonical_url == own)):
        return False
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.canonical_url == canonical)
        .values(canonical_url=own)
        .execution_options(synchronize_session=False)
    )
    message = (
        f"canonical URL {canonical} is another outlet's page: ignored, "
        "the article keeps its own address"
    )
    session.add(
        ArticleEvent(
            article_id=article_id, stage=Stage.DISCOVERED, outcome=Outcome.NOTE, message=message
        )
    )
    return True


def discover(ctx: PipelineContext, report: RunReport, *, due_only: bool = False) -> None:
    """Poll every active source; with `due_only` (the scheduler) only those whose own
    interval (`poll_interval`, default NEWSMT_POLL_INTERVAL) has passed since their last poll."""
    with ctx.db.session() as session:
        sources = session.scalars(select(Source).where(Source.active)).all()
        now = datetime.now(UTC)
        source_ids = [
            s.id
            for s in sources
            if not due_only
            or s.last_polled_at is None
            or now - s.last_polled_at
            >= timedelta(seconds=s.poll_interval or ctx.settings.poll_interval)
        ]
    for source_id in source_ids:
        try:
            discover_source(ctx, source_id, report)
        except DatabaseUnavailable:
            raise
        except (FetchError, ValueError) as exc:  # the feed's own fault: said plainly
            reason = clean_text(str(exc))
            log.warning("feed failed", extra={"source": source_id, "error": reason})
            _record_feed_error(ctx, source_id, reason, report)
        except Exception as exc:  # anything else too: one source never stops the others
            reason = f"{type(exc).__name__}: {clean_text(str(exc))}"
            log.exception("discovery failed", extra={"source": source_id, "error": reason})
            _record_feed_error(ctx, source_id, reason, report)


def _record_feed_error(
    ctx: PipelineContext, source_id: int, reason: str, report: RunReport
) -> None:
    try:
        with ctx.db.session() as session:
            source = session.get(Source, source_id)
            if source is None:
                return
            source.last_error = shorten(f"feed: {reason}", 2000)
            source.last_polled_at = datetime.now(UTC)
            report.feed_errors.append(f"{source.name}: {reason}")
    except Exception as exc:
        raise DatabaseUnavailable(f"cannot record a feed error: {exc}") from exc


def discover_source(ctx: PipelineContext, source_id: int, report: RunReport) -> None:
    with ctx.db.session() as session:
        source = session.get(Source, source_id)
        assert source is not None
        feed_url, hosts, name = source.feed_url, list(source.hosts or []), source.name
        cache = session.scalar(select(HttpCache).where(HttpCache.url == feed_url))
        etag, last_modified = (cache.etag, cache.last_modified) if cache else (None, None)
    # The network happens outside any transaction: no database lock is held meanwhile.
    result = ctx.fetcher.get(feed_url, allowed_hosts=hosts, etag=etag, last_modified=last_modified)
    if result.not_modified:
        with ctx.db.session() as session:
            source = session.get(Source, source_id)
            assert source is not None
            source.last_error = None
            source.last_polled_at = datetime.now(UTC)
        return
    read = read_feed(result.content, result.url)
    for error in read.errors:
        log.warning("feed item skipped", extra={"source": name, "error": error["error"]})
    for attempt in range(3):  # another runner may insert the same items meanwhile
        try:
            _store_items(ctx, source_id, feed_url, read.items, read.errors, result, report)
            return
        except (IntegrityError, OperationalError) as exc:
            if attempt == 2:
                raise
            log.info("discovery conflict, retrying", extra={"source": name, "error": str(exc)})


def _store_items(
    ctx: PipelineContext,
    source_id: int,
    feed_url: str,
    items: list[FeedItem],
    errors: list[dict[str, str]],
    result: FetchResult,
    report: RunReport,
) -> None:
    added: list[int] = []
    with ctx.db.session() as session:
        known = _known(session, items)
        fresh, seen = [], set()
        for item in items:
            canonical = canonicalize_url(item.url)
            if canonical in known or item.url in known or canonical in seen:
                continue
            seen.add(canonical)
            fresh.append((item, canonical))
        limit = ctx.settings.max_items_per_feed
        chosen = newest([item for item, _ in fresh], limit)
        chosen_set = {id(i) for i in chosen}
        for item, canonical in fresh:
            if id(item) not in chosen_set:
                continue
            article = Article(
                source_id=source_id,
                url=item.url,
                canonical_url=canonical,
                guid=item.guid,
                feed_title=item.title,
                source_published_at=item.published_at,
                stage=Stage.DISCOVERED,
                status=Status.PENDING,
            )
            session.add(article)
            session.flush()
            session.add(
                ArticleEvent(article_id=article.id, stage=Stage.DISCOVERED, outcome=Outcome.OK)
            )
            added.append(article.id)
        source = session.get(Source, source_id)
        assert source is not None
        source.last_error = None
        source.item_errors = errors or None
        source.last_polled_at = datetime.now(UTC)
        if len(fresh) > len(chosen):
            # Validators stay as they were: the next run must get the whole feed again
            # to take the items left for it.
            source.last_error = (
                f"{len(fresh) - len(chosen)} new items wait for the next run "
                f"(NEWSMT_MAX_ITEMS_PER_FEED={limit})"
            )
        else:
            cache = session.scalar(select(HttpCache).where(HttpCache.url == feed_url))
            cache = cache or HttpCache(url=feed_url)
            cache.etag, cache.last_modified = result.etag, result.last_modified
            session.add(cache)
    report.discovered += len(added)
    report.item_errors += len(errors)
    for article_id in added:
        log.info("discovered", extra={"article_id": article_id, "stage": Stage.DISCOVERED})
