"""The page cache keeps serving what did not change: a change drops the pages of the
articles it touched and the list pages, and nothing else. And it never serves one
request's answer to another: a page is keyed by every query parameter its route reads."""

from __future__ import annotations

from fastapi.routing import APIRoute

from newsmt.publish.announce import site_version
from newsmt.publish.changes import site_changed
from newsmt.store import Article
from newsmt.web.app import UNCACHED_PREFIXES, flat_routes, query_params_read


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
    version = site_version(settings)
    try:
        with db.session() as session:
            site_changed(session, settings, [1])
            raise RuntimeError("the stage failed")
    except RuntimeError:
        pass
    assert site_version(settings) == version


def test_everything_goes_when_everything_changed(web):
    client, settings, db = web
    client.get("/artikel/1")
    with db.session() as session:
        site_changed(session, settings, None)
    client.get("/artikel/2")
    assert cached_paths(client) == {"/artikel/2"}


# A value per query parameter that changes the answer of the route that reads it (with
# the fixture's three articles, two to a page). A route that reads a parameter not named
# here fails the test below until it gets one.
CHANGING = {"seite": "2", "page": "2", "per_page": "1", "source": "nope", "q": "Selenskyj"}
# A path value per path parameter that names something that exists.
EXISTING = {"ref": "1", "name": "korr-ru", "tag": "Charkiw", "number": "1", "article_id": "1"}


def cached_routes(app) -> list[tuple[str, frozenset[str]]]:  # type: ignore[no-untyped-def]
    """The GET routes the page cache stores, each with the query parameters it reads."""
    out = []
    for matcher, route in flat_routes(app.routes):
        if not isinstance(route, APIRoute) or "GET" not in (route.methods or ()):
            continue
        path: str = getattr(matcher, "path", route.path)  # with its router's prefix
        if not path.startswith(UNCACHED_PREFIXES):
            out.append((path, query_params_read(getattr(matcher, "dependant", route.dependant))))
    return out


def test_a_parameter_one_request_gives_never_reaches_another(web):
    """/api/articles?source=nope answered [] and, until the next change, so did
    /api/articles for everyone: the cache keyed only `seite` and `q`."""
    client, _, _ = web
    assert client.get("/api/articles?source=nope").json() == []
    assert len(client.get("/api/articles").json()) == 3
    assert len(client.get("/api/articles?per_page=1").json()) == 1
    assert len(client.get("/api/articles?per_page=2&utm_source=x").json()) == 2


def test_every_cached_route_keys_on_every_query_parameter_it_reads(web):
    """For each cached route and each parameter it reads: the answer with the parameter
    and the answer without it, each asked right after the other, are what each is when
    nothing is cached."""
    client, _, _ = web
    client.get("/healthz")  # builds the middleware stack
    cache = client.app.state.page_cache

    def empty() -> None:
        cache.cache.clear()
        cache.bytes = 0

    def answer(url: str) -> tuple[int, bytes]:
        response = client.get(url)
        return response.status_code, response.content

    routes = cached_routes(client.app)
    assert ("/api/articles", frozenset({"page", "per_page", "source"})) in routes
    checked = 0
    for path, params in routes:
        base = path.format(**EXISTING)
        for param in sorted(params):
            assert param in CHANGING, f"{path} reads ?{param}=: add a value to CHANGING"
            with_value = f"{base}?{param}={CHANGING[param]}"
            uncached = {}
            for url in (base, with_value):
                empty()
                uncached[url] = answer(url)
            assert uncached[base] != uncached[with_value], (path, param)  # a real test
            for first, second in ((with_value, base), (base, with_value)):
                empty()
                answer(first)  # cached (when a 200)
                assert answer(second) == uncached[second], (first, second)
            checked += 1
    assert checked >= 7  # /, /quelle, /thema, /suche and the API's page, per_page, source
