"""A source that publishes only after approval: the line renders its articles and holds
them; nothing reaches the site (pages, feeds, search) until an editor approves; a rerun
neither publishes nor duplicates them; reject and restore keep them held."""

from __future__ import annotations

from sqlalchemy import func, select

from newsmt.store import Article, ArticleEvent
from newsmt.web.editing import Editing

from ..conftest import add_feed, serve_articles


def test_after_approval_holds_every_article_until_an_editor_approves(ctx, runner, loopback):
    serve_articles(loopback, 2)
    add_feed(ctx.db, loopback, publish="after-approval")
    report = runner.run_once()
    assert (report.published, report.held, report.failed) == (0, 2, 0)
    site = ctx.settings.site_dir
    with ctx.db.session() as session:
        held = session.scalars(select(Article).order_by(Article.id)).all()
        assert [(a.status, a.stage) for a in held] == [("held", "rendered")] * 2
        assert all(a.html_de and a.published_at is None for a in held)
        first, second = held[0].id, held[1].id
    assert not list(site.glob("articles/*.html"))  # nothing public
    assert runner.run_once().published == 0  # a rerun holds them still, adds nothing

    editing = Editing(ctx.settings, ctx.db)
    with ctx.db.session() as session:
        editing.approve(session, session.get(Article, first), "anna")
    with ctx.db.session() as session:
        article = session.get(Article, first)
        assert (article.status, article.stage, article.review_status) == (
            "published", "published", "approved",
        )  # fmt: skip
        assert "überprüft" in article.html_de  # the approved article's disclaimer
        assert (site / article.page_path).is_file()
        events = session.scalar(
            select(func.count()).where(
                ArticleEvent.article_id == first, ArticleEvent.stage == "published"
            )
        )
        assert events == 1
        # rejecting a held article keeps it off the site; restoring holds it again
        editing.reject(session, session.get(Article, second), "anna", "Quelle unsicher")
    with ctx.db.session() as session:
        assert session.get(Article, second).status == "withdrawn"
        editing.restore(session, session.get(Article, second), "anna")
    with ctx.db.session() as session:
        assert session.get(Article, second).status == "held"
    assert runner.run_once().published == 0
    assert len(list(site.glob("articles/*.html"))) == 1


def test_publish_mode_is_set_per_source_from_the_command_line(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from newsmt.cli import app

    monkeypatch.setenv("NEWSMT_HOME", str(tmp_path / "home"))
    cli = CliRunner()
    feed = "https://k.img.com.ua/rss/ru/all_news2.0.xml"
    base = ["sources", "add", feed, "--name", "k", "--label", "K", "--adapter", "korrespondent"]
    assert cli.invoke(app, [*base, "--publish", "after-approval"]).exit_code == 0
    listed = json.loads(cli.invoke(app, ["sources", "list", "--json"]).stdout)
    assert listed[0]["publish"] == "after-approval"
    assert cli.invoke(app, [*base, "--publish", "immediately"]).exit_code == 0
    listed = json.loads(cli.invoke(app, ["sources", "list", "--json"]).stdout)
    assert listed[0]["publish"] == "immediately"
    wrong = cli.invoke(app, [*base, "--publish", "sometimes"])
    assert wrong.exit_code == 2 and "after-approval" in wrong.output
