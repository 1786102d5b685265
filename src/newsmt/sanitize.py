"""Checks at the door for everything that comes from outside: pages, feeds, editors.

One place decides what a clean text, a usable URL and a believable date are, so a
single malformed value in one article is caught where it enters and never reaches the
database, a page, a feed or an XML export.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates and the two
# non-characters XML 1.0 forbids. Carriage returns go too (CRLF becomes LF first).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
MAX_FUTURE = timedelta(days=1)
MAX_URL_LENGTH = 2000

T = TypeVar("T")


def clean_text(text: str) -> str:
    """The text without NUL and other control characters (tab and newline stay)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def clean_deep(value: T) -> T:
    """clean_text on every string inside lists and dicts (an article's JSON columns)."""
    if isinstance(value, str):
        return clean_text(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [clean_deep(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: clean_deep(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


class InvalidURL(ValueError):
    """A URL that cannot be used; the message says why and shows the (shortened) URL."""


def check_url(url: str, *, base: str | None = None) -> str:
    """An absolute http(s) URL, or InvalidURL: every part Python would raise on later
    (a bad port, an unclosed IPv6 bracket, no host) is looked at here, once."""
    shown = repr(url[:200])
    if _CONTROL.search(url) or any(c.isspace() for c in url.strip()):
        raise InvalidURL(f"URL with control characters or spaces: {shown}")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(f"URL longer than {MAX_URL_LENGTH} characters: {shown}")
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        _ = parts.port  # raises ValueError for ports out of range or not numeric
        host = parts.hostname
    except ValueError as exc:
        raise InvalidURL(f"invalid URL {shown}: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidURL(f"not an http(s) URL: {shown}")
    if not host:
        raise InvalidURL(f"URL without a host: {shown}")
    return absolute


def safe_url(url: str | None, *, base: str | None = None) -> str | None:
    """check_url for optional values: None instead of an error."""
    if not url:
        return None
    try:
        return check_url(url, base=base)
    except InvalidURL:
        return None


def sane_date(
    value: datetime | None, *, now: datetime | None = None
) -> tuple[datetime | None, str]:
    """The date if it is believable for a news article (1990 to a day ahead), else None
    with the reason; callers fall back to the fetch time and record the reason."""
    if value is None:
        return None, ""
    now = now or datetime.now(UTC)
    try:
        utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return None, f"date {value.isoformat()} outside 1990 to tomorrow"
    if utc < EARLIEST_DATE or utc > now + MAX_FUTURE:
        return None, f"date {value.isoformat()} outside 1990 to tomorrow"
    return value, ""


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def xml_safe(value: Any) -> Any:
    """Strings made safe for XML 1.0 (feeds, sitemaps, TMX); other values unchanged."""
    return clean_text(value) if isinstance(value, str) else value
