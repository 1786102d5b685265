"""Persistence: SQLAlchemy models and Alembic migrations (SQLite or PostgreSQL)."""

from newsmt.store.db import Database
from newsmt.store.models import Article, ArticleEvent, HttpCache, MemorySegment, Source

__all__ = ["Article", "ArticleEvent", "Database", "HttpCache", "MemorySegment", "Source"]
