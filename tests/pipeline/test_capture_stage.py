"""In the pipeline: a screenshot per article, and a failed capture never blocks publication."""

from __future__ import annotations

import pytest

from newsmt.demo import sample
from newsmt.sources.registry import add_source

from ..conftest import rss

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("chromium", ["/usr/bin/chromium", "/nonexistent/chromium"])
def test_capture_outcome_is_recorded(ctx, runner, loopback, chromium):
    ctx.settings.capture_enabled = True
    ctx.settings.chromium_path = chromium
    loopback.add("/ukraine/1-a", sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, ["/ukraine/1-a"]))
    add_source(
        ctx.db,
        feed_url=loopback.base_url + "/rss.xml",
        name="k",
        label="Korrespondent.net",
        adapter="korrespondent",
    )
    report = runner.run_once()
    assert report.published == 1
    from sqlalchemy import select

    from newsmt.store import Article

    with ctx.db.session() as session:
        article = session.scalar(select(Article))
    html = (ctx.settings.site_dir / article.page_path).read_text()
    if chromium == "/usr/bin/chromium":
        assert article.screenshot_path.endswith("/screenshots/1.png")
        assert article.thumbnail_path.endswith("/screenshots/1-thumb.png")
        assert (ctx.settings.site_dir / "screenshots" / "1.png").exists()
        assert (
            '<a href="../screenshots/1.png">Bildschirmfoto des Originalartikels auf korrespondent.net</a>'
            in html
        )
    else:
        assert article.screenshot_path is None
        assert "Chromium not found" in article.capture_error
        assert "Bildschirmfoto des Originalartikels auf korrespondent.net: nicht verfügbar" in html
