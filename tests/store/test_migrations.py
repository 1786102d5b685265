from __future__ import annotations

from sqlalchemy import inspect, text

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


def test_no_migration_imports_newsmt():
    """A migration is frozen as it was written: were it to import the live package, a
    later change to that code would change what an old migration does (or break it)."""
    import ast
    from pathlib import Path

    import newsmt.store.migrations.versions as versions

    folder = Path(versions.__file__).parent
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["newsmt (relative)"]
            else:
                continue
            live = [n for n in names if n == "newsmt" or n.startswith("newsmt")]
            assert not live, f"{path.name} imports {live} from the live package"


def test_0006_fills_related_canonical_as_the_url_key_of_its_day(database_url):
    """The frozen copy of canonicalize_url: tracking parameters, fragment, default port and
    trailing slash go; an unusable URL leaves the column empty."""
    from alembic import command

    from newsmt.store.db import alembic_config

    db = Database(database_url)
    config = alembic_config(db.engine)
    command.upgrade(config, "0005")
    related = {
        1: "HTTPS://News.Example:443/a/b/?utm_source=x&id=7#top",
        2: "javascript:alert(1)",
    }
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO sources (id, name, feed_url, label, adapter, hosts, active, created_at) "
            "VALUES (1, 'k', 'https://k.example/rss', 'K', 'generic', '[]', true, '2026-01-01')"
        )
        for article_id, url in related.items():
            conn.execute(
                text(
                    "INSERT INTO articles (id, source_id, url, canonical_url, stage, status, "
                    "attempts, discovered_at, updated_at, related_url) VALUES (:id, 1, :u, :c, "
                    "'rendered', 'published', 0, '2026-01-01', '2026-01-01', :related)"
                ),
                {"id": article_id, "u": f"https://k.example/{article_id}", "related": url}
                | {"c": f"https://k.example/{article_id}"},  # one parameter, one type on PG
            )
    command.upgrade(config, "0006")
    with db.engine.connect() as conn:
        rows = dict(conn.exec_driver_sql("SELECT id, related_canonical FROM articles").all())
    assert rows == {1: "https://news.example/a/b?id=7", 2: None}
    db.dispose()
