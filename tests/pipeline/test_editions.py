"""One German article per story: a story an outlet publishes in Russian and in Ukrainian is
translated once, from the preferred edition; the other is recorded as its alternate, shown
to editors and linked from the article, never translated. Real HTTP over loopback, SQLite
and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from newsmt.pipeline import LocalRunner
from newsmt.sources.registry import add_source
from newsmt.store import Article, ArticleEvent

from ..conftest import FIXTURES, rss

RU, UK, OTHER_UK = "/ru/kyiv/shelters", "/uk/kyiv/shelters", "/uk/kyiv/shelter-inspection"


def page(name: str) -> str:
    return (FIXTURES / "editions" / f"{name}.html").read_text("utf-8")


def serve(loopback, pages: dict[str, str]) -> None:
    for path, body in pages.items():
        loopback.add(path, body)
    loopback.add(
        "/rss.xml", rss(loopback.base_url, list(pages)), content_type="application/rss+xml"
    )


def add_outlet(ctx, loopback, **fields):
    values = {"name": "outlet", "label": "Outlet", "adapter": "generic", **fields}
    return add_source(ctx.db, feed_url=loopback.base_url + "/rss.xml", **values)


def by_path(ctx, loopback) -> dict[str, Article]:
    with ctx.db.session() as session:
        return {a.url.removeprefix(loopback.base_url): a for a in session.scalars(select(Article))}


def events(ctx, article_id: int, outcome: str) -> list[str]:
    with ctx.db.session() as session:
        return list(
            session.scalars(
                select(ArticleEvent.message).where(
                    ArticleEvent.article_id == article_id, ArticleEvent.outcome == outcome
                )
            )
        )


def published_events(ctx) -> int:
    with ctx.db.session() as session:
        return session.scalar(
            select(func.count()).select_from(ArticleEvent).where(ArticleEvent.stage == "published")
        )


def test_both_editions_in_one_run_give_one_german_article_from_the_ukrainian(ctx, runner, loopback):
    serve(loopback, {RU: page("story-ru"), UK: page("story-uk")})  # Russian first in the feed
    add_outlet(ctx, loopback)

    report = runner.run_once()

    assert (report.published, report.alternates, report.failed) == (1, 1, 0)
    articles = by_path(ctx, loopback)
    ru, uk = articles[RU], articles[UK]
    assert uk.status == "published" and uk.lang == "uk"
    assert ru.status == "alternate" and ru.edition_of_id == uk.id
    assert ru.title_de is None and ru.engine is None  # never translated
    assert ru.title.startswith("Киевсовет")  # but read, for the editors
    assert "same numbers and names" in events(ctx, ru.id, "alternate")[0]
    html = (ctx.settings.site_dir / uk.page_path).read_text("utf-8")
    assert "Auch auf Russisch erschienen" in html and loopback.base_url + RU in html

    again = runner.run_once()
    assert (again.published, again.alternates, again.discovered) == (0, 0, 0)
    assert published_events(ctx) == 1


def test_the_preferred_edition_arriving_after_the_other_was_published_is_only_linked(
    ctx, runner, loopback
):
    serve(loopback, {RU: page("story-ru")})
    add_outlet(ctx, loopback)
    assert runner.run_once().published == 1

    serve(loopback, {RU: page("story-ru"), UK: page("story-uk")})  # the Ukrainian one, late
    report = runner.run_once()

    assert (report.published, report.alternates) == (0, 1)
    articles = by_path(ctx, loopback)
    ru, uk = articles[RU], articles[UK]
    assert ru.status == "published"  # kept
    assert uk.status == "alternate" and uk.edition_of_id == ru.id and uk.title_de is None
    assert "already published" in events(ctx, uk.id, "alternate")[0]
    html = (ctx.settings.site_dir / ru.page_path).read_text("utf-8")
    assert "Auch auf Ukrainisch erschienen" in html and loopback.base_url + UK in html
    assert published_events(ctx) == 1


def test_a_source_can_prefer_the_russian_edition(ctx, runner, loopback):
    serve(loopback, {UK: page("story-uk"), RU: page("story-ru")})
    add_outlet(ctx, loopback, edition_priority="ru,uk")

    runner.run_once()

    articles = by_path(ctx, loopback)
    assert articles[RU].status == "published"
    assert articles[UK].status == "alternate" and articles[UK].edition_of_id == articles[RU].id


def test_a_near_miss_same_topic_other_story_stays_separate(ctx, runner, loopback):
    serve(loopback, {RU: page("story-ru"), OTHER_UK: page("other-story-uk")})
    add_outlet(ctx, loopback)

    report = runner.run_once()

    assert (report.published, report.alternates) == (2, 0)
    assert {a.status for a in by_path(ctx, loopback).values()} == {"published"}


def test_hreflang_links_pair_editions_whatever_their_texts(ctx, runner, loopback):
    link = f'<link rel="alternate" hreflang="ru" href="{loopback.base_url}{RU}">'
    # the Ukrainian page's numbers changed, so only its hreflang link can pair it
    uk = page("story-uk").replace("87", "91").replace("610", "600").replace("540", "500")
    uk = uk.replace("45", "40").replace("</title>", "</title>" + link)
    serve(loopback, {RU: page("story-ru"), UK: uk})
    add_outlet(ctx, loopback)

    runner.run_once()

    articles = by_path(ctx, loopback)
    assert articles[RU].status == "alternate" and articles[RU].edition_of_id == articles[UK].id
    assert "hreflang" in events(ctx, articles[RU].id, "alternate")[0]


def test_the_outlets_story_id_pairs_editions(ctx, loopback):
    ru_path, uk_path = "/kyiv/shelters-50099001.html", "/ukr/kyiv/ukryttya-50099001.html"
    serve(loopback, {ru_path: page("story-ru"), uk_path: page("story-uk")})
    add_outlet(ctx, loopback, adapter="nv")

    LocalRunner(ctx).run_once()

    articles = by_path(ctx, loopback)
    assert articles[uk_path].status == "published"
    assert articles[ru_path].status == "alternate"
    assert articles[ru_path].story_key == articles[uk_path].story_key == "nv:50099001"
    assert "same story id nv:50099001" in events(ctx, articles[ru_path].id, "alternate")[0]


def test_an_edition_that_failed_for_good_does_not_hold_the_story_back(ctx, runner, loopback):
    serve(loopback, {RU: page("story-ru")})
    add_outlet(ctx, loopback, edition_priority="ru,uk")
    runner.run_once()
    with ctx.db.session() as session:  # as if its translation had failed every attempt
        ru = session.scalars(select(Article)).one()
        ru.status, ru.attempts, ru.error_stage = (
            "failed",
            ctx.settings.max_article_attempts,
            "translated",
        )
    serve(loopback, {RU: page("story-ru"), UK: page("story-uk")})

    runner.run_once()

    assert by_path(ctx, loopback)[UK].status == "published"
