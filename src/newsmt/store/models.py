"""Database tables. One row per source, one per article, one per pipeline event.

Article content that has a list shape (body blocks, background paragraphs, images,
name changes) is stored as JSON so the schema stays the same across SQLite and
PostgreSQL and a stage writes its whole output in one row update.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from newsmt.statuses import Review, Stage, Status

E = TypeVar("E", bound=StrEnum)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware in and out on every backend (SQLite stores naive text otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EnumText(TypeDecorator[E], Generic[E]):
    """A `StrEnum` stored as its plain value: the database and every JSON answer keep the
    strings they always had, while the code compares enum members (a stage is no
    status). A value the enum does not know fails loudly on load."""

    impl = String(20)
    cache_ok = True

    def __init__(self, enum: type[E]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Any) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> E | None:
        return None if value is None else self.enum(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime}


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    feed_url: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str | None] = mapped_column(String(8))
    adapter: Mapped[str] = mapped_column(String(40), default="generic")
    engine: Mapped[str | None] = mapped_column(String(40))  # None: the configured default
    # which edition of a story in two languages is translated: "uk,ru" (None: configured)
    edition_priority: Mapped[str | None] = mapped_column(String(40))
    poll_interval: Mapped[int | None] = mapped_column(Integer)  # seconds; None: configured
    # "immediately" (None) or "after-approval": nothing public until an editor approves
    publish_mode: Mapped[str | None] = mapped_column(String(20))
    hosts: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Feed items the last poll could not use (invalid link, …): [{"item": …, "error": …}]
    item_errors: Mapped[list[Any] | None] = mapped_column()
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_status_published_at", "status", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    guid: Mapped[str | None] = mapped_column(Text)
    feed_title: Mapped[str | None] = mapped_column(Text)

    # Pipeline state: `stage` is the last stage completed, `status` the outcome so far.
    stage: Mapped[Stage] = mapped_column(EnumText(Stage), default=Stage.DISCOVERED, index=True)
    status: Mapped[Status] = mapped_column(EnumText(Status), default=Status.PENDING, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    error_stage: Mapped[str | None] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    # Editions: the story in the outlet's other language. `edition_of_id` is the article
    # carrying the German translation; `story_key` the outlet's story id («nv:50051075»);
    # `alternate_urls` the page's hreflang links to its other editions.
    edition_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    story_key: Mapped[str | None] = mapped_column(String(200), index=True)
    alternate_urls: Mapped[list[Any] | None] = mapped_column()
    # Which runner works on the article, until when (a lease, so a killed one is replaced).
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # fetched
    http_status: Mapped[int | None] = mapped_column(Integer)
    encoding: Mapped[str | None] = mapped_column(String(40))
    source_html: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # extracted
    lang: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    source_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    blocks: Mapped[list[Any] | None] = mapped_column()
    background: Mapped[list[Any] | None] = mapped_column()
    related_title: Mapped[str | None] = mapped_column(Text)
    related_url: Mapped[str | None] = mapped_column(Text)
    # canonical form of related_url: the indexed way to find who teases an article
    related_canonical: Mapped[str | None] = mapped_column(String(2000), index=True)
    images: Mapped[list[Any] | None] = mapped_column()
    tags: Mapped[list[Any] | None] = mapped_column()
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    extractor: Mapped[str | None] = mapped_column(String(40))

    # captured
    screenshot_path: Mapped[str | None] = mapped_column(Text)
    thumbnail_path: Mapped[str | None] = mapped_column(Text)
    capture_error: Mapped[str | None] = mapped_column(Text)

    # translated
    title_de: Mapped[str | None] = mapped_column(Text)
    lead_de: Mapped[str | None] = mapped_column(Text)
    blocks_de: Mapped[list[Any] | None] = mapped_column()
    background_de: Mapped[list[Any] | None] = mapped_column()
    related_title_de: Mapped[str | None] = mapped_column(Text)
    tags_de: Mapped[list[Any] | None] = mapped_column()  # topics, translated with the text
    image_captions_de: Mapped[list[Any] | None] = mapped_column()
    engine: Mapped[str | None] = mapped_column(String(60))
    model_id: Mapped[str | None] = mapped_column(Text)
    model_revision: Mapped[str | None] = mapped_column(Text)
    translated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # names
    name_changes: Mapped[list[Any] | None] = mapped_column()
    unknown_names: Mapped[list[Any] | None] = mapped_column()
    names_style: Mapped[str | None] = mapped_column(String(60))

    # editorial review: unreviewed | approved | rejected
    review_status: Mapped[Review] = mapped_column(
        EnumText(Review), default=Review.UNREVIEWED, index=True
    )
    # an editor working on it ("Anna bearbeitet gerade"), until approve or the timeout
    editing_by: Mapped[str | None] = mapped_column(String(100))
    editing_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # where to look first: the article's risk (0 safe … 1 look now) and per sentence
    risk: Mapped[float | None] = mapped_column(Float, index=True)
    risks: Mapped[list[Any] | None] = mapped_column()
    # for search: the source's words and a spelling key of every name (store/spelling.py)
    search_names: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # rendered / published
    html_de: Mapped[str | None] = mapped_column(Text)
    text_de: Mapped[str | None] = mapped_column(Text)
    page_path: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    source: Mapped[Source] = relationship(back_populates="articles")
    events: Mapped[list[ArticleEvent]] = relationship(
        back_populates="article", order_by="ArticleEvent.id"
    )


class ArticleTag(Base):
    """Topics of published articles, one row each, so a topic page is an indexed lookup."""

    __tablename__ = "article_tags"
    __table_args__ = (Index("ix_article_tags_tag", "tag", "article_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(200), primary_key=True)


class ArticleEvent(Base):
    """Audit trail: one row each time a stage succeeds or fails for an article."""

    __tablename__ = "article_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    article: Mapped[Article] = relationship(back_populates="events")


class HttpCache(Base):
    """Validators for conditional GET (ETag / Last-Modified), one row per URL."""

    __tablename__ = "http_cache"
    __table_args__ = (UniqueConstraint("url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class MemorySegment(Base):
    """Translation memory: one translated segment (sentence or, for editor corrections,
    a whole paragraph). Machine rows are keyed by engine, model and names style, because
    a different model or terminology gives different output; editor rows win over all."""

    __tablename__ = "translation_memory"
    __table_args__ = (UniqueConstraint("source_hash", "origin", "engine", "model_id", "style"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64), index=True)
    src_lang: Mapped[str] = mapped_column(String(8))
    tgt_lang: Mapped[str] = mapped_column(String(8), default="de")
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10))  # machine | editor
    engine: Mapped[str] = mapped_column(String(60), default="")
    model_id: Mapped[str] = mapped_column(String(300), default="")
    model_revision: Mapped[str] = mapped_column(String(100), default="")
    style: Mapped[str] = mapped_column(String(60), default="")
    editor: Mapped[str | None] = mapped_column(String(200))
    # the engine's confidence in a machine row (0..1, None: an editor wrote it, or the
    # engine gives none), so a sentence from the memory keeps its risk score
    confidence: Mapped[float | None] = mapped_column(Float)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # editor | admin
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WebSession(Base):
    """Server-side session: the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """Failed logins, for rate limiting across processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Revision(Base):
    """Who changed what on an article, when: edits, approvals, rejections, names re-runs."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(30))  # edit | approve | reject | names
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Comment(Base):
    """An editor's note on an article, shown on its page, in the queue and the list."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    user: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEntry(Base):
    """Who did what, when: logins, editorial decisions, user and source changes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class AppSetting(Base):
    """Settings editors change at runtime (the active names style)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
