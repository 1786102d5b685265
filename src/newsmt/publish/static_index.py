"""The static export's index and feeds, updated by what changed, not rebuilt from the archive.

The archive is paginated in publication order from the oldest: page k holds the articles
published at positions (k-1)·P … k·P-1, shown newest first, and links only to its
neighbours. A publish therefore changes the last page (and the one before it, when the
new article opens a page), `index.html` (the newest P) and the feeds (the newest K): a
run costs O(new work) and a full rebuild (`newsmt site rebuild`) gives the same bytes.
Every query reads only the columns a page shows, one page at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from newsmt.publish.feeds import FeedEntry
from newsmt.publish.site import IndexItem, SiteBuilder
from newsmt.render import german_date
from newsmt.statuses import APPROVED
from newsmt.store import Article, Database, Source
from newsmt.store.queries import published

FEED_ENTRIES = 50
COLUMNS = (
    Article.id,
    Article.title_de,
    Article.lead_de,
    Article.page_path,
    Article.source_published_at,
    Article.published_at,
    Article.discovered_at,
    Article.canonical_url,
    Source.label,
    Article.review_status,
    Article.reviewed_at,
)


@dataclass
class IndexUpdate:
    pages_written: list[str]


def _items(rows: Iterable[Any]) -> list[IndexItem]:
    """Rows of COLUMNS, read by column name."""
    items = []
    for row in rows:
        when: datetime = row.source_published_at or row.published_at or row.discovered_at
        items.append(
            IndexItem(
                title=str(row.title_de or ""),
                lead=row.lead_de,
                href=str(row.page_path or ""),
                date_line=german_date(when),
                date_iso=when.isoformat(),
                source_label=str(row.label),
                published=when,
                url=str(row.canonical_url),
            )
        )
    return items


def _entry(site: SiteBuilder, row: Any) -> FeedEntry:
    published = row.published_at or row.discovered_at
    return FeedEntry(
        article_id=row.id,
        title=str(row.title_de or ""),
        link=site.base_url + str(row.page_path or ""),
        lead=row.lead_de,
        reviewed=row.review_status == APPROVED,
        published=published,
        updated=row.reviewed_at or published,
    )


def _published() -> Any:  # a Select of COLUMNS
    return published(*COLUMNS).join(Source, Source.id == Article.source_id)


def _oldest_first() -> tuple[Any, ...]:
    return (Article.published_at.asc(), Article.id.asc())


def _newest_first() -> tuple[Any, ...]:
    return (Article.published_at.desc(), Article.id.desc())


def archive_path(page: int) -> str:
    return f"archiv/seite-{page}.html"


def update_static_index(
    db: Database, site: SiteBuilder, per_page: int, *, full: bool = False
) -> IndexUpdate:
    """Write index.html, the feeds and the archive pages a new publication touches (all of
    them with `full`)."""
    written: list[str] = []
    with db.session() as session:
        total = session.scalar(published(func.count()))
        pages = max(1, -(-(total or 0) // per_page))
        targets = range(1, pages + 1) if full else sorted({max(1, pages - 1), pages})
        for page in targets:
            written.append(_write_archive_page(session, site, page, pages, per_page))
        rows = session.execute(
            _published().order_by(*_newest_first()).limit(max(per_page, FEED_ENTRIES))
        ).all()
        newest = _items(rows)
        entries = [_entry(site, row) for row in rows[:FEED_ENTRIES]]
    html = site.env.get_template("index.html").render(
        items=newest[:per_page],
        root="",
        site_name=site.site_name,
        site_title=site.site_title,
        archive=archive_path(pages) if total else None,
    )
    site.write_page("index.html", html)
    site.write_feeds(entries)
    return IndexUpdate([*written, "index.html", "feed.rss", "feed.atom"])


def _write_archive_page(
    session: Session, site: SiteBuilder, page: int, pages: int, per_page: int
) -> str:
    rows = session.execute(
        _published().order_by(*_oldest_first()).offset((page - 1) * per_page).limit(per_page)
    )
    items = list(reversed(_items(rows)))
    html = site.env.get_template("archive.html").render(
        items=items,
        root="../",
        site_name=site.site_name,
        site_title=site.site_title,
        page=page,
        older=archive_path(page - 1).removeprefix("archiv/") if page > 1 else None,
        newer=archive_path(page + 1).removeprefix("archiv/") if page < pages else None,
    )
    relative = archive_path(page)
    site.write_page(relative, html)
    return relative
