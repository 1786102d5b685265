"""The whole line over pages nobody here wrote: the 71 real ru/uk pages of
../shared/news-pages (31 outlets; 63 pages as Telegram's crawler kept them, 8 as the sites
served them), one feed, one run, the tiny model, on a source with no outlet set.

What must hold on real data: no page fails or stops the run; every page ends published
or as the other edition of a published story; each article's language is the page's; a
published article has a German title, body and page; a rerun adds nothing; Chromium
photographs the sites' own pages (scripts, frames and furniture pointing at hosts it must
not reach). The extraction gate (tests/sources/test_extraction_gate.py) measures what is
extracted; this measures that the line carries every real page to the site."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from newsmt.config import Settings
from newsmt.pipeline import LocalRunner, PipelineContext
from newsmt.sources.registry import add_source
from newsmt.store import Article

from ..conftest import requires, rss

NEWS_PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "news-pages"
needs_pages = requires((NEWS_PAGES / "MANIFEST.tsv").is_file(), "../shared is not beside the clone")


def manifest() -> list[dict[str, str]]:
    with (NEWS_PAGES / "MANIFEST.tsv").open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows, delimiter="\t"))


def run_line(pages, tmp_path, model_dir, loopback, *, capture: bool):  # type: ignore[no-untyped-def]
    """Serve the pages and their feed, run the line once; (context, report, language by
    URL). The caller closes the context."""
    language = {}
    for i, page in enumerate(pages):
        path = f"/news/{i}-{Path(page['file']).stem}"
        loopback.add(path, (NEWS_PAGES / page["file"]).read_bytes(), content_type="text/html")
        language[loopback.base_url + path] = page["language"]
    paths = [url.removeprefix(loopback.base_url) for url in language]
    loopback.add("/rss.xml", rss(loopback.base_url, paths))
    settings = Settings(
        home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'newsmt.db'}",
        model_dir=model_dir, politeness_delay=0.0, capture_enabled=capture,
    )  # fmt: skip
    ctx = PipelineContext.from_settings(settings)
    add_source(ctx.db, feed_url=loopback.base_url + "/rss.xml", name="real", label="Real")
    return ctx, LocalRunner(ctx).run_once(), language


@needs_pages
def test_every_real_page_reaches_the_site_and_a_rerun_adds_nothing(
    tmp_path, tiny_model_dir, loopback
):
    pages = manifest()
    ctx, report, language = run_line(pages, tmp_path, tiny_model_dir, loopback, capture=False)
    try:
        assert (report.discovered, report.failed, report.item_errors) == (len(pages), 0, 0)
        assert report.published + report.alternates == len(pages)
        with ctx.db.session() as session:
            articles = session.scalars(select(Article)).all()
            statuses = Counter(a.status for a in articles)
            assert set(statuses) <= {"published", "alternate"}, statuses
            by_id = {a.id: a for a in articles}
            for article in articles:
                assert article.lang == language[article.url], article.url
                if article.status == "alternate":  # the story's other edition is ours
                    other = by_id[article.edition_of_id]
                    assert other.status == "published" and other.lang != article.lang
                    continue
                assert article.title_de and article.blocks_de, article.url
                page = ctx.settings.site_dir / (article.page_path or "")
                assert page.is_file(), article.url
        again = LocalRunner(ctx).run_once()
        assert (again.discovered, again.published, again.failed) == (0, 0, 0)
    finally:
        ctx.close()


@needs_pages
def test_chromium_photographs_every_page_in_its_sites_own_markup(
    tmp_path, tiny_model_dir, loopback
):
    pages = [p for p in manifest() if p["markup"] == "site's own"]
    assert len(pages) >= 8
    ctx, report, _ = run_line(pages, tmp_path, tiny_model_dir, loopback, capture=True)
    try:
        assert (report.published, report.failed) == (len(pages), 0)
        with ctx.db.session() as session:
            for article in session.scalars(select(Article)):
                assert article.capture_error is None, (article.url, article.capture_error)
                with Image.open(article.screenshot_path or "") as shot:
                    assert shot.format == "PNG" and shot.width >= 800 and shot.height >= 600
    finally:
        ctx.close()
