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


def older_database(database_url: str, revision: str = "0006") -> Database:
    """A database as an older newsmt left it, with a source in it."""
    from alembic import command

    from newsmt.store.db import alembic_config

    db = Database(database_url)
    command.upgrade(alembic_config(db.engine), revision)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO sources (name, feed_url, label, adapter, hosts, active, created_at) "
            "VALUES ('k', 'https://k.example/rss', 'K', 'generic', '[]', true, '2026-01-01')"
        )
    return db


def test_an_empty_database_is_created_at_start(database_url):
    db = Database(database_url)
    db.prepare()
    assert "articles" in inspect(db.engine).get_table_names()
    db.prepare()  # and used as it is on the next start
    db.dispose()


def test_an_outdated_schema_is_refused_at_start_with_the_command_that_upgrades_it(
    database_url, tmp_path
):
    import pytest

    from newsmt.config import Settings
    from newsmt.pipeline import PipelineContext
    from newsmt.store.db import SchemaOutdated
    from newsmt.web.app import create_app

    db = older_database(database_url)
    settings = Settings(home=tmp_path / "home", database_url=database_url)
    with pytest.raises(
        SchemaOutdated, match=r"at revision 0006, this newsmt needs \d+.*newsmt db upgrade"
    ):
        PipelineContext.from_settings(settings)
    with pytest.raises(SchemaOutdated, match="newsmt db upgrade"):
        create_app(settings)
    assert "edition_priority" not in {c["name"] for c in inspect(db.engine).get_columns("sources")}
    db.migrate()  # what `newsmt db upgrade` does
    PipelineContext.from_settings(settings).close()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sources").scalars().all() == ["k"]
    db.dispose()
