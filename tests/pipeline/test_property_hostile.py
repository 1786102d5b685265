"""Property: whatever malformed page or feed item arrives, the line finishes its run,
every article ends published, failed with a reason, or set aside as a duplicate, and a
rerun adds nothing. Hypothesis builds the pages from fragments seen to break parsers."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from newsmt.pipeline import LocalRunner, PipelineContext
from newsmt.sources.registry import add_source
from newsmt.store import Article
from tests.fixtures.hostile.corpus import BASE_PAGE, CANONICAL, DATE, FIRST_P, INFO_DATE, TITLE
from tests.fixtures.hostile.server import HostileServer

URLS = st.sampled_from(
    [
        "http://[",
        "http://[::1/x",
        "http://h:99999/x",
        "http://h:-1/",
        "javascript:alert(1)",
        "data:text/html,x",
        "//",
        "",
        "http://\x00/",
        "http://a b/",
        "http://xn--/",
        "https://korrespondent.net/ukraine/" + "9" * 40 + "-x",
        "http://" + "a" * 3000 + "/",
    ]
)
TEXT = st.lists(
    st.sampled_from(list("абв xyz\x00\x01\x1b\ufffe<>&\"'«»\n\t") + ["</p>", "<div>", "]]>"]),
    max_size=30,
).map("".join)
DATES = st.sampled_from(
    [
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59-10:00",
        "2026-02-31T10:00:00",
        "not a date",
        "1970-01-01T00:00:00Z",
        "2026-01-01T25:61:00+02:00",
        "",
    ]
)
INFOS = st.sampled_from(
    ["Среда, 31 февраля 2026, 18:42", "Сегодня, 25:61", "1 января 0000, 00:00", "Вчера, 99:99", ""]
)
counter = itertools.count(1)


@st.composite
def hostile_page(draw: st.DrawFn) -> str:
    n = next(counter)
    page = BASE_PAGE.replace(
        CANONICAL, draw(URLS) if draw(st.booleans()) else f"https://korrespondent.net/ukraine/{n}-p"
    )
    page = page.replace(TITLE, f"{TITLE} {n} {draw(TEXT)}")
    page = page.replace(DATE, f'"datePublished":"{draw(DATES)}"')
    page = page.replace(INFO_DATE, draw(INFOS))
    extra = f'<p>Пример {n}: <a href="{draw(URLS)}">{draw(TEXT)}</a> {draw(TEXT)}</p>'
    depth = draw(st.sampled_from([0, 10, 2000]))
    extra = "<div>" * depth + extra + "</div>" * depth
    return page.replace(FIRST_P, extra + FIRST_P)


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(pages=st.lists(hostile_page(), min_size=1, max_size=3), bad_links=st.lists(URLS, max_size=2))
def check_line(
    ctx: PipelineContext, srv: HostileServer, pages: list[str], bad_links: list[str]
) -> None:
    n = next(counter)
    links = []
    for i, page in enumerate(pages):
        path = f"/p{n}/{i}-page"
        srv.add(path, page)
        links.append(srv.base_url + path)
    items = "".join(
        f"<item><title>{i}</title><link>{link.replace('&', '&amp;').replace('<', '&lt;')}</link></item>"
        for i, link in enumerate([*bad_links, *links])
    )
    srv.add(
        f"/feed{n}.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
        Content_Type="application/rss+xml",
    )
    add_source(
        ctx.db,
        feed_url=f"{srv.base_url}/feed{n}.xml",
        name=f"s{n}",
        label="K",
        adapter="korrespondent",
    )
    first = LocalRunner(ctx).run_once()
    with ctx.db.session() as session:
        rows = session.scalars(select(Article).where(Article.url.like(f"%/p{n}/%"))).all()
        assert len(rows) + first.duplicates >= 1 or len(rows) == len(pages)
        for article in rows:
            assert article.status in ("published", "failed", "duplicate"), article.status
            if article.status == "failed":
                assert article.error and article.error_stage
    again = LocalRunner(ctx).run_once()
    assert again.discovered == 0


def test_malformed_pages_and_feeds_never_stop_the_line(settings):
    settings.max_total_seconds = 3.0
    srv = HostileServer()
    srv.add("/robots.txt", "User-agent: *\nAllow: /\n", Content_Type="text/plain")
    ctx = PipelineContext.from_settings(settings)
    try:
        check_line(ctx, srv)
    finally:
        ctx.close()
        srv.close()
