"""Persistence: SQLAlchemy models and Alembic migrations (SQLite or PostgreSQL)."""

from newsmt.store.db import Database
from newsmt.store.models import (
    AppSetting,
    Article,
    ArticleEvent,
    ArticleTag,
    AuditEntry,
    Comment,
    HttpCache,
    LoginAttempt,
    MemorySegment,
    Revision,
    Source,
    User,
    WebSession,
)

__all__ = [
    "AppSetting",
    "Article",
    "ArticleEvent",
    "ArticleTag",
    "AuditEntry",
    "Comment",
    "Database",
    "HttpCache",
    "LoginAttempt",
    "MemorySegment",
    "Revision",
    "Source",
    "User",
    "WebSession",
]
