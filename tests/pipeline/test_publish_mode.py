"""A source that publishes only after approval: the line renders its articles and holds
them; nothing reaches the site (pages, feeds, search) until an editor approves; a rerun
neither publishes nor duplicates them; reject and restore keep them held."""

from __future__ import annotations

from sqlalchemy import func, select

from newsmt.editorial import Editing
from newsmt.store import Article, ArticleEvent

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


def test_teasers_follow_approval_withdrawal_and_edits_of_the_article_they_name(
    ctx, runner, loopback
):
    """The static page of an article whose related teaser names another links our
    translation exactly while that one is published, under its current German title."""
    from newsmt.demo import sample
    from newsmt.store import Source

    from ..conftest import rss
    from .test_runner import GOOD_RU, GOOD_UK, add_korrespondent, articles_by_url

    loopback.add(GOOD_UK, sample("uk-article.html"))  # its teaser names the ru sample
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_UK]))
    add_korrespondent(ctx, loopback)
    runner.run_once()
    with ctx.db.session() as session:
        session.scalars(select(Source)).one().publish_mode = "after-approval"
    loopback.add(GOOD_RU, sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_UK, GOOD_RU]))
    assert runner.run_once().held == 1
    found = articles_by_url(ctx, loopback.base_url)
    page = ctx.settings.site_dir / found[GOOD_UK].page_path
    ru_id = found[GOOD_RU].id

    def teaser() -> str:
        return page.read_text().split('<p class="related">', 1)[1].split("</p>", 1)[0]

    assert "korrespondent.net/ukraine/4801234-" in teaser()  # held: not ours yet
    editing = Editing(ctx.settings, ctx.db)
    with ctx.db.session() as session:
        editing.approve(session, session.get(Article, ru_id), "anna")
    ru_page = articles_by_url(ctx, loopback.base_url)[GOOD_RU].page_path
    assert f'href="../{ru_page}"' in teaser()
    with ctx.db.session() as session:
        editing.edit(session, session.get(Article, ru_id), "title", "Neuer Titel", "anna")
    assert "Neuer Titel" in teaser()
    with ctx.db.session() as session:
        editing.reject(session, session.get(Article, ru_id), "anna", "falsch")
    assert "korrespondent.net/ukraine/4801234-" in teaser()  # no link to a withdrawn page
    with ctx.db.session() as session:
        editing.restore(session, session.get(Article, ru_id), "anna")
    assert f'href="../{ru_page}"' in teaser()
