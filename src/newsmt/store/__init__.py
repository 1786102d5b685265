"""Persistence: SQLAlchemy models and Alembic migrations (SQLite or PostgreSQL)."""

from newsmt.store.db import Database
from newsmt.store.models import Article, ArticleEvent, HttpCache, Source

__all__ = ["Article", "ArticleEvent", "Database", "HttpCache", "Source"]
