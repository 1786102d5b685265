"""A small read-only JSON API over published articles (documented at /openapi.json)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from annotated_types import Ge, Le
from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from newsmt.statuses import APPROVED, PUBLISHED
from newsmt.store import Article, Source, queries
from newsmt.store.search import search_articles
from newsmt.web.deps import DB, NO_NUL, ArticleId, AsciiDigits, PageNumber
from newsmt.web.public import article_href, listed

router = APIRouter(prefix="/api", tags=["articles"])
PerPage = Annotated[int, Ge(1), Le(100), AsciiDigits, Query()]


class ArticleSummary(BaseModel):
    id: int
    title: str
    lead: str | None
    url: str
    source: str
    original_url: str
    published_at: datetime | None
    reviewed: bool


class Paragraph(BaseModel):
    kind: str
    text: str


class ArticleDetail(ArticleSummary):
    paragraphs: list[Paragraph]
    background: list[str]
    tags: list[str]  # as the source wrote them
    tags_de: list[str]  # translated with the article: the site's topics
    engine: str | None
    model_id: str | None


def summary(article: Article) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title_de or "",
        lead=article.lead_de,
        url=article_href(article),
        source=article.source.name,
        original_url=article.canonical_url,
        published_at=article.published_at,
        reviewed=article.review_status == APPROVED,
    )


@router.get("/articles", response_model=list[ArticleSummary])
def list_articles(
    session: DB,
    page: PageNumber = 1,
    per_page: PerPage = 20,
    source: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> list[ArticleSummary]:
    """Published articles, newest first."""
    query = queries.published()
    if source:
        query = query.join(Source).where(Source.name == source)
    rows = session.scalars(
        listed(query)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [summary(a) for a in rows]


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses={404: {}})
def get_article(session: DB, article_id: ArticleId) -> ArticleDetail:
    """One published article with its German paragraphs."""
    article = session.get(Article, article_id)
    if article is None or article.status != PUBLISHED:
        raise HTTPException(404, "Artikel nicht gefunden.")
    return ArticleDetail(
        **summary(article).model_dump(),
        paragraphs=[Paragraph(kind=b["kind"], text=b["text"]) for b in article.blocks_de or []],
        background=list(article.background_de or []),
        tags=list(article.tags or []),
        tags_de=list(article.tags_de or []),
        engine=article.engine,
        model_id=article.model_id,
    )


@router.get("/search", response_model=list[ArticleSummary])
def search(
    session: DB, q: Annotated[str, Query(max_length=200, pattern=NO_NUL)]
) -> list[ArticleSummary]:
    """Full-text search in the German text of published articles."""
    return [summary(a) for a in search_articles(session, q, limit=50)]
