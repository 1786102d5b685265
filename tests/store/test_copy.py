"""`newsmt db copy`: one whole database into another (SQLite to PostgreSQL and back),
with every row, the links between articles in any id order, working id sequences and
search afterwards; a target that is not empty, or a schema that is not the newest, is
refused before anything is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from newsmt.store import Article, Comment, Database, Revision, Source, User
from newsmt.store.copy import CopyError, copy_database
from newsmt.store.search import index_article, search_articles

from ..web.conftest import published_article


def filled(url: str) -> Database:
    db = Database(url)
    db.migrate()
    with db.session() as session:
        source = Source(name="k", feed_url="https://k.example/rss", label="K", hosts=[])
        session.add(source)
        first, second = published_article(source, 1), published_article(source, 2)
        session.add_all([first, second])
        session.flush()
        first.edition_of_id = second.id  # a link to a later id: written in a second pass
        for article in (first, second):
            index_article(session, article)
        session.add(User(name="anna", role="editor", password_hash="x"))
        session.add(Revision(article_id=first.id, user="anna", action="edit", field="title"))
        session.add(Comment(article_id=second.id, user="anna", text="Zahl prüfen"))
    return db


def test_a_database_is_copied_whole_and_works_afterwards(tmp_path, database_url):
    source = filled(f"sqlite:///{tmp_path / 'one.db'}")
    target = Database(database_url)
    target.migrate()
    counts = copy_database(source, target)
    assert counts["articles"] == 2 and counts["comments"] == 1 and counts["users"] == 1
    with target.session() as session:
        articles = session.scalars(select(Article).order_by(Article.id)).all()
        assert articles[0].edition_of_id == articles[1].id
        assert articles[0].blocks_de[0]["text"] == "Wolodymyr Selenskyj kam in Charkiw an."
        assert articles[0].published_at.tzinfo is not None
        assert [a.id for a in search_articles(session, "Umerov Selensky")] == []
        assert len(search_articles(session, "Зеленский")) == 2  # search works on the copy
        session.add(Comment(article_id=articles[0].id, user="anna", text="neu"))  # ids go on
    with target.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 2
    with pytest.raises(CopyError, match="not empty"):
        copy_database(source, target)  # nothing is copied twice
    back = Database(f"sqlite:///{tmp_path / 'back.db'}")
    back.migrate()
    assert copy_database(target, back)["comments"] == 2  # and back again
    with back.session() as session:
        assert len(search_articles(session, "Selenskyj")) == 2
    for db in (source, target, back):
        db.dispose()


def test_an_outdated_schema_is_refused(tmp_path, database_url):
    from .test_migrations import older_database

    old = older_database(f"sqlite:///{tmp_path / 'old.db'}")
    target = Database(database_url)
    target.migrate()
    with pytest.raises(CopyError, match="newsmt db upgrade"):
        copy_database(old, target)
    with target.session() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 0
    old.dispose()
    target.dispose()


def test_db_copy_from_the_command_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from newsmt.cli import app

    home = tmp_path / "home"
    home.mkdir()
    filled(f"sqlite:///{home / 'newsmt.db'}").dispose()
    monkeypatch.setenv("NEWSMT_HOME", str(home))
    target = f"sqlite:///{tmp_path / 'target.db'}"
    Database(target).migrate()
    result = CliRunner().invoke(app, ["db", "copy", "--to", target])
    assert result.exit_code == 0, result.output
    assert "articles 2" in result.output
    again = CliRunner().invoke(app, ["db", "copy", "--to", target])
    assert again.exit_code == 2 and "not empty" in again.output
