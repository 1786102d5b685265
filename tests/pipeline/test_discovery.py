"""Discovery: a capped feed takes the newest items first and comes back for the rest;
a bad item is refused on its own; an empty or broken feed is recorded on its source."""

from __future__ import annotations

from sqlalchemy import select

from newsmt.pipeline import LocalRunner, RunReport
from newsmt.sources import FeedItem
from newsmt.sources.feeds import newest, read_feed
from newsmt.sources.registry import add_source
from newsmt.store import Article, HttpCache, Source


def feed_xml(base: str, n: int, extra: str = "") -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{base}/ukraine/{4900000 + i}-x</link>"
        f"<pubDate>Thu, {1 + i:02d} Jan 2026 10:00:00 +0200</pubDate></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{extra}{items}</channel></rss>'


def test_a_capped_feed_takes_the_newest_first_and_keeps_the_rest_for_later(ctx, loopback):
    ctx.settings.max_items_per_feed = 4
    loopback.add("/rss.xml", feed_xml(loopback.base_url, 10), etag='"v1"')
    add_source(ctx.db, feed_url=loopback.base_url + "/rss.xml", name="k", label="K")
    runner = LocalRunner(ctx)
    seen = []
    for expected in (4, 4, 2, 0):
        report = RunReport()
        runner.discover(report)
        assert report.discovered == expected
        with ctx.db.session() as session:
            seen.append(sorted(session.scalars(select(Article.url))))
            cache = session.scalar(select(HttpCache))
            # validators only once every item of the feed has been taken
            assert (cache is not None) == (len(seen[-1]) == 10)
    first = [u.rsplit("/", 1)[1] for u in seen[0]]
    assert first == [f"{4900000 + i}-x" for i in (6, 7, 8, 9)]  # the newest four
    assert loopback.hits[-1].headers.get("if-none-match") == '"v1"'


def test_one_bad_item_does_not_reject_the_feed(ctx, loopback):
    bad = "<item><title>b</title><link>http://[::1/x</link></item><item><title>c</title><link>http://h:99999/</link></item>"
    loopback.add("/rss.xml", feed_xml(loopback.base_url, 2, bad))
    add_source(ctx.db, feed_url=loopback.base_url + "/rss.xml", name="k", label="K")
    report = RunReport()
    LocalRunner(ctx).discover(report)
    assert report.discovered == 2 and report.item_errors == 2 and not report.feed_errors
    with ctx.db.session() as session:
        source = session.scalars(select(Source)).one()
        assert source.last_error is None
        assert [e["item"] for e in source.item_errors] == ["1", "2"]


def test_an_empty_feed_is_recorded_and_other_sources_go_on(ctx, loopback):
    loopback.add("/empty.xml", b"", content_type="application/rss+xml")
    loopback.add("/rss.xml", feed_xml(loopback.base_url, 1))
    add_source(ctx.db, feed_url=loopback.base_url + "/empty.xml", name="empty", label="E")
    add_source(ctx.db, feed_url=loopback.base_url + "/rss.xml", name="k", label="K")
    report = RunReport()
    LocalRunner(ctx).discover(report)
    assert report.discovered == 1 and len(report.feed_errors) == 1
    with ctx.db.session() as session:
        empty = session.scalar(select(Source).where(Source.name == "empty"))
        assert empty is not None and "empty feed body" in (empty.last_error or "")


def test_newest_keeps_feed_order_and_counts_undated_items_as_new():
    from datetime import UTC, datetime

    items = [
        FeedItem(f"http://h/{i}", None, None, datetime(2026, 1, d, tzinfo=UTC) if d else None)
        for i, d in enumerate([5, 1, 0, 9, 2])
    ]
    assert [i.url for i in newest(items, 3)] == ["http://h/0", "http://h/2", "http://h/3"]
    assert (
        read_feed(
            b'<rss version="2.0"><channel><item><link>x</link></item></channel></rss>', "http://h/"
        )
        .items[0]
        .url
        == "http://h/x"
    )


def test_the_scheduler_polls_each_source_at_its_own_interval(ctx, loopback):
    from datetime import UTC, datetime, timedelta

    from newsmt.pipeline import discovery

    loopback.add("/a.xml", feed_xml(loopback.base_url, 1))
    loopback.add("/b.xml", feed_xml(loopback.base_url, 1))
    add_source(ctx.db, feed_url=loopback.base_url + "/a.xml", name="a", label="A",
               poll_interval=3600)  # fmt: skip
    add_source(ctx.db, feed_url=loopback.base_url + "/b.xml", name="b", label="B",
               poll_interval=60)  # fmt: skip
    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    with ctx.db.session() as session:
        for source in session.scalars(select(Source)):
            source.last_polled_at = ten_minutes_ago
    discovery.discover(ctx, RunReport(), due_only=True)
    polled = [h.path for h in loopback.hits]
    assert "/b.xml" in polled and "/a.xml" not in polled  # a waits for its hour
    discovery.discover(ctx, RunReport())  # `run --once` polls every source
    assert "/a.xml" in [h.path for h in loopback.hits]
