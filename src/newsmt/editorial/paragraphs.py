"""The paragraphs of an article as editors see and change them: title, lead, body blocks,
background and the related teaser, each with its source text and its German."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from newsmt.sanitize import clean_text
from newsmt.store import Article


@dataclass
class Paragraph:
    key: str  # title | lead | block-3 | background-0 | related
    label: str
    source: str
    german: str
    where: str  # how the names step refers to it

    @property
    def version(self) -> str:
        """What the edit form carries of the text it was written against."""
        return text_version(self.german)


def text_version(text: str) -> str:
    """A short fingerprint of a paragraph's German text: a save written against another
    version of the paragraph is refused instead of overwriting what its editor never saw."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def paragraphs(article: Article) -> list[Paragraph]:
    out = [Paragraph("title", "Titel", article.title or "", article.title_de or "", "title")]
    if article.lead or article.lead_de:
        out.append(Paragraph("lead", "Lead", article.lead or "", article.lead_de or "", "lead"))
    blocks = article.blocks or []
    for i, block in enumerate(article.blocks_de or []):
        source = blocks[i]["text"] if i < len(blocks) else ""
        out.append(Paragraph(f"block-{i}", f"Absatz {i + 1}", source, block["text"], f"block {i}"))
    background = article.background or []
    for i, text in enumerate(article.background_de or []):
        source = background[i] if i < len(background) else ""
        out.append(Paragraph(f"background-{i}", "Hintergrund", source, text, "background"))
    if article.related_title or article.related_title_de:
        out.append(
            Paragraph(
                "related",
                "Verwandter Artikel",
                article.related_title or "",
                article.related_title_de or "",
                "related",
            )
        )
    return out


def set_paragraph(article: Article, key: str, text: str) -> None:
    text = clean_text(text)  # an editor's paste can carry control characters too
    if key == "title":
        article.title_de = text
    elif key == "lead":
        article.lead_de = text
    elif key == "related":
        article.related_title_de = text
    elif key.startswith("block-"):
        i = int(key.split("-", 1)[1])
        blocks = [dict(b) for b in article.blocks_de or []]
        links = [k for k in blocks[i].get("links", []) if k["text"] in text]  # keep what still fits
        blocks[i] = {**blocks[i], "text": text, "links": links}
        article.blocks_de = blocks
    elif key.startswith("background-"):
        i = int(key.split("-", 1)[1])
        background = list(article.background_de or [])
        background[i] = text
        article.background_de = background
    else:
        raise KeyError(key)
