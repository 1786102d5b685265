"""The page cache keeps serving what did not change: a change drops the pages of the
articles it touched and the list pages, and nothing else."""

from __future__ import annotations

from newsmt.publish.changes import site_changed
from newsmt.store import Article


def cached_paths(client) -> set[str]:  # type: ignore[no-untyped-def]
    return {key.split("?", 1)[0] for key in client.app.state.page_cache.cache}


def test_a_change_drops_only_what_it_touched(web):
    client, settings, db = web
    for path in ("/", "/artikel/1", "/artikel/2", "/artikel/3", "/feed.rss", "/api/articles/2"):
        assert client.get(path).status_code == 200
    assert {"/", "/artikel/1", "/artikel/2", "/artikel/3", "/feed.rss"} <= cached_paths(client)
    with db.session() as session:
        article = session.get(Article, 2)
        article.title_de = "Neuer Titel (2)"
        site_changed(session, settings, [2])  # announced when this commits
    assert client.get("/healthz").status_code == 200  # a request after the commit
    client.get("/artikel/3")  # any public request makes the worker look at the changes
    kept = cached_paths(client)
    assert "/artikel/1" in kept and "/artikel/3" in kept
    assert "/artikel/2" not in kept and "/api/articles/2" not in kept
    assert "/" not in kept and "/feed.rss" not in kept
    assert "Neuer Titel (2)" in client.get("/artikel/2").text


def test_nothing_is_announced_when_the_change_rolls_back(web):
    client, settings, db = web
    client.get("/artikel/1")
    version = settings.site_version()
    try:
        with db.session() as session:
            site_changed(session, settings, [1])
            raise RuntimeError("the stage failed")
    except RuntimeError:
        pass
    assert settings.site_version() == version


def test_everything_goes_when_everything_changed(web):
    client, settings, db = web
    client.get("/artikel/1")
    with db.session() as session:
        site_changed(session, settings, None)
    client.get("/artikel/2")
    assert cached_paths(client) == {"/artikel/2"}
