"""The public site: index, article pages, source and tag pages, search, feeds, sitemap."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from feedgen.feed import FeedGenerator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.pipeline.stages import german_article
from newsmt.publish.site import body_html
from newsmt.render import slugify
from newsmt.render.article import GermanArticle
from newsmt.sanitize import xml_safe
from newsmt.store import Article, Source
from newsmt.store.search import search_articles
from newsmt.web.app import get_db

router = APIRouter()
SCREENSHOT_NAME = re.compile(r"([1-9][0-9]{0,9})(?:-thumb)?\.png")
DB = Annotated[Session, Depends(get_db, scope="function")]  # commit before the answer
Page = Annotated[int, Query(ge=1, le=10_000, alias="seite")]


def article_href(article: Article) -> str:
    return f"/artikel/{article.id}-{slugify(article.title_de or '')}"


def published(session: Session):  # type: ignore[no-untyped-def]
    return select(Article).where(Article.status == "published")


def german_view(session: Session, article: Article, settings: Settings) -> GermanArticle:
    return german_article(
        settings,
        session,
        article,
        screenshot_href=f"/screenshots/{article.id}.png",
        link_to_ours=article_href,
    )


def render(request: Request, template: str, **context: object) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    return request.app.state.templates.TemplateResponse(
        request, template, {"site_name": settings.site_name, "settings": settings, **context}
    )


def listing(request: Request, session: Session, query, page: int, title: str, **extra: object):  # type: ignore[no-untyped-def]
    per_page = request.app.state.settings.articles_per_page
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Article.published_at.desc(), Article.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if page > 1 and not items:
        raise HTTPException(404, "Seite nicht gefunden")
    pages = max(1, -(-total // per_page))
    return render(
        request,
        "list.html",
        title=title,
        items=items,
        page=page,
        pages=pages,
        href=article_href,
        **extra,
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request, session: DB, page: Page = 1) -> HTMLResponse:
    return listing(request, session, published(session), page, "Neueste Übersetzungen")


@router.get("/quelle/{name}", response_class=HTMLResponse, include_in_schema=False)
def by_source(request: Request, session: DB, name: str, page: Page = 1) -> HTMLResponse:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        raise HTTPException(404, "Quelle nicht gefunden")
    query = published(session).where(Article.source_id == source.id)
    return listing(request, session, query, page, f"Artikel von {source.label} ({source.name})")


@router.get("/thema/{tag}", response_class=HTMLResponse, include_in_schema=False)
def by_tag(request: Request, session: DB, tag: str, page: Page = 1) -> HTMLResponse:
    ids = [a.id for a in session.scalars(published(session)) if tag in (a.tags or [])]
    if not ids:  # a topic nobody wrote about is not a page (and never cached)
        raise HTTPException(404, "Thema nicht gefunden")
    query = published(session).where(Article.id.in_(ids))
    return listing(request, session, query, page, f"Thema: {tag}")


@router.get("/screenshots/{name}", include_in_schema=False)
def screenshot(request: Request, session: DB, name: str) -> FileResponse:
    """The original's screenshot and thumbnail, only while the article is published."""
    match = SCREENSHOT_NAME.fullmatch(name)
    article = session.get(Article, int(match.group(1))) if match else None
    if article is None or article.status != "published" or not article.screenshot_path:
        raise HTTPException(404, "Bildschirmfoto nicht gefunden")
    path = request.app.state.settings.screenshots_dir / name
    if not path.is_file():
        raise HTTPException(404, "Bildschirmfoto nicht gefunden")
    return FileResponse(path, media_type="image/png")


@router.get("/suche", response_class=HTMLResponse, include_in_schema=False)
def search(
    request: Request, session: DB, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    items = search_articles(session, q, limit=50) if q.strip() else []
    return render(request, "search.html", q=q, items=items, href=article_href)


@router.get("/artikel/{ref}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, session: DB, ref: str) -> HTMLResponse:
    article_id = ref.split("-", 1)[0]
    valid = article_id.isdigit() and 0 < int(article_id) < 2**31
    article = session.get(Article, int(article_id)) if valid else None
    if article is None or article.status != "published":
        raise HTTPException(404, "Artikel nicht gefunden")
    view = german_view(session, article, request.app.state.settings)
    return render(
        request,
        "article.html",
        a=view,
        article=article,
        href=article_href(article),
        body=body_html(view),
    )


def _feed(request: Request, session: Session) -> FeedGenerator:
    settings: Settings = request.app.state.settings
    base = settings.site_base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(base + "/")
    feed.title(settings.site_title)
    feed.link(href=base + "/", rel="alternate")
    feed.language("de")
    feed.description(settings.site_title)
    items = session.scalars(
        published(session).order_by(Article.published_at.desc()).limit(50)
    ).all()
    for article in reversed(items):
        entry = feed.add_entry()
        entry.id(base + article_href(article))
        entry.link(href=base + article_href(article))
        entry.title(xml_safe(article.title_de or ""))
        summary = article.lead_de or ""
        if article.review_status == "approved":
            summary = f"{summary} [redaktionell geprüft]".strip()
        entry.summary(xml_safe(summary))
        entry.published(article.published_at or datetime.now(UTC))
        entry.updated(article.reviewed_at or article.published_at or datetime.now(UTC))
    return feed


@router.get("/feed.rss", include_in_schema=False)
def rss(request: Request, session: DB) -> Response:
    return Response(_feed(request, session).rss_str(pretty=True), media_type="application/rss+xml")


@router.get("/feed.atom", include_in_schema=False)
def atom(request: Request, session: DB) -> Response:
    return Response(
        _feed(request, session).atom_str(pretty=True), media_type="application/atom+xml"
    )


@router.get("/sitemap.xml", include_in_schema=False)
def sitemap(request: Request, session: DB) -> Response:
    base = request.app.state.settings.site_base_url.rstrip("/")
    rows = [
        f"<url><loc>{escape(base + article_href(a))}</loc><lastmod>"
        f"{(a.reviewed_at or a.published_at or a.discovered_at).date().isoformat()}</lastmod></url>"
        for a in session.scalars(published(session).order_by(Article.id))
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{escape(base)}/</loc></url>{''.join(rows)}</urlset>"
    )
    return Response(xml, media_type="application/xml")
