"""Article extraction: outlet profiles first, a generic extractor for everything else.

Every adapter returns the same ``ExtractedArticle``. The adapters are "generic" and one per
outlet profile (data/outlets/*.yaml); this module is the one list of them. A page its
profile cannot read (the outlet changed its markup) is read by the generic extractor, and
the article carries a note saying so; a page nothing can read raises ``ExtractionError``.
"""

from __future__ import annotations

import re

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
from newsmt.sources.extract.profiles import (
    Profile,
    ProfileMismatch,
    extract_with_profile,
    outlet_profiles,
)


def adapter_names() -> list[str]:
    return ["generic", *outlet_profiles()]


def adapter_hosts(adapter: str) -> list[str]:
    """Hosts an adapter's articles live on, beyond the feed's own host."""
    profile = outlet_profiles().get(adapter)
    return list(profile.hosts) if profile else []


def extract_article(
    html: str, url: str, *, adapter: str = "generic", fallback_lang: str | None = None
) -> ExtractedArticle:
    profiles = outlet_profiles()
    if adapter != "generic" and adapter not in profiles:
        raise ExtractionError(f"unknown adapter {adapter!r}; known: {', '.join(adapter_names())}")
    if not html or not html.strip():
        raise ExtractionError("empty page")
    page = expand_self_closed(clean_text(html))
    if adapter == "generic":
        return _cleaned(extract_generic(page, url, fallback_lang=fallback_lang))
    try:
        return _cleaned(
            extract_with_profile(page, url, profiles[adapter], fallback_lang=fallback_lang)
        )
    except ProfileMismatch as mismatch:
        try:
            article = extract_generic(page, url, fallback_lang=fallback_lang)
        except ExtractionError as exc:
            raise ExtractionError(f"{mismatch}; generic extraction failed too: {exc}") from exc
        article.extractor = "generic:fallback"
        article.notes.append(f"{mismatch}; read with the generic extractor instead")
        return _cleaned(article)


# `<a href="…"/>` or `<iframe …/>` is XHTML; an HTML parser opens the element and never
# closes it, so the rest of the page becomes one link or disappears into the iframe.
_SELF_CLOSED = re.compile(
    r"<(a|iframe|div|span|p|b|i|em|strong|video|audio|canvas|textarea|related|section)\b([^<>]*?)\s*/>",
    re.IGNORECASE,
)


def expand_self_closed(html: str) -> str:
    return _SELF_CLOSED.sub(r"<\1\2></\1>", html)


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
    "Profile",
    "Block",
    "ExtractedArticle",
    "ExtractionError",
    "Image",
    "RelatedLink",
    "content_hash",
    "adapter_hosts",
    "adapter_names",
    "extract_article",
    "outlet_profiles",
]
