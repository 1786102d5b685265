"""The whole line against a loopback server: good articles publish, bad ones are recorded,
the run goes on, and a rerun adds nothing twice. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from newsmt.demo import sample
from newsmt.sources.registry import add_source
from newsmt.store import Article, ArticleEvent

from ..conftest import fixture_bytes, rss

GOOD_RU = "/ukraine/4801234-umerov"
GOOD_UK = "/ua/ukraine/4801300-kyiv"


def add_korrespondent(ctx, loopback, hosts=None):
    return add_source(
        ctx.db,
        feed_url=loopback.base_url + "/rss.xml",
        name="k",
        label="Korrespondent.net",
        adapter="korrespondent",
        hosts=hosts,
    )


def articles_by_url(ctx, base):
    with ctx.db.session() as session:
        return {a.url.removeprefix(base): a for a in session.scalars(select(Article))}


def test_bad_input_is_recorded_and_the_run_goes_on(ctx, runner, loopback):
    port = loopback.base_url.rsplit(":", 1)[1]
    pages = {
        GOOD_RU: dict(body=sample("ru-article.html")),
        "/cp1251/1-page": dict(
            body=fixture_bytes("korrespondent-cp1251.html"), content_type="text/html"
        ),
        "/malformed/2-page": dict(body=fixture_bytes("malformed.html")),
        "/xss/3-page": dict(body=fixture_bytes("korrespondent-xss.html")),
        "/empty/4-page": dict(body=b""),
        "/layout/5-page": dict(body=fixture_bytes("not-an-article.html")),
        "/error/6-page": dict(body=b"down", status=500),
        "/slow/7-page": dict(body=sample("ru-article.html"), delay=2.0),
        "/big/8-page": dict(body=b"<p>" + b"x" * 300_000),
        "/private/9-page": dict(body=sample("ru-article.html")),
        "/redirect/10-page": dict(
            body=b"", status=302, headers={"Location": f"http://localhost:{port}/x/11-y"}
        ),
    }
    for path, route in pages.items():
        loopback.add(path, **route)
    loopback.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    links = [*pages, "/missing/12-page"]
    loopback.add("/rss.xml", rss(loopback.base_url, links), content_type="application/rss+xml")
    add_korrespondent(ctx, loopback)

    report = runner.run_once()

    assert report.discovered == 12
    by_url = articles_by_url(ctx, loopback.base_url)
    published = {u for u, a in by_url.items() if a.status == "published"}
    assert published == {GOOD_RU, "/cp1251/1-page", "/malformed/2-page", "/xss/3-page"}
    expected_errors = {
        "/empty/4-page": ("extracted", "empty page"),
        "/layout/5-page": ("extracted", "container (div.post-item)"),
        "/error/6-page": ("fetched", "HTTP 500 after 2 attempts"),
        "/slow/7-page": ("fetched", "timed out"),
        "/big/8-page": ("fetched", "200000-byte limit"),
        "/private/9-page": ("fetched", "robots.txt disallows"),
        "/redirect/10-page": ("fetched", "'localhost' is not among the source's hosts"),
        "/missing/12-page": ("fetched", "HTTP 404"),
    }
    for url, (stage, reason) in expected_errors.items():
        article = by_url[url]
        assert article.status == "failed", url
        assert article.error_stage == stage, url
        assert reason in article.error, (url, article.error)
        assert article.attempts == 1
    assert by_url["/cp1251/1-page"].encoding == "cp1251"
    assert by_url["/cp1251/1-page"].title == "Харьковская область получила новые генераторы"
    assert not any(h.path == "/x/11-y" for h in loopback.hits)


def test_source_html_payload_never_reaches_the_site(ctx, runner, loopback):
    loopback.add("/xss/3-page", fixture_bytes("korrespondent-xss.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, ["/xss/3-page"]))
    add_korrespondent(ctx, loopback)
    runner.run_once()
    site = ctx.settings.site_dir
    pages = [
        p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".rss", ".atom")
    ]
    assert len(pages) == 5  # the article, index, archive page, RSS, Atom
    for html in pages:
        lowered = html.lower()
        assert "<script" not in lowered
        assert "onerror" not in lowered and "onclick" not in lowered
        assert "javascript:" not in lowered


def test_rerun_adds_no_duplicates_and_retries_failures(ctx, runner, loopback):
    loopback.add(GOOD_RU, sample("ru-article.html"))
    loopback.add("/flaky/1-page", "down", status=503)
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_RU, "/flaky/1-page"]))
    add_korrespondent(ctx, loopback)
    first = runner.run_once()
    assert (first.published, first.failed) == (1, 1)

    loopback.add("/flaky/1-page", sample("uk-article.html"))  # the server recovered
    second = runner.run_once()
    assert (second.discovered, second.published, second.failed) == (0, 1, 0)

    third = runner.run_once()
    assert (third.discovered, third.published) == (0, 0)
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 2
        statuses = set(session.scalars(select(Article.status)))
        published_events = session.scalar(
            select(func.count()).select_from(ArticleEvent).where(ArticleEvent.stage == "published")
        )
    assert statuses == {"published"}
    assert published_events == 2
    assert len(list((ctx.settings.site_dir / "articles").iterdir())) == 2


def test_same_story_under_two_urls_is_published_once(ctx, runner, loopback):
    loopback.add("/a/1-first", sample("ru-article.html"))
    loopback.add("/b/2-copy", sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, ["/a/1-first", "/b/2-copy"]))
    add_korrespondent(ctx, loopback)
    report = runner.run_once()
    assert (report.published, report.duplicates) == (1, 1)
    copy = articles_by_url(ctx, loopback.base_url)["/b/2-copy"]
    assert copy.status == "duplicate" and copy.duplicate_of_id is not None


def test_related_line_links_our_translation_once_it_is_published(ctx, runner, loopback):
    # The uk sample's teaser points at the ru sample's canonical URL.
    loopback.add(GOOD_UK, sample("uk-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_UK]))
    add_korrespondent(ctx, loopback)
    runner.run_once()
    uk = articles_by_url(ctx, loopback.base_url)[GOOD_UK]
    page = ctx.settings.site_dir / uk.page_path
    assert 'href="https://korrespondent.net/ukraine/4801234-' in page.read_text()

    loopback.add(GOOD_RU, sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_UK, GOOD_RU]))
    runner.run_once()
    ru = articles_by_url(ctx, loopback.base_url)[GOOD_RU]
    assert f'<p class="related"><a href="../{ru.page_path}">' in page.read_text()


def test_published_article_records_model_and_seed_layout(ctx, runner, loopback):
    loopback.add(GOOD_RU, sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_RU]))
    add_korrespondent(ctx, loopback)
    runner.run_once()
    article = articles_by_url(ctx, loopback.base_url)[GOOD_RU]
    assert article.engine == "ctranslate2"
    assert article.model_id == "newsmt/tiny-random-marian"
    assert article.model_revision == "seed-0"
    assert article.lang == "ru" and article.stage == "published"
    assert article.tags == ["обмен пленными", "Турция"]
    assert len(article.tags_de) == 2  # topics translated with the article (tiny model: nonsense)
    html = (ctx.settings.site_dir / article.page_path).read_text()
    assert '<html lang="de">' in html
    assert (
        "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals Korrespondent.net."
        in html
    )
    assert "Bildschirmfoto des Originalartikels auf korrespondent.net" in html
    assert article.text_de.startswith("date 2026-01-01\n")
    index = (ctx.settings.site_dir / "index.html").read_text()
    assert article.page_path in index
    assert article.page_path in (ctx.settings.site_dir / "feed.rss").read_text()
    assert article.page_path in (ctx.settings.site_dir / "feed.atom").read_text()
    with ctx.db.session() as session:  # the engine's speed, for /metrics
        speed = session.scalars(
            select(ArticleEvent.message).where(
                ArticleEvent.article_id == article.id, ArticleEvent.outcome == "engine"
            )
        ).one()
    assert re.fullmatch(r"[1-9]\d* tokens in \d+ ms", speed)


def test_feed_errors_are_recorded_on_the_source(ctx, runner, loopback):
    loopback.add("/rss.xml", "<html>maintenance</html>")
    source = add_korrespondent(ctx, loopback)
    report = runner.run_once()
    assert report.feed_errors and "not a readable RSS/Atom feed" in report.feed_errors[0]
    with ctx.db.session() as session:
        from newsmt.store import Source

        assert "not a readable" in session.get(Source, source.id).last_error


def test_feed_is_fetched_conditionally(ctx, runner, loopback):
    loopback.add(GOOD_RU, sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, [GOOD_RU]), etag='"feed-1"')
    add_korrespondent(ctx, loopback)
    runner.run_once()
    runner.run_once()
    feed_hits = [h for h in loopback.hits if h.path == "/rss.xml"]
    assert feed_hits[-1].headers.get("if-none-match") == '"feed-1"'
