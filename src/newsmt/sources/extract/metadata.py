"""What a page says about itself: JSON-LD first, then Open Graph and other meta tags.

JSON-LD (`NewsArticle`, `Article`, `ReportageNewsArticle`, … inside `@graph` or a list)
is what outlets maintain for search engines, so it is the most reliable source of the
date and headline; meta tags fill what it lacks.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsmt.sources.extract.common import (
    normalise_space,
    parse_iso_datetime,
    parse_text_date,
    safe_http_url,
)

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "report",
    "liveblogposting",
}
MAX_LD_BYTES = 2_000_000


@dataclass
class PageMetadata:
    headline: str | None = None
    description: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    lang: str | None = None
    images: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> URL
    site_name: str | None = None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(item: dict[str, Any]) -> set[str]:
    return {str(t).lower() for t in _as_list(item.get("@type"))}


def _walk_ld(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every JSON-LD object that is an article, looking into lists and @graph."""
    found: list[dict[str, Any]] = []
    stack: list[tuple[Any, int]] = [(data, depth)]
    while stack:
        item, level = stack.pop()
        if level > 6:
            continue
        if isinstance(item, list):
            stack.extend((x, level + 1) for x in item)
        elif isinstance(item, dict):
            if _types(item) & ARTICLE_TYPES:
                found.append(item)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(item.get(key), list | dict):
                    stack.append((item[key], level + 1))
    return found


def _text_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if not isinstance(value, str) or not value.strip():
        return None
    return normalise_space(html.unescape(value))  # outlets often entity-encode JSON-LD text


def _image_urls(value: Any, base: str) -> list[str]:
    urls = []
    for item in _as_list(value):
        raw = item.get("url") or item.get("contentUrl") if isinstance(item, dict) else item
        if isinstance(raw, str) and (url := safe_http_url(raw, base)):
            urls.append(url)
    return urls


def _meta(tree: HTMLParser, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            content = node.attributes.get("content") if node is not None else None
            if content and (text := normalise_space(content)):
                return text
    return None


def json_ld_articles(tree: HTMLParser) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text() or ""
        if len(raw) > MAX_LD_BYTES:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (json.JSONDecodeError, RecursionError, ValueError):
            continue
        articles.extend(_walk_ld(data))
    return articles


def read_metadata(tree: HTMLParser, url: str) -> PageMetadata:
    """Call before <script> elements are stripped: JSON-LD lives in them."""
    meta = PageMetadata()
    for item in json_ld_articles(tree):
        meta.headline = meta.headline or _text_of(item.get("headline"))
        meta.description = meta.description or _text_of(item.get("description"))
        meta.published_at = meta.published_at or parse_iso_datetime(
            _text_of(item.get("datePublished"))
        )
        meta.modified_at = meta.modified_at or parse_iso_datetime(
            _text_of(item.get("dateModified"))
        )
        if not meta.authors:
            meta.authors = [a for x in _as_list(item.get("author")) if (a := _text_of(x))]
        meta.lang = meta.lang or _text_of(item.get("inLanguage"))
        if not meta.images:
            meta.images = _image_urls(item.get("image"), url)
        if not meta.keywords and (words := item.get("keywords")):
            listed = words.split(",") if isinstance(words, str) else _as_list(words)
            meta.keywords = [k for w in listed if isinstance(w, str) and (k := normalise_space(w))]
    meta.headline = meta.headline or _meta(tree, "og:title", "twitter:title")
    meta.description = meta.description or _meta(
        tree, "og:description", "twitter:description", "description"
    )
    meta.published_at = meta.published_at or parse_iso_datetime(
        _meta(tree, "article:published_time", "datePublished", "pubdate", "publish-date")
    )
    meta.modified_at = meta.modified_at or parse_iso_datetime(
        _meta(tree, "article:modified_time", "dateModified", "og:updated_time")
    )
    if meta.published_at is None:
        time_node = tree.css_first("article time[datetime]") or tree.css_first("time[datetime]")
        if time_node is not None:
            meta.published_at = parse_iso_datetime(time_node.attributes.get("datetime"))
    if meta.published_at is None:  # «15 августа 2016, 13:43» in a dated element
        for node in tree.css('[class*="date"], [class*="time"], time')[:20]:
            if found := parse_text_date(normalise_space(node.text(separator=" "))[:80]):
                meta.published_at = found
                break
    if not meta.images and (image := _meta(tree, "og:image", "twitter:image")):
        meta.images = [u for u in [safe_http_url(image, url)] if u]
    if not meta.keywords:
        meta.keywords = [
            k
            for node in tree.css('meta[property="article:tag"]')
            if (k := normalise_space(node.attributes.get("content") or ""))
        ]
    html_node = tree.css_first("html")
    meta.lang = meta.lang or (html_node.attributes.get("lang") if html_node is not None else None)
    meta.site_name = _meta(tree, "og:site_name")
    canonical = tree.css_first('link[rel="canonical"]')
    meta.canonical_url = (
        safe_http_url(canonical.attributes.get("href"), url) if canonical is not None else None
    ) or safe_http_url(_meta(tree, "og:url"), url)
    for link in tree.css("link[rel=alternate][hreflang]"):
        hreflang = (link.attributes.get("hreflang") or "").lower()
        if hreflang and (href := safe_http_url(link.attributes.get("href"), url)):
            meta.alternates.setdefault(hreflang, href)
    return meta
