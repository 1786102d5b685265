"""What the page's own markup says about the text an extractor found.

trafilatura returns text without the page's structure; this reads, once per page, the
facts that decide what a paragraph is: its links (a paragraph that is only a link is a
teaser or a read-also line, not article text), figure captions, headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from newsmt.sources.extract.common import Block, Image, normalise_space, safe_http_url
from newsmt.sources.extract.metadata import PageMetadata, read_metadata

SCOPES = ("article", '[itemprop="articleBody"]', "main", "body")
PARAGRAPHS = "p, li, h2, h3, h4, blockquote, td, dd"
_FALLBACK_KINDS = {"h2": "h2", "h3": "h3", "h4": "h3", "blockquote": "blockquote", "li": "li"}
MAX_ANCHORS = 5_000
_PUNCTUATION = " :.-–—•>|«»\"'()[]"  # noqa: B005 - a set of characters


def node_text(node: Node | None) -> str:
    return normalise_space(node.text(separator=" ")) if node is not None else ""


def parse_page(html: str, url: str) -> tuple[HTMLParser, PageMetadata]:
    """The page as every adapter reads it: metadata first (JSON-LD lives in <script>), then
    scripts and embeds removed and each <br> turned into a line break, so `node_lines`
    can split a paragraph where the page did."""
    tree = HTMLParser(html)
    meta = read_metadata(tree, url)
    tree.strip_tags(["script", "style", "noscript", "template", "iframe", "object"])
    for br in tree.css("br"):
        br.replace_with("\n")
    return tree, meta


def node_lines(node: Node) -> list[str]:
    """Text split where the page had <br> (see parse_page): separate lines in the source."""
    raw = node.text(separator=" ")
    return [line for chunk in raw.split("\n") if (line := normalise_space(chunk))]


def node_links(node: Node, base: str) -> list[dict[str, str]]:
    links = []
    for anchor in node.css("a"):
        href = safe_http_url(anchor.attributes.get("href"), base)
        if href and (text := node_text(anchor)):
            links.append({"text": text, "href": href})
    return links


def is_link_only(text: str, links: list[dict[str, str]], prefix: str | None = None) -> bool:
    """Nothing in the paragraph but its link text (and a read-also prefix, bullets, colons)."""
    if not links:
        return False
    rest = normalise_space(text)
    if prefix and rest.lower().startswith(prefix.lower()):
        rest = rest[len(prefix) :]
    for link in links:
        rest = rest.replace(link["text"], " ", 1)
    return not rest.strip(_PUNCTUATION)


@dataclass
class PageMarkup:
    scope: Node | None
    title: str | None
    any_h1: str | None
    page_title: str | None
    base: str
    links_by_text: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    anchors: list[dict[str, str]] = field(default_factory=list)
    captions: set[str] = field(default_factory=set)
    figures: list[Image] = field(default_factory=list)
    # the scope's paragraphs in order, with their links: the closing teaser is the last one
    closing: list[tuple[str, list[dict[str, str]]]] = field(default_factory=list)
    related_element: str | None = None  # <related><a href=…> of normalised pages

    def links_for(self, text: str) -> list[dict[str, str]]:
        if text in self.links_by_text:
            return self.links_by_text[text]
        return [a for a in self.anchors if len(a["text"]) > 2 and a["text"] in text]

    def paragraphs(self) -> list[Block]:
        """Fallback body: the scope's paragraphs when trafilatura found nothing."""
        if self.scope is None:
            return []
        blocks: list[Block] = []
        for node in self.scope.css("p, h2, h3, blockquote, li"):
            if node.tag == "p" and node.parent is not None and node.parent.tag == "li":
                continue
            kind = _FALLBACK_KINDS.get(node.tag or "", "p")
            blocks.extend(Block(kind, line) for line in node_lines(node) if len(line) >= 2)
        return blocks


def read_markup(tree: HTMLParser, base: str) -> PageMarkup:
    scope = next((n for s in SCOPES if (n := tree.css_first(s)) is not None), None)
    h1_in_scope = scope.css_first("h1") if scope is not None else None
    any_h1, title_node = tree.css_first("h1"), tree.css_first("title")
    markup = PageMarkup(
        scope=scope,
        title=node_text(h1_in_scope) or None,
        any_h1=node_text(any_h1) or None,
        page_title=node_text(title_node) or None,
        base=base,
    )
    for node in tree.css(PARAGRAPHS):
        links = node_links(node, base)
        if links:
            markup.links_by_text.setdefault(node_text(node), links)
            for line in node_lines(node):
                markup.links_by_text.setdefault(line, [a for a in links if a["text"] in line])
    if scope is not None:
        for anchor in scope.css("a")[:MAX_ANCHORS]:
            href = safe_http_url(anchor.attributes.get("href"), base)
            if href and (text := node_text(anchor)):
                markup.anchors.append({"text": text, "href": href})
        for node in scope.css("p, h2, h3, h4, related"):
            if node.tag == "related":  # its first link; only if no paragraph follows it
                first = node.css_first("a[href]")
                href = first.attributes.get("href") if first is not None else None
                markup.related_element = safe_http_url(href, base)
            elif text := node_text(node):
                markup.closing.append((text, node_links(node, base)))
                if node.parent is None or node.parent.tag != "related":
                    markup.related_element = None
        for figure in scope.css("figure"):
            image = figure.css_first("img")
            caption = node_text(figure.css_first("figcaption")) or None
            src = safe_http_url(image.attributes.get("src"), base) if image is not None else None
            if src:
                markup.figures.append(Image(src=src, caption=caption))
    for caption_node in tree.css("figcaption, .caption, .wp-caption-text, [itemprop=caption]"):
        if text := node_text(caption_node):
            markup.captions.add(text)
    return markup
