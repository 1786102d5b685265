"""Watching sources: feeds, fetching under the newsroom's rules, and article extraction."""

from newsmt.sources.extract import (
    ExtractedArticle,
    ExtractionError,
    content_hash,
    extract_article,
)
from newsmt.sources.feeds import (
    FeedItem,
    FeedRead,
    canonical_or_none,
    canonicalize_url,
    parse_feed,
    read_feed,
)
from newsmt.sources.fetch import Fetcher, FetchError, FetchPolicy, FetchResult
from newsmt.sources.language import detect_language

__all__ = [
    "ExtractedArticle",
    "ExtractionError",
    "FeedItem",
    "FeedRead",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "canonical_or_none",
    "canonicalize_url",
    "content_hash",
    "detect_language",
    "extract_article",
    "parse_feed",
    "read_feed",
]
