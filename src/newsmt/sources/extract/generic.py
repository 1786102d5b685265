"""Any other outlet: trafilatura first, then plain markup heuristics.

trafilatura finds the main text on most news pages; where it returns nothing (very
short pages, unusual markup) the fallback reads <article>/<main> paragraphs with
selectolax. Both paths feed the same background and related-link conventions.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsmt.sources.extract.common import (
    Block,
    ExtractedArticle,
    ExtractionError,
    RelatedLink,
    guess_language,
    is_boilerplate,
    normalise_space,
    parse_iso_datetime,
    safe_http_url,
    split_background,
)

_ARTICLE_LINK = re.compile(r"/\d+-[^/]*$")
_XML_KINDS = {"p": "p", "head": "h2", "quote": "blockquote", "item": "li"}


def _meta(tree: HTMLParser, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
        if node is not None and (content := node.attributes.get("content")):
            return normalise_space(content)
    return None


def _blocks_from_trafilatura(html: str, url: str) -> tuple[list[Block], RelatedLink | None]:
    xml = trafilatura.extract(
        html,
        url=url,
        output_format="xml",
        include_links=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
    )
    if not xml:
        return [], None
    root = etree.fromstring(xml.encode("utf-8"))
    blocks: list[Block] = []
    related: RelatedLink | None = None
    main = root.find("main")
    for element in (main if main is not None else root).iter("p", "head", "quote", "item"):
        if (
            element.tag == "p"
            and element.getparent() is not None
            and element.getparent().tag == "quote"
        ):
            continue
        text = normalise_space("".join(element.itertext()))
        if not text or is_boilerplate(text):
            continue
        refs = element.findall("ref")
        if (
            element.tag == "p"
            and len(refs) == 1
            and normalise_space("".join(refs[0].itertext())) == text
        ):
            target = safe_http_url(refs[0].get("target"), url)
            if target and _ARTICLE_LINK.search(target):
                related = RelatedLink(title=text, url=target)
                continue
        links = [
            {"text": anchor, "href": target}
            for ref in refs
            if (target := safe_http_url(ref.get("target"), url))
            and (anchor := normalise_space("".join(ref.itertext())))
        ]
        blocks.append(Block(_XML_KINDS[element.tag], text, links))
    return blocks, related


def _blocks_from_markup(tree: HTMLParser) -> list[Block]:
    scope = tree.css_first("article") or tree.css_first("main") or tree.body
    if scope is None:
        return []
    blocks = []
    for node in scope.css("p, h2, blockquote, li"):
        text = normalise_space(node.text(separator=" "))
        if len(text) >= 2 and not is_boilerplate(text):
            blocks.append(
                Block(
                    {"h2": "h2", "blockquote": "blockquote", "li": "li"}.get(node.tag or "", "p"),
                    text,
                )
            )
    return blocks


def _related_from_markup(tree: HTMLParser, url: str) -> RelatedLink | None:
    """trafilatura drops link-only paragraphs; the teaser is the last one in the article."""
    scope = tree.css_first("article") or tree.css_first("main") or tree.body
    if scope is None:
        return None
    for paragraph in reversed(scope.css("p")):
        link = paragraph.css_first("a")
        text = normalise_space(paragraph.text(separator=" "))
        if link is None or not text or normalise_space(link.text(separator=" ")) != text:
            continue
        target = safe_http_url(link.attributes.get("href"), url)
        if target and _ARTICLE_LINK.search(target):
            return RelatedLink(title=text, url=target)
    return None


def extract_generic(html: str, url: str, *, fallback_lang: str | None = None) -> ExtractedArticle:
    tree = HTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "iframe", "object"])
    blocks, related = _blocks_from_trafilatura(html, url)
    related = related or _related_from_markup(tree, url)
    extractor = "generic:trafilatura"
    if not blocks:
        blocks, extractor = _blocks_from_markup(tree), "generic:markup"
    h1 = tree.css_first("h1")
    title = (normalise_space(h1.text()) if h1 is not None else "") or _meta(tree, "og:title") or ""
    if not title:
        title_node = tree.css_first("title")
        title = normalise_space(title_node.text()) if title_node is not None else ""
    if not title or not blocks:
        raise ExtractionError("no article text found on the page (generic extractor)")
    blocks = [b for b in blocks if b.text != title and (not related or b.text != related.title)]
    lead = _meta(tree, "og:description", "description")
    if lead is None and blocks and blocks[0].kind in ("p", "h2"):
        lead = blocks.pop(0).text
    elif lead and blocks and blocks[0].text == lead:
        blocks.pop(0)
    body, background = split_background(blocks)
    canonical = tree.css_first('link[rel="canonical"]')
    article = ExtractedArticle(
        title=title,
        lead=lead,
        published_at=parse_iso_datetime(
            _meta(tree, "article:published_time", "datePublished", "pubdate")
        ),
        blocks=body,
        background=background,
        related=related,
        canonical_url=safe_http_url(canonical.attributes.get("href"), url) if canonical else None,
        extractor=extractor,
    )
    article.lang = guess_language(article, fallback_lang)
    return article
