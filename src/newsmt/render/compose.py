"""The German article of a stored article: its text, its disclaimer, its links.

The static export and the web app both show an article through `german_article`; they
differ only in how they link (relative file paths, or the app's addresses).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.render.article import GermanArticle, RelatedLine, render_german_article
from newsmt.render.disclaimer import disclaimer_template
from newsmt.sources import canonical_or_none
from newsmt.statuses import Review
from newsmt.store import Article, Revision
from newsmt.store.queries import alternates_of, published_by_canonical


def related_line(
    session: Session, article: Article, link_to_ours: Callable[[Article], str | None]
) -> RelatedLine | None:
    """The teaser links our translation of the related article once we published one."""
    if not article.related_url:
        return None
    related_canonical = article.related_canonical or canonical_or_none(article.related_url)
    if related_canonical is None:
        return None
    ours = published_by_canonical(session, related_canonical)
    title = article.related_title_de or article.related_title or article.related_url
    href = link_to_ours(ours) if ours is not None else None
    if ours is not None and href:
        return RelatedLine(ours.title_de or title, href, ours=True)
    return RelatedLine(title, article.related_url, ours=False)


def german_article(
    settings: Settings,
    session: Session,
    article: Article,
    *,
    screenshot_href: str | None,
    link_to_ours: Callable[[Article], str | None],
) -> GermanArticle:
    """The article in the seed's layout, with the disclaimer its review status calls for."""
    edited = session.scalar(
        select(Revision.id)
        .where(Revision.article_id == article.id, Revision.action == "edit")
        .limit(1)
    )
    return render_german_article(
        title_de=article.title_de or "",
        lead_de=article.lead_de,
        blocks_de=article.blocks_de or [],
        background_de=article.background_de or [],
        published_at=article.source_published_at or article.discovered_at,
        disclaimer_template=disclaimer_template(
            settings, approved=article.review_status == Review.APPROVED, edited=edited is not None
        ),
        source_label=article.source.label,
        site_name=settings.site_name,
        original_url=article.canonical_url,
        screenshot_href=screenshot_href if article.screenshot_path else None,
        related=related_line(session, article, link_to_ours),
        editions=[
            (other.lang or "", other.canonical_url) for other in alternates_of(session, article.id)
        ],
    )
