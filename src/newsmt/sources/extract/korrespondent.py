"""Korrespondent.net (ru and ua editions).

Selectors come from ../shared/sources/korrespondent.md and live in SELECTORS only, so a
layout change is fixed in one place. Missing required elements raise ExtractionError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from newsmt.sources.extract.common import (
    Block,
    ExtractedArticle,
    ExtractionError,
    Image,
    RelatedLink,
    guess_language,
    is_boilerplate,
    normalise_space,
    parse_iso_datetime,
    parse_korrespondent_date,
    safe_http_url,
    split_background,
)

SELECTORS = {
    "container": "div.post-item",
    "title": "h1.post-item__title",
    "text": "div.post-item__text",
    "info": "div.post-item__info",
    "photo": "div.post-item__photo img",
    "photo_caption": "div.post-item__photo-about",
    "tags": "div.post-item__tags .post-item__tags-item",
    "ld_json": 'script[type="application/ld+json"]',
    "canonical": 'link[rel="canonical"]',
}
BODY_TAGS = {"p", "h2", "h3", "blockquote", "ul", "ol"}
_ARTICLE_LINK = re.compile(r"/\d+-[^/]*$")


def _text(node: Node | None) -> str:
    return normalise_space(node.text(separator=" ")) if node is not None else ""


def _body_nodes(node: Node) -> Iterator[Node]:
    """Body-level elements in document order, looking through wrapper <div>s. Iterative,
    with an explicit stack: 3,000 nested divs must not reach Python's recursion limit."""
    stack: list[Iterator[Node]] = [iter(node.iter(include_text=False))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in BODY_TAGS:
            yield child
        elif child.tag not in ("script", "style", "noscript", "iframe", "figure"):
            stack.append(iter(child.iter(include_text=False)))


def _is_related_teaser(node: Node) -> bool:
    """`<p><strong><a href=".../4771234-slug">Title</a></strong></p>` and nothing else."""
    link = node.css_first("strong a") or node.css_first("b a")
    if node.tag != "p" or link is None:
        return False
    href = link.attributes.get("href") or ""
    return bool(_ARTICLE_LINK.search(href)) and _text(link) == _text(node)


def _inline_links(node: Node, base: str) -> list[dict[str, str]]:
    links = []
    for anchor in node.css("a"):
        href = safe_http_url(anchor.attributes.get("href"), base)
        if href and (text := _text(anchor)):
            links.append({"text": text, "href": href})
    return links


def _published_at(tree: HTMLParser):  # type: ignore[no-untyped-def]
    for script in tree.css(SELECTORS["ld_json"]):
        try:
            data = json.loads(script.text() or "{}")
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and (value := parse_iso_datetime(item.get("datePublished"))):
                return value
    info = tree.css_first(SELECTORS["info"])
    return parse_korrespondent_date(_text(info)) if info is not None else None


def extract_korrespondent(
    html: str, url: str, *, fallback_lang: str | None = None
) -> ExtractedArticle:
    tree = HTMLParser(html)
    published_at = _published_at(tree)  # reads ld+json, so before scripts are removed
    tree.strip_tags(["script", "style", "noscript", "template", "iframe", "object"])
    container = tree.css_first(SELECTORS["container"])
    if container is None:
        raise ExtractionError(
            f"Korrespondent markup not found ({SELECTORS['container']} missing): "
            "not an article page, or the site layout changed"
        )
    title = _text(container.css_first(SELECTORS["title"]))
    text_node = container.css_first(SELECTORS["text"])
    if not title or text_node is None:
        missing = SELECTORS["title"] if not title else SELECTORS["text"]
        raise ExtractionError(f"Korrespondent markup changed: {missing} missing")

    lead: str | None = None
    blocks: list[Block] = []
    related: RelatedLink | None = None
    for node in _body_nodes(text_node):
        text = _text(node)
        if not text or is_boilerplate(text):
            continue
        if node.tag == "h2" and lead is None and not blocks:
            lead = text
        elif _is_related_teaser(node):
            link = node.css_first("a")
            href = safe_http_url(link.attributes.get("href") if link else None, url)
            if href:
                related = RelatedLink(title=text, url=href)
        elif node.tag in ("ul", "ol"):
            blocks.extend(
                Block("li", _text(li), _inline_links(li, url)) for li in node.css("li") if _text(li)
            )
        else:
            blocks.append(Block(node.tag or "p", text, _inline_links(node, url)))
    if not blocks:
        raise ExtractionError("Korrespondent article has no body paragraphs")
    body, background = split_background(blocks)

    images: list[Image] = []
    photo = container.css_first(SELECTORS["photo"])
    if photo is not None and (src := safe_http_url(photo.attributes.get("src"), url)):
        caption = _text(container.css_first(SELECTORS["photo_caption"])) or None
        images.append(Image(src=src, caption=caption))
    canonical = tree.css_first(SELECTORS["canonical"])
    article = ExtractedArticle(
        title=title,
        lead=lead,
        published_at=published_at,
        blocks=body,
        background=background,
        related=related,
        images=images,
        tags=[_text(t) for t in container.css(SELECTORS["tags"]) if _text(t)],
        canonical_url=safe_http_url(canonical.attributes.get("href"), url) if canonical else None,
        extractor="korrespondent",
    )
    article.lang = guess_language(article, fallback_lang)
    return article
