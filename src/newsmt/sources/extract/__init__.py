"""Article extraction: site adapters first, a generic extractor for everything else.

Each adapter returns the same ``ExtractedArticle``. A page an adapter cannot read raises
``ExtractionError`` with the reason, so a markup change shows up as a recorded error on
the article rather than as an empty translation.
"""

from __future__ import annotations

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
    return extractor(html, url, fallback_lang=fallback_lang)


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
