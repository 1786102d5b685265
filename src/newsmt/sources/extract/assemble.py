"""From found paragraphs to an article: furniture out, read-also out, teaser, lead, background.

Every adapter (the generic one and each outlet profile) ends here, so the ru/uk
conventions are applied the same way whichever way the paragraphs were found.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from newsmt.sources.extract.common import (
    Block,
    ExtractedArticle,
    ExtractionError,
    Image,
    RelatedLink,
    guess_language,
    normalise_space,
    safe_http_url,
    site_key,
)
from newsmt.sources.extract.conventions import Conventions
from newsmt.sources.extract.markup import PageMarkup, is_link_only
from newsmt.sources.extract.metadata import PageMetadata

_TRUNCATED = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
# A heading opening the text is a standfirst when it is a sentence, not a section title.
STANDFIRST_MIN_WORDS = 8
MAX_TAGS = 12


def _key(text: str) -> str:
    return normalise_space(text).casefold()


def _same_site(href: str, page_url: str, hosts: tuple[str, ...]) -> bool:
    """The outlet's own site: the page's domain, or a host its profile names."""
    host, page = urlsplit(href).hostname or "", urlsplit(page_url).hostname or ""
    sites = {site_key(page_url), *hosts}
    return bool(host) and (host == page or any(host == s or host.endswith("." + s) for s in sites))


def _article_like(href: str, page_url: str, hosts: tuple[str, ...] = ()) -> bool:
    path = urlsplit(href).path.strip("/")
    return (
        bool(path)
        and _same_site(href, page_url, hosts)
        and href.rstrip("/") != page_url.rstrip("/")
    )


def drop_furniture(
    blocks: list[Block], markup: PageMarkup, title: str, c: Conventions
) -> list[Block]:
    title_key = _key(title)
    captions = {_key(t) for t in markup.captions}
    kept = []
    for block in blocks:
        key = _key(block.text)
        if not key or key == title_key or key in captions or c.is_furniture(block.text):
            continue
        kept.append(block)
    return kept


def drop_read_also(blocks: list[Block], c: Conventions) -> list[Block]:
    """Prefixed inserts («Читайте также: …»), and a read-also heading with the links after it."""
    kept: list[Block] = []
    in_list = False
    for block in blocks:
        if in_list and is_link_only(block.text, block.links) and len(block.text.split()) <= 40:
            continue
        in_list = False
        if c.is_read_also_heading(block.text):
            in_list = True
            continue
        prefix = c.read_also_prefix(block.text)
        if prefix is not None:
            rest = normalise_space(block.text)[len(prefix) :].lstrip()
            if (
                rest[:1] in (":", "—", "–", "-", "•", "|", ">")
                or is_link_only(block.text, block.links, prefix)
                or prefix.isupper()
            ):
                continue
        kept.append(block)
    return kept


def _teaser(
    text: str, links: list[dict[str, str]], url: str, c: Conventions, hosts: tuple[str, ...]
) -> RelatedLink | None:
    prefix = c.read_also_prefix(text)
    if len(links) != 1 or not is_link_only(text, links, prefix):
        return None
    href = links[0]["href"]
    return (
        RelatedLink(title=links[0]["text"], url=href) if _article_like(href, url, hosts) else None
    )


def closing_teaser(
    blocks: list[Block], markup: PageMarkup, url: str, c: Conventions, hosts: tuple[str, ...] = ()
) -> tuple[list[Block], RelatedLink | None]:
    """The related article linked in the page's last paragraph, and only there: a
    link-only paragraph followed by more article text is part of the body, and the last item
    of a read-also list is one of the list's links, not the teaser."""
    if (
        blocks
        and not _ends_read_also_list(blocks, c)
        and (related := _teaser(blocks[-1].text, blocks[-1].links, url, c, hosts))
    ):
        return blocks[:-1], related
    last = next(
        ((t, links) for t, links in reversed(markup.closing) if not c.is_furniture(t)), None
    )
    if last and (related := _teaser(last[0], last[1], url, c, hosts)):
        body_keys = {_key(b.text) for b in blocks}
        last_body = _key(blocks[-1].text) if blocks else ""
        # the teaser closes the text: the body found nothing of it, or ends with it
        if _key(last[0]) == last_body:
            return blocks[:-1], related
        if _key(last[0]) not in body_keys and _key(related.title) not in body_keys:
            return blocks, related
    if markup.related_element and _article_like(markup.related_element, url, hosts):
        return blocks, RelatedLink(title="", url=markup.related_element)
    return blocks, None


