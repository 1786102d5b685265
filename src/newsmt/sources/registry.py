"""Adding and listing the newsroom's sources."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from newsmt.sanitize import InvalidURL, check_url, clean_text
from newsmt.sources.extract import adapter_hosts, adapter_names
from newsmt.statuses import IMMEDIATELY, PUBLISH_MODES
from newsmt.store import Database, Source
from newsmt.translate import ENGINES


class SourceError(ValueError):
    pass


def default_hosts(feed_url: str, adapter: str) -> list[str]:
    host = urlsplit(feed_url).hostname
    if not host:
        raise SourceError(f"not an http(s) feed address: {feed_url!r}")
    return sorted({host, *adapter_hosts(adapter)})


def add_source(
    db: Database,
    *,
    feed_url: str,
    name: str,
    label: str,
    lang: str | None = None,
    adapter: str = "generic",
    hosts: list[str] | None = None,
    engine: str | None = None,
    edition_priority: str | None = None,
    poll_interval: int | None = None,
    publish: str = IMMEDIATELY,
) -> Source:
    """Add a source, or update the one with this name (so set-up scripts can re-run)."""
    if adapter not in adapter_names():
        raise SourceError(f"unknown adapter {adapter!r}; choose from {', '.join(adapter_names())}")
    if lang not in (None, "ru", "uk"):
        raise SourceError(f"language must be ru or uk, not {lang!r}")
    if engine is not None and engine not in ENGINES:
        raise SourceError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if edition_priority is not None:
        langs = [lang.strip() for lang in edition_priority.split(",")]
        if (
            not langs
            or any(lang not in ("ru", "uk") for lang in langs)
            or len(set(langs)) != len(langs)
        ):
            raise SourceError(
                f"edition priority must list ru and uk, e.g. uk,ru, not {edition_priority!r}"
            )
        edition_priority = ",".join(langs)
    if publish not in PUBLISH_MODES:
        raise SourceError(f"publish must be {' or '.join(PUBLISH_MODES)}, not {publish!r}")
    if poll_interval is not None and poll_interval < 60:
        raise SourceError(f"poll interval must be at least 60 seconds, not {poll_interval}")
    try:
        feed_url = check_url(feed_url)
    except InvalidURL as exc:
        raise SourceError(f"not an http(s) feed address: {exc}") from None
    for what, value in (("name", name), ("label", label), *(("host", h) for h in hosts or [])):
        if not value or clean_text(value) != value or value != value.strip():
            raise SourceError(f"{what} {value!r} is empty or has control characters")
    all_hosts = sorted({*default_hosts(feed_url, adapter), *(hosts or [])})
    with db.session() as session:
        source = session.scalar(select(Source).where(Source.name == name)) or Source(name=name)
        source.feed_url, source.label, source.lang = feed_url, label, lang
        source.adapter, source.hosts = adapter, all_hosts
        if source.id is None:
            source.active = True  # editing a paused source keeps it paused
        source.engine = engine
        source.edition_priority = edition_priority
        source.poll_interval = poll_interval
        source.publish_mode = None if publish == IMMEDIATELY else publish
        session.add(source)
        session.flush()
        session.refresh(source)
        return source
