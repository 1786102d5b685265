"""One feed builder for the static export and the web app.

An entry's id comes from the article id, never from the slug: an editor who corrects a
title changes the slug, and a feed reader must still see the same entry, not a new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator

from newsmt.sanitize import xml_safe

REVIEWED_MARK = "[redaktionell geprüft]"


@dataclass(frozen=True)
class FeedEntry:
    article_id: int
    title: str
    link: str
    lead: str | None
    reviewed: bool
    published: datetime
    updated: datetime


def entry_id(base_url: str, article_id: int) -> str:
    return f"{base_url.rstrip('/')}/artikel/{article_id}"


def build_feed(
    *, base_url: str, title: str, description: str, entries: Iterable[FeedEntry]
) -> FeedGenerator:
    """Entries newest first in, a feed whose own date is its newest entry's out (so the
    same articles give the same bytes on every rebuild)."""
    base = base_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base)
    feed.title(xml_safe(title))
    feed.link(href=base)  # feedgen's default relation: the alternate (the site itself)
    feed.link(href=base + "feed.atom", rel="self")
    feed.language("de")
    feed.description(xml_safe(description))
    items = list(entries)
    if items:
        newest = max(max(e.published, e.updated) for e in items)
        feed.updated(newest)
        feed.lastBuildDate(newest)
    for item in reversed(items):
        entry = feed.add_entry()
        entry.id(entry_id(base_url, item.article_id))
        entry.link(href=item.link)
        entry.title(xml_safe(item.title))
        summary = item.lead or item.title
        if item.reviewed:
            summary = f"{summary} {REVIEWED_MARK}"
        entry.summary(xml_safe(summary))
        entry.published(item.published)
        entry.updated(item.updated)
    return feed
