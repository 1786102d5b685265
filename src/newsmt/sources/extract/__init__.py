"""Article extraction: site adapters first, a generic extractor for everything else.

Each adapter returns the same ``ExtractedArticle``. A page an adapter cannot read raises
``ExtractionError`` with the reason, so a markup change shows up as a recorded error on
the article rather than as an empty translation.
"""

from __future__ import annotations

from newsmt.sanitize import clean_deep, clean_optional, clean_text
from newsmt.sources.extract.common import (
    Block,
    ExtractedArticle,
    ExtractionError,
    Image,
    RelatedLink,
    content_hash,
)
from newsmt.sources.extract.generic import extract_generic
from newsmt.sources.extract.korrespondent import extract_korrespondent

ADAPTERS = {"korrespondent": extract_korrespondent, "generic": extract_generic}


def extract_article(
    html: str, url: str, *, adapter: str = "generic", fallback_lang: str | None = None
) -> ExtractedArticle:
    try:
        extractor = ADAPTERS[adapter]
    except KeyError:
        raise ExtractionError(
            f"unknown adapter {adapter!r}; known: {', '.join(ADAPTERS)}"
        ) from None
    if not html or not html.strip():
        raise ExtractionError("empty page")
    return _cleaned(extractor(clean_text(html), url, fallback_lang=fallback_lang))


def _cleaned(article: ExtractedArticle) -> ExtractedArticle:
    """No control character of the page reaches the database, a page or a feed."""
    for name, value in vars(article).items():
        if isinstance(value, str | list):
            setattr(article, name, clean_deep(value))
    for block in article.blocks:
        block.text, block.links = clean_text(block.text), clean_deep(block.links)
    for image in article.images:
        image.src, image.caption = clean_text(image.src), clean_optional(image.caption)
    if article.related:
        article.related.title = clean_text(article.related.title)
    return article


__all__ = [
    "ADAPTERS",
    "Block",
    "ExtractedArticle",
    "ExtractionError",
    "Image",
    "RelatedLink",
    "content_hash",
    "extract_article",
]
