"""The public site: index, article pages, source and tag pages, search, feeds, sitemap."""

from __future__ import annotations

import re
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from feedgen.feed import FeedGenerator
from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only, selectinload

from newsmt.config import Settings
from newsmt.publish.feeds import FeedEntry, build_feed
from newsmt.publish.site import body_html
from newsmt.render import slugify
from newsmt.render.article import GermanArticle
from newsmt.render.compose import german_article
from newsmt.statuses import APPROVED, PUBLISHED
from newsmt.store import Article, ArticleTag, Source, queries
from newsmt.store.search import SUMMARY_COLUMNS, search_articles
from newsmt.web.deps import DB, Seite, parse_number

router = APIRouter()
SCREENSHOT_NAME = re.compile(r"([1-9][0-9]{0,9})(?:-thumb)?\.png")
Page = Seite  # ?seite=, ASCII digits, 1 to 10,000 (deps.py)


def article_href(article: Article) -> str:
    return f"/artikel/{article.id}-{slugify(article.title_de or '')}"


def published(session: Session):  # type: ignore[no-untyped-def]
    return queries.published()


def listed(query):  # type: ignore[no-untyped-def]
    return query.options(load_only(*SUMMARY_COLUMNS), selectinload(Article.source))


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
    """One page of a list, newest first. No count of the whole list: one row more than a
    page says whether an older page exists (a count was the one cost that grew with the
    archive, 30-40 ms at 50,000 on PostgreSQL)."""
    per_page = request.app.state.settings.articles_per_page
    rows = session.scalars(  # (status, published_at) index; only the columns shown
        listed(query)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    if page > 1 and not rows:
        raise HTTPException(404, "Seite nicht gefunden")
    return render(
        request,
        "list.html",
        title=title,
        items=rows[:per_page],
        page=page,
        older=len(rows) > per_page,
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
    tagged = select(ArticleTag.article_id).where(ArticleTag.tag == tag)  # indexed
    if session.scalar(tagged.limit(1)) is None:  # a topic nobody wrote about is no page
        raise HTTPException(404, "Thema nicht gefunden")
    query = published(session).where(Article.id.in_(tagged))
    return listing(request, session, query, page, f"Thema: {tag}")


@router.get("/screenshots/{name}", include_in_schema=False)
def screenshot(request: Request, session: DB, name: str) -> Response:
    """The original's screenshot and thumbnail, only while the article is published."""
    match = SCREENSHOT_NAME.fullmatch(name)
    article_id = parse_number(match.group(1)) if match else None
    article = session.get(Article, article_id) if article_id else None
    if article is None or article.status != PUBLISHED or not article.screenshot_path:
        raise HTTPException(404, "Bildschirmfoto nicht gefunden")
    storage = request.app.state.storage
    path = storage.local_path(f"screenshots/{name}")
    if path is None and name.endswith("-thumb.png"):  # small, and an <img>: served from
        data = storage.get_bytes(f"screenshots/{name}")  # here (the CSP allows only 'self')
        if data is None:
            raise HTTPException(404, "Bildschirmfoto nicht gefunden")
        return Response(data, media_type="image/png")
    if path is None:  # an object store: the browser fetches it from there, briefly signed
        return RedirectResponse(storage.url(f"screenshots/{name}"), status_code=302)
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
    article_id = parse_number(ref.split("-", 1)[0])  # ASCII digits within the id range
    article = session.get(Article, article_id) if article_id else None
    if article is None or article.status != PUBLISHED:
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
    """The same builder as the static export's feeds (publish/feeds.py)."""
    settings: Settings = request.app.state.settings
    base = settings.site_base_url.rstrip("/")
    items = session.scalars(
        listed(published(session)).order_by(Article.published_at.desc()).limit(50)
    ).all()
    return build_feed(
        base_url=settings.site_base_url,
        title=settings.site_title,
        description=settings.site_title,
        entries=[
            FeedEntry(
                article_id=a.id,
                title=a.title_de or "",
                link=base + article_href(a),
                lead=a.lead_de,
                reviewed=a.review_status == APPROVED,
                published=a.published_at or a.discovered_at,
                updated=a.reviewed_at or a.published_at or a.discovered_at,
            )
            for a in items
        ],
    )


@router.get("/feed.rss", include_in_schema=False)
def rss(request: Request, session: DB) -> Response:
    return Response(_feed(request, session).rss_str(pretty=True), media_type="application/rss+xml")


@router.get("/feed.atom", include_in_schema=False)
def atom(request: Request, session: DB) -> Response:
    return Response(
        _feed(request, session).atom_str(pretty=True), media_type="application/atom+xml"
    )


# URLs per sitemap file: the protocol allows 50,000; files of 1,000 render in a few ms
# each, and the index (up to 50,000 files) still covers 50 million articles.
SITEMAP_URLS = 1_000


@router.get("/sitemap.xml", include_in_schema=False)
def sitemap(request: Request, session: DB) -> Response:
    """A sitemap index: one file per SITEMAP_URLS published articles, in id order, so a
    publication changes only the last file and no file breaks the protocol's limits."""
    base = request.app.state.settings.site_base_url.rstrip("/")
    total = session.scalar(queries.published(func.count()))
    files = max(1, -(-(total or 0) // SITEMAP_URLS))
    entries = "".join(
        f"<sitemap><loc>{escape(base)}/sitemap-{n}.xml</loc></sitemap>" for n in range(1, files + 1)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    )
    return Response(xml, media_type="application/xml")


@router.get("/sitemap-{number}.xml", include_in_schema=False)
def sitemap_file(request: Request, session: DB, number: str) -> Response:
    part = parse_number(number, high=100_000)  # strict, and a 404 for a crawler
    if part is None:
        raise HTTPException(404, "Sitemap nicht gefunden")
    base = request.app.state.settings.site_base_url.rstrip("/")
    columns = (
        Article.id,
        Article.title_de,
        Article.reviewed_at,
        Article.published_at,
        Article.discovered_at,
    )
    rows = session.execute(
        queries.published(*columns)
        .order_by(Article.id)
        .offset((part - 1) * SITEMAP_URLS)
        .limit(SITEMAP_URLS)
    ).all()
    if part > 1 and not rows:
        raise HTTPException(404, "Sitemap nicht gefunden")

    def body():  # type: ignore[no-untyped-def]  # streamed in chunks of 1,000 articles
        head = '<?xml version="1.0" encoding="UTF-8"?>\n'
        head += '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        if part == 1:
            head += f"<url><loc>{escape(base)}/</loc></url>"
        yield head
        for start in range(0, len(rows), 1000):
            lines = []
            for article_id, title, reviewed, published_at, discovered in rows[start : start + 1000]:
                href = f"/artikel/{article_id}-{slugify(title or '')}"
                day = (reviewed or published_at or discovered).date().isoformat()
                lines.append(f"<url><loc>{escape(base + href)}</loc><lastmod>{day}</lastmod></url>")
            yield "".join(lines)
        yield "</urlset>"

    return StreamingResponse(body(), media_type="application/xml")
