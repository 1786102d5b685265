"""RSS/Atom parsing into the few fields the pipeline needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "yclid", "ref")


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    guid: str | None
    published_at: datetime | None


def canonicalize_url(url: str) -> str:
    """A stable key for deduplication: lower-case scheme and host, no fragment,
    no tracking parameters, no default port, no trailing slash on paths."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
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


def parse_feed(content: bytes, base_url: str) -> list[FeedItem]:
    parsed = feedparser.parse(content)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or "no RSS/Atom root element"
        raise ValueError(f"not a readable RSS/Atom feed: {reason}")
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            FeedItem(
                url=urljoin(base_url, link),
                title=entry.get("title"),
                guid=entry.get("id"),
                published_at=datetime(*published[:6], tzinfo=UTC) if published else None,
            )
        )
    return items
