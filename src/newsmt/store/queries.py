"""The questions asked of the articles table in many places, each written once.

"Which articles are on the site", "which can move through the line" and "whose teaser
names this one" decide what readers see and what the runners do; were they written
twice, the public site, the feeds, the API and search could disagree about one article.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from newsmt.statuses import Review, Stage, Status
from newsmt.store.models import Article


def is_published() -> ColumnElement[bool]:
    """On the site: the condition behind every public page, feed, API answer and search."""
    return Article.status == Status.PUBLISHED


def published(*columns: Any) -> Select[Any]:
    """The published articles (whole rows, or these columns)."""
    return select(*(columns or (Article,))).where(is_published())


def is_movable(max_attempts: int) -> ColumnElement[bool]:
    """Can go on through the line: pending, or failed with attempts left; not rejected,
    not past its last stage."""
    return (
        or_(
            Article.status == Status.PENDING,
            (Article.status == Status.FAILED) & (Article.attempts < max_attempts),
        )
        & (Article.review_status != Review.REJECTED)
        & (Article.stage != Stage.PUBLISHED)
    )


def movable(max_attempts: int, *columns: Any) -> Select[Any]:
    """The articles the runners work on, oldest first (ids, or these columns)."""
    return select(*(columns or (Article.id,))).where(is_movable(max_attempts)).order_by(Article.id)


def dependents(session: Session, article: Article) -> list[Article]:
    """The published articles whose related teaser points at this one: their page links it
    while it is published, under its title (the indexed column, not a scan)."""
    return list(
        session.scalars(
            published().where(
                Article.related_canonical == article.canonical_url, Article.id != article.id
            )
        )
    )


def published_by_canonical(session: Session, canonical_url: str) -> Article | None:
    """Our published translation of the page at this address, if there is one."""
    return session.scalar(published().where(Article.canonical_url == canonical_url))


def alternates_of(session: Session, article_id: int) -> list[Article]:
    """The other-language editions an article carries the story of, oldest first."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.edition_of_id == article_id, Article.status == Status.ALTERNATE)
            .order_by(Article.id)
        )
    )
