"""The German article in the seed's layout, as data first, then as HTML or plain text.

Layout (../shared/seed/README.md): date, disclaimer, link to the screenshot of the
original, title, lead, body, background ("Wir erinnern daran, dass …"), related teaser,
link to the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsmt.render.dates import german_date
from newsmt.render.typography import german_typography


@dataclass
class RelatedLine:
    title: str
    href: str
    ours: bool  # True when it links our own translation of the related article


LANGUAGE_NAMES = {"ru": "Russisch", "uk": "Ukrainisch"}


@dataclass
class EditionLink:
    """The same story in the outlet's other language: linked, never translated twice."""

    lang: str  # ru | uk
    language: str  # its German name: Russisch, Ukrainisch
    url: str


@dataclass
class GermanArticle:
    title: str
    lead: str | None
    date_line: str
    date_iso: str
    disclaimer: str
    screenshot_href: str | None
    screenshot_label: str
    blocks: list[dict[str, Any]]
    background: list[str]
    related: RelatedLine | None
    original_url: str
    source_label: str
    editions: list[EditionLink] = field(default_factory=list)

    def to_text(self) -> str:
        """The seed's plain-text shape: one item per line, paragraphs separated by blank lines."""
        lines = [f"date {self.date_iso[:10]}", self.disclaimer, "", self.screenshot_label, ""]
        lines += [self.title, ""]
        if self.lead:
            lines += [self.lead, ""]
        for paragraph in [b["text"] for b in self.blocks] + self.background:
            lines += [paragraph, ""]
        if self.related:
            lines.append(self.related.title)
        return "\n".join(lines).rstrip() + "\n"


def slugify(text: str, max_length: int = 60) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "artikel"


def render_german_article(
    *,
    title_de: str,
    lead_de: str | None,
    blocks_de: list[dict[str, Any]],
    background_de: list[str],
    published_at: datetime,
    disclaimer_template: str,
    source_label: str,
    site_name: str,
    original_url: str,
    screenshot_href: str | None,
    related: RelatedLine | None = None,
    editions: list[tuple[str, str]] | None = None,
) -> GermanArticle:
    host = urlsplit(original_url).hostname or source_label
    return GermanArticle(
        title=german_typography(title_de),
        lead=german_typography(lead_de) if lead_de else None,
        date_line=german_date(published_at),
        date_iso=published_at.isoformat(),
        disclaimer=disclaimer_template.format(label=source_label, site_name=site_name),
        screenshot_href=screenshot_href,
        screenshot_label=f"Bildschirmfoto des Originalartikels auf {host}",
        blocks=[
            {
                "kind": b["kind"],
                "text": german_typography(b["text"]),
                "links": [
                    {**k, "text": german_typography(k["text"], capitalise=False)}
                    for k in b.get("links", [])
                ],
            }
            for b in blocks_de
        ],
        background=[german_typography(p) for p in background_de],
        related=(
            RelatedLine(german_typography(related.title), related.href, related.ours)
            if related
            else None
        ),
        original_url=original_url,
        source_label=source_label,
        editions=[
            EditionLink(lang, LANGUAGE_NAMES.get(lang, lang), url) for lang, url in editions or []
        ],
    )
