from __future__ import annotations

from sqlalchemy import inspect

from newsmt.store import Database


def test_migrations_create_the_schema_and_are_idempotent(database_url):
    db = Database(database_url)
    db.migrate()
    db.migrate()
    tables = set(inspect(db.engine).get_table_names())
    assert {"sources", "articles", "article_events", "http_cache", "alembic_version"} <= tables
    columns = {c["name"] for c in inspect(db.engine).get_columns("articles")}
    assert {
        "stage",
        "status",
        "error",
        "error_stage",
        "attempts",
        "content_hash",
        "canonical_url",
    } <= columns
    db.dispose()


def test_migrations_match_the_models(database_url):
    """Alembic's autogenerate finds nothing to add: the models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from newsmt.store.models import Base

    db = Database(database_url)
    db.migrate()
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    # the full-text search objects are backend-specific and live in the migration only
    search = ("articles_fts", "ix_articles_fulltext")
    diff = [d for d in diff if not any(name in repr(d) for name in search)]
    assert diff == []
