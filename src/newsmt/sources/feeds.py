"""RSS/Atom parsing into the few fields the pipeline needs.

A feed is read item by item: one item with an unusable link or date is reported on
its own (``FeedRead.errors``) and never rejects the rest of the feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from newsmt.sanitize import InvalidURL, check_url, clean_optional, sane_date, shorten

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "yclid", "ref")


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    guid: str | None
    published_at: datetime | None


@dataclass
class FeedRead:
    """The usable items in feed order, and one line per item that could not be used."""

    items: list[FeedItem] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)


def canonicalize_url(url: str) -> str:
    """A stable key for deduplication: lower-case scheme and host, no fragment,
    no tracking parameters, no default port, no trailing slash on paths.
    Raises InvalidURL (a ValueError) for anything that is not a usable http(s) URL."""
    parts = urlsplit(check_url(url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PARAMS)
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def canonical_or_none(url: str | None) -> str | None:
    """canonicalize_url for addresses taken from pages: an unusable one is None, not raised."""
    try:
        return canonicalize_url(url) if url else None
    except ValueError:
        return None


def _entry_date(entry: Any) -> datetime | None:
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    if not published:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in published[:6])
        value = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return sane_date(value)[0]


def read_feed(content: bytes, base_url: str) -> FeedRead:
    """Raises ValueError only when the whole body is not a feed (empty, HTML, garbage)."""
    if not content or not content.strip():
        raise ValueError("empty feed body")
    parsed = feedparser.parse(content)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or "no RSS/Atom root element"
        raise ValueError(f"not a readable RSS/Atom feed: {reason}")
    read = FeedRead()
    for position, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        if not link:
            read.errors.append({"item": str(position), "error": "item without a link"})
            continue
        try:
            url = check_url(str(link), base=base_url)
            canonicalize_url(url)
        except InvalidURL as exc:
            read.errors.append({"item": str(position), "error": str(exc)})
            continue
        read.items.append(
            FeedItem(
                url=url,
                title=shorten(clean_optional(entry.get("title")) or "", 1000) or None,
                guid=shorten(clean_optional(entry.get("id")) or "", 2000) or None,
                published_at=_entry_date(entry),
            )
        )
    return read


def newest(items: list[FeedItem], limit: int) -> list[FeedItem]:
    """At most `limit` items, the newest by date (undated ones count as newest, since
    feeds list new items first), kept in feed order."""
    if len(items) <= limit:
        return items
    newest_date = datetime.max.replace(tzinfo=UTC)
    ranked = sorted(
        range(len(items)), key=lambda i: (items[i].published_at or newest_date, -i), reverse=True
    )
    keep = set(ranked[:limit])
    return [item for i, item in enumerate(items) if i in keep]


def parse_feed(content: bytes, base_url: str) -> list[FeedItem]:
    return read_feed(content, base_url).items
