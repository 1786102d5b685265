"""Any outlet: trafilatura finds the text, the page's markup and metadata say what it is.

trafilatura runs twice, once favouring precision and once balanced; the precise result is
taken unless it lost much of the text (then the balanced one is). Its XML keeps headings,
list items and line breaks apart. The page's own markup then supplies what trafilatura does
not keep: which paragraph is link-only (a read-also insert, the closing teaser), captions,
inline links. Where trafilatura finds nothing, the <article>/<main> paragraphs are read.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml import etree

from newsmt.sources.extract.assemble import assemble_article
from newsmt.sources.extract.common import Block, ExtractedArticle, ExtractionError, normalise_space
from newsmt.sources.extract.conventions import default_conventions
from newsmt.sources.extract.markup import PageMarkup, parse_page, read_markup

# The precise extraction stands unless it kept less than this share of the balanced one.
PRECISION_KEEPS = 0.6
_KINDS = {"p": "p", "head": "h2", "quote": "blockquote", "item": "li", "row": "p", "code": "p"}
_LEAVES = tuple(_KINDS)


@dataclass
class _Found:
    blocks: list[Block]
    extractor: str


def _lines(element: etree._Element) -> list[str]:
    """The element's text, one entry per line: <lb/> ends a line, table cells are spaced."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node.tag == "cell":
                parts.append(" ")
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "lb":
            parts.append("\n")
        elif node.tag == "cell":
            parts.append(" ")
        if node.text and node.tag != "lb":
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node)))
    return [line for raw in "".join(parts).split("\n") if (line := normalise_space(raw))]


def _trafilatura_blocks(html: str, url: str, *, precise: bool) -> list[Block]:
    xml = trafilatura.extract(
        html,
        url=url,
        output_format="xml",
        include_comments=False,
        favor_precision=precise,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(huge_tree=False))
    main = root.find("main")
    scope = main if main is not None else root
    blocks: list[Block] = []
    if scope.text and (text := normalise_space(scope.text)):
        blocks.append(Block("p", text))
    for child in scope:
        for element in child.iter(*_LEAVES):
            ancestors = {a.tag for a in element.iterancestors()}
            if ancestors & {"quote", "item", "row"} or (element.tag == "p" and "cell" in ancestors):
                continue  # inside a block already taken whole
            kind = _KINDS[str(element.tag)]
            blocks.extend(Block(kind, line) for line in _lines(element))
        if child.tail and (text := normalise_space(child.tail)):
            blocks.append(Block("p", text))
    return blocks


def _text_chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def find_body(html: str, url: str, markup: PageMarkup) -> _Found:
    precise = _trafilatura_blocks(html, url, precise=True)
    balanced = _trafilatura_blocks(html, url, precise=False)
    if precise and _text_chars(precise) >= PRECISION_KEEPS * _text_chars(balanced):
        return _Found(precise, "generic:trafilatura")
    if balanced:
        return _Found(balanced, "generic:trafilatura")
    return _Found(markup.paragraphs(), "generic:markup")


def extract_generic(html: str, url: str, *, fallback_lang: str | None = None) -> ExtractedArticle:
    tree, meta = parse_page(html, url)
    markup = read_markup(tree, url)
    found = find_body(html, url, markup)
    if not found.blocks:
        raise ExtractionError("no article text found on the page (generic extractor)")
    return assemble_article(
        found.blocks,
        meta=meta,
        markup=markup,
        url=url,
        title=markup.title or meta.headline or markup.any_h1 or markup.page_title,
        lead=None,
        conventions=default_conventions(),
        extractor=found.extractor,
        fallback_lang=fallback_lang,
    )
