"""What every adapter produces, and the conventions shared by Ukrainian outlets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newsmt.sanitize import safe_url
from newsmt.sources.language import detect_language

KYIV = ZoneInfo("Europe/Kyiv")

MONTHS = {
    # Russian genitive
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    # Ukrainian genitive
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip
_DATE_TEXT = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})(?:\D+(\d{1,2}):(\d{2}))?")
_RELATIVE_DAY = re.compile(r"(Сегодня|Сьогодні|Вчера|Вчора)\D*(\d{1,2}):(\d{2})", re.I)


class ExtractionError(Exception):
    """The page could not be read as an article; the message says why."""


@dataclass
class Block:
    kind: str  # p | h2 | h3 | blockquote | li
    text: str
    # Inline links inside the block: [{"text": anchor text, "href": absolute http(s) URL}]
    links: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Image:
    src: str
    caption: str | None = None


@dataclass
class RelatedLink:
    title: str
    url: str


@dataclass
class ExtractedArticle:
    title: str
    lead: str | None
    published_at: datetime | None
    blocks: list[Block]
    background: list[str] = field(default_factory=list)
    related: RelatedLink | None = None
    images: list[Image] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lang: str | None = None
    canonical_url: str | None = None
    extractor: str = "generic"
    # what the editors should know about how the page was read (a profile fallback, …)
    notes: list[str] = field(default_factory=list)
    # the same story in the outlet's other languages, from the page's hreflang links
    alternates: dict[str, str] = field(default_factory=dict)  # "ru" | "uk" -> URL

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def safe_http_url(url: str | None, base: str) -> str | None:
    """Absolute http(s) URL or None: `javascript:` and `data:` never reach a page, and a
    malformed one (a bad port, an unclosed IPv6 bracket) is dropped, never raised."""
    return safe_url(url, base=base)


def parse_iso_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, TypeError, AttributeError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=KYIV)


def parse_text_date(text: str, now: datetime | None = None) -> datetime | None:
    """'Четверг, 1 января 2026, 14:05' or 'Сегодня, 14:05' in Kyiv time."""
    match = _DATE_TEXT.search(text)
    if match and match.group(2).lower() in MONTHS:
        day, month, year = int(match.group(1)), MONTHS[match.group(2).lower()], int(match.group(3))
        hour, minute = int(match.group(4) or 0), int(match.group(5) or 0)
        try:  # «31 февраля», «25:61», year 0000: no such moment
            return datetime(year, month, day, hour, minute, tzinfo=KYIV)
        except ValueError:
            return None
    match = _RELATIVE_DAY.search(text)
    if match:
        today = (now or datetime.now(KYIV)).astimezone(KYIV)
        if match.group(1).lower() in ("вчера", "вчора"):
            today -= timedelta(days=1)
        try:
            return today.replace(
                hour=int(match.group(2)), minute=int(match.group(3)), second=0, microsecond=0
            )
        except ValueError:
            return None
    return None


def guess_language(article: ExtractedArticle, fallback: str | None) -> str | None:
    sample = " ".join([article.title, article.lead or ""] + [b.text for b in article.blocks])
    return detect_language(sample, fallback)


def content_hash(article: ExtractedArticle) -> str:
    """Same story re-published under another URL hashes the same."""
    text = " ".join([article.title] + [b.text for b in article.blocks] + article.background)
    return hashlib.sha256(normalise_space(text).lower().encode("utf-8")).hexdigest()


# second-level labels under which Ukrainian sites register (pravda.com.ua, zik.org.ua)
_PUBLIC_SECOND_LEVEL = {"com", "org", "net", "gov", "in", "kiev", "kyiv", "co", "edu"}


def site_key(url: str) -> str:
    """The outlet a URL belongs to: korrespondent.net for ua.korrespondent.net,
    pravda.com.ua for www.pravda.com.ua, nv.ua for style.nv.ua."""
    host = (urlsplit(url).hostname or "").casefold().removeprefix("www.")
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _PUBLIC_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])
