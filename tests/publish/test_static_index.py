"""The static index follows the new work: a publication rewrites the last archive pages,
the index and the feeds, and the result is byte for byte what a full rebuild writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsmt.publish import SiteBuilder
from newsmt.publish.static_index import archive_path, update_static_index
from newsmt.store import Article, Database, Source


def add_published(db: Database, source_id: int, n: int) -> None:
    with db.session() as session:
        at = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=n)
        session.add(
            Article(
                source_id=source_id,
                url=f"https://k.example/{n}",
                canonical_url=f"https://k.example/{n}",
                status="published",
                stage="published",
                title_de=f"Titel {n}",
                lead_de=f"Lead {n}",
                page_path=f"articles/{n}-titel.html",
                published_at=at,
                source_published_at=at - timedelta(minutes=5),
            )
        )


def snapshot(site_dir) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {
        str(p.relative_to(site_dir)): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


def test_each_publication_touches_only_the_last_pages_and_matches_a_full_rebuild(
    tmp_path, database_url
):
    db = Database(database_url)
    db.migrate()
    with db.session() as session:
        source = Source(name="k", feed_url="https://k.example/rss", label="K", hosts=["k.example"])
        session.add(source)
        session.flush()
        source_id = source.id
    incremental = SiteBuilder(tmp_path / "inc", site_name="S", site_title="T", base_url="http://s/")
    full = SiteBuilder(tmp_path / "full", site_name="S", site_title="T", base_url="http://s/")
    per_page = 3
    for n in range(1, 11):
        add_published(db, source_id, n)
        written = update_static_index(db, incremental, per_page).pages_written
        pages = -(-n // per_page)
        expected_archive = sorted({archive_path(max(1, pages - 1)), archive_path(pages)})
        assert written == [*expected_archive, "index.html", "feed.rss", "feed.atom"]
    update_static_index(db, full, per_page, full=True)
    assert snapshot(tmp_path / "inc") == snapshot(tmp_path / "full")
    page_one = (tmp_path / "full" / archive_path(1)).read_text(encoding="utf-8")
    assert "Titel 1" in page_one and "Titel 3" in page_one and "Titel 4" not in page_one
    assert page_one.index("Titel 3") < page_one.index("Titel 1")  # newest first on a page
    index = (tmp_path / "full" / "index.html").read_text(encoding="utf-8")
    assert "Titel 10" in index and "Titel 7" not in index and archive_path(4) in index
    db.dispose()


def test_a_quiet_run_writes_nothing(ctx, runner, loopback):
    from tests.conftest import rss

    loopback.add("/rss.xml", rss(loopback.base_url, []))
    runner.run_once()  # first run writes the empty index
    index = ctx.settings.site_dir / "index.html"
    stamp = index.stat().st_mtime_ns
    runner.run_once()
    assert index.stat().st_mtime_ns == stamp
