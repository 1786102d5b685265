"""The hostile corpus end to end: every poisoned page, server and feed item sits in a feed
beside an ordinary good article. The run finishes, the good article is published, each
hostile one is recorded with its reason, and a rerun adds nothing. SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from newsmt.demo import sample
from newsmt.pipeline import LocalRunner, PipelineContext
from newsmt.sources.registry import add_source
from newsmt.store import Article, ArticleEvent, Source
from tests.fixtures.hostile.corpus import CASES
from tests.fixtures.hostile.server import HostileServer

GOOD = "/ukraine/4801234-umerov"


def feed(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{link if ':' in link[:12] else base + link}</link>"
        f"<pubDate>Thu, 01 Jan 2026 10:{i:02d}:00 +0200</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'


def serve_corpus(server: HostileServer) -> dict[str, str]:
    """Path of each case on the server (or its raw link), by case name."""
    paths = {}
    for n, case in enumerate(CASES, start=1):
        if case.page is not None:
            path = f"/hostile/{n}-{case.name}"
            server.add(path, case.page)
        else:
            assert case.path
            path = case.path
        paths[case.name] = path
    server.add(GOOD, sample("ru-article.html"))
    server.add("/robots.txt", "User-agent: *\nAllow: /\n", Content_Type="text/plain")
    server.add("/empty-feed.xml", b"", Content_Type="application/rss+xml")
    return paths


def test_hostile_corpus_never_stops_the_line(settings):
    settings.max_total_seconds = 3.0
    server = HostileServer()
    try:
        paths = serve_corpus(server)
        server.add(
            "/rss.xml",
            feed(server.base_url, [*paths.values(), GOOD]),
            Content_Type="application/rss+xml",
        )
        ctx = PipelineContext.from_settings(settings)
        for name, feed_path in (("broken", "/empty-feed.xml"), ("k", "/rss.xml")):
            add_source(
                ctx.db,
                feed_url=server.base_url + feed_path,
                name=name,
                label="Korrespondent.net",
                adapter="korrespondent",
            )
        report = LocalRunner(ctx).run_once()

        with ctx.db.session() as session:
            by_url = {
                a.url.removeprefix(server.base_url): a for a in session.scalars(select(Article))
            }
            assert by_url[GOOD].status == "published"
            sources = {s.name: s for s in session.scalars(select(Source))}
            assert "empty feed body" in (sources["broken"].last_error or "")
            item_errors = " ".join(e["error"] for e in sources["k"].item_errors or [])
            for case in CASES:
                if case.outcome == "item_error":
                    assert case.reason in item_errors, case.name
                    continue
                article = by_url[paths[case.name]]
                events = " ".join(e.message or "" for e in article.events)
                assert article.status == case.outcome, (case.name, article.status, article.error)
                recorded = f"{article.error or ''} {events}"
                assert case.reason in recorded, (case.name, recorded)
                if case.outcome == "published":
                    for text in [
                        article.title_de or "",
                        article.text_de or "",
                        article.source_html or "",
                    ]:
                        assert "\x00" not in text and "\x01" not in text, case.name
                    assert 1990 <= article.source_published_at.year <= 2100, case.name
                else:
                    assert article.attempts == 1 and article.error_stage, case.name
            events_before = session.scalar(select(func.count()).select_from(ArticleEvent))
            articles_before = len(by_url)
        assert report.published >= 1 and report.feed_errors and report.item_errors == 3

        again = LocalRunner(ctx).run_once()  # the failed ones retry; nothing new appears
        assert again.discovered == 0 and again.published == 0
        with ctx.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Article)) == articles_before
            published_events = session.scalar(
                select(func.count())
                .select_from(ArticleEvent)
                .where(ArticleEvent.stage == "published")
            )
            assert published_events == sum(c.outcome == "published" for c in CASES) + 1
            assert session.scalar(select(func.count()).select_from(ArticleEvent)) > events_before
        ctx.close()
    finally:
        server.close()