def _ends_read_also_list(blocks: list[Block], c: Conventions) -> bool:
    """The last block closes a run of link-only items under a read-also heading."""
    for block in reversed(blocks[:-1]):
        if c.is_read_also_heading(block.text):
            return True
        if not is_link_only(block.text, block.links):
            return False
    return False


def choose_lead(blocks: list[Block], description: str | None) -> tuple[str | None, list[Block]]:
    """og:description is the lead only when it is article text: the same words as one of
    the first paragraphs (then that paragraph is the lead, and not repeated in the body).
    A different text (a social-media teaser) or a truncated copy ending in «…» is not."""
    if description and not _TRUNCATED.search(description):
        want = _key(description)
        for index, block in enumerate(blocks[:3]):
            if _key(block.text) == want:
                return block.text, blocks[:index] + blocks[index + 1 :]
    if (
        len(blocks) > 1
        and blocks[0].kind in ("h2", "h3")
        and len(blocks[0].text.split()) >= STANDFIRST_MIN_WORDS
        and blocks[1].kind == "p"
    ):
        return blocks[0].text, blocks[1:]
    return None, blocks


def split_background(blocks: list[Block], c: Conventions) -> tuple[list[Block], list[str]]:
    for index, block in enumerate(blocks):
        if index > 0 and block.kind in ("p", "blockquote") and c.is_background(block.text):
            return blocks[:index], [b.text for b in blocks[index:]]
    return blocks, []


def edition_links(alternates: dict[str, str], url: str) -> dict[str, str]:
    """hreflang links to the page's Russian and Ukrainian editions («ru-UA», «uk», «ua»)."""
    found: dict[str, str] = {}
    for hreflang, href in alternates.items():
        code = hreflang.casefold().split("-")[0]
        lang = {"ru": "ru", "uk": "uk", "ua": "uk"}.get(code)
        target = safe_http_url(href, url)
        if lang and target and target.rstrip("/") != url.rstrip("/"):
            found.setdefault(lang, target)
    return found


def assemble_article(
    blocks: list[Block],
    *,
    meta: PageMetadata,
    markup: PageMarkup,
    url: str,
    title: str | None,
    lead: str | None,
    conventions: Conventions,
    extractor: str,
    fallback_lang: str | None,
    published_at: datetime | None = None,
    images: list[Image] | None = None,
    tags: list[str] | None = None,
    site_hosts: tuple[str, ...] = (),
) -> ExtractedArticle:
    title = normalise_space(title or "")
    if not title:
        raise ExtractionError(f"no title found on the page ({extractor})")
    for block in blocks:
        if not block.links:
            block.links = markup.links_for(block.text)
    blocks = drop_furniture(blocks, markup, title, conventions)
    blocks, related = closing_teaser(blocks, markup, url, conventions, site_hosts)
    blocks = drop_read_also(blocks, conventions)
    if lead:
        # the lead repeated as a paragraph of the text; a list item or quote may repeat it
        blocks = [b for b in blocks if b.kind not in ("p", "h2") or _key(b.text) != _key(lead)]
    else:
        description = meta.description if _key(meta.description or "") != _key(title) else None
        lead, blocks = choose_lead(blocks, description)
    if related is not None:
        blocks = [b for b in blocks if _key(b.text) != _key(related.title)]
    body, background = split_background(blocks, conventions)
    if not body and not lead:
        raise ExtractionError(f"no article text left after removing page furniture ({extractor})")
    if images is None:
        images = list(markup.figures)
        known = {i.src for i in images}
        images = [Image(src=s) for s in meta.images[:1] if s not in known] + images
    article = ExtractedArticle(
        title=title,
        lead=lead,
        published_at=published_at or meta.published_at,
        blocks=body,
        background=background,
        related=related,
        images=images,
        tags=(tags if tags is not None else meta.keywords)[:MAX_TAGS],
        canonical_url=meta.canonical_url,
        extractor=extractor,
        alternates=edition_links(meta.alternates, url),
    )
    article.lang = guess_language(article, fallback_lang)
    return article
