"""The web app under hostile use: a cache that cannot be grown without bound, screenshots
only of published articles, logins nobody can lock, links only over http(s), feeds that
stay well-formed XML whatever an editor types, and numbers in addresses and forms read
strictly (ASCII digits within a range: "²" and 5,000 nines were 500s)."""

from __future__ import annotations

import xml.dom.minidom

from fastapi.testclient import TestClient
from sqlalchemy import select

from newsmt.store import Article
from newsmt.web.app import PublicCacheAndHeaders, cache_key

from .conftest import PASSWORD, csrf_of, login


def cache_of(client: TestClient) -> PublicCacheAndHeaders:
    client.get("/healthz")  # builds the middleware stack
    cache = client.app.state.page_cache  # type: ignore[attr-defined]
    assert isinstance(cache, PublicCacheAndHeaders)
    return cache


def test_unknown_paths_and_parameters_do_not_grow_the_cache(web):
    client, _, _ = web
    client.get("/")
    cache = cache_of(client)
    before = (len(cache.cache), cache.bytes)
    for i in range(200):
        assert client.get(f"/thema/{'x' * 5000}{i}").status_code == 404
        assert client.get(f"/artikel/99999{i}").status_code == 404
        assert client.get(f"/?utm_source={i}&junk={'y' * 1000}").status_code == 200
    assert (len(cache.cache), cache.bytes) == before
    reads = frozenset({"seite"})  # what the index reads (its route says so)
    assert cache_key("/", b"b=1&seite=2&a=3", reads) == cache_key("/", b"seite=2&z=9", reads)
    assert cache_key("/", b"seite=2&zzz=9", reads) == "/?seite=2"


def test_the_cache_is_bounded_in_bytes(web):
    client, settings, _ = web
    cache = cache_of(client)
    cache.max_bytes = 40_000
    for page in (1, 2):
        client.get(f"/?seite={page}")
    for q in range(50):
        client.get(f"/suche?q=Selenskyj{q}")
    assert 0 < cache.bytes <= 40_000
    assert (
        sum(
            len(k) + len(v[2]) + sum(len(a) + len(b) for a, b in v[1])
            for k, v in cache.cache.items()
        )
        == cache.bytes
    )


def test_screenshots_are_served_only_for_published_articles(web):
    client, settings, db = web
    settings.screenshots_dir.mkdir(parents=True, exist_ok=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    for name in ("1.png", "1-thumb.png", "2.png"):
        (settings.screenshots_dir / name).write_bytes(png)
    with db.session() as session:
        for article in session.scalars(select(Article).where(Article.id.in_([1, 2]))):
            article.screenshot_path = str(settings.screenshots_dir / f"{article.id}.png")
        session.get(Article, 2).status = "withdrawn"
    assert client.get("/screenshots/1.png").content == png
    assert client.get("/screenshots/1-thumb.png").status_code == 200
    assert client.get("/screenshots/2.png").status_code == 404  # withdrawn
    assert client.get("/screenshots/3.png").status_code == 404  # never captured
    assert client.get("/screenshots/..%2Fnewsmt.db").status_code == 404


def test_a_flood_from_one_address_never_locks_out_another(web):
    client, _, _ = web
    attacker = TestClient(client.app, client=("203.0.113.9", 4000))
    for _ in range(8):
        login(attacker, password="wrong password")
    assert login(attacker).status_code == 429  # the flooding address waits
    editor = TestClient(client.app, client=("198.51.100.7", 4000))
    assert login(editor).status_code == 303  # the editor elsewhere gets in
    assert "newsmt_session" in login(editor).headers.get("set-cookie", "")


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(web):
    """uvicorn rewrites the client address only for NEWSMT_TRUSTED_PROXIES."""
    from newsmt.cli.site_commands import proxy_options
    from newsmt.config import Settings

    assert proxy_options(Settings()) == {"proxy_headers": False, "forwarded_allow_ips": ""}
    trusted = Settings(trusted_proxies="127.0.0.1")
    assert proxy_options(trusted) == {"proxy_headers": True, "forwarded_allow_ips": "127.0.0.1"}
    client, _, _ = web
    spoofed = TestClient(client.app, client=("203.0.113.9", 4000))
    for i in range(8):
        spoofed.headers["X-Forwarded-For"] = f"10.0.0.{i}"
        login(spoofed, password="wrong password")
    assert login(spoofed).status_code == 429


def test_the_review_page_links_only_http_sources(web):
    client, _, db = web
    with db.session() as session:
        session.get(Article, 1).url = "javascript:alert(document.cookie)"
    login(client)
    page = client.get("/edit/artikel/1").text
    assert "javascript:" not in page and "keine gültige Adresse" in page


def test_control_characters_from_an_editor_never_reach_the_feeds(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/1")
    response = client.post(
        "/edit/artikel/1/absatz/title",
        data={"text": "Titel\x01 mit\x00 Steuerzeichen\x1b", "csrf_token": token},
    )
    assert response.status_code in (200, 303)
    with db.session() as session:
        assert session.get(Article, 1).title_de == "Titel mit Steuerzeichen"
    for path in ("/feed.rss", "/feed.atom", "/sitemap.xml"):
        body = client.get(path)
        assert body.status_code == 200
        xml.dom.minidom.parseString(body.content)  # well-formed
    approve_token = csrf_of(client, "/edit/artikel/1")
    assert client.post(
        "/edit/artikel/1/freigeben", data={"csrf_token": approve_token}, follow_redirects=False
    ).status_code in (200, 303)
    assert PASSWORD


def test_numbers_in_the_editors_addresses_and_forms_are_read_strictly(web):
    """Python's int() and str.isdigit() take "²"; a number of thousands of digits is past
    Python's conversion limit, one past 2**63 past the database's: each was a 500."""
    client, _, _ = web
    login(client)
    strict = TestClient(client.app, raise_server_exceptions=False, cookies=client.cookies)
    huge = "9" * 5000
    assert strict.get("/edit/artikel?q=²").status_code == 200  # searched as text
    assert strict.get(f"/edit/artikel?q={huge}").status_code == 200
    assert strict.get(f"/edit/artikel?q={2**64}").status_code == 200
    assert strict.get("/edit/?von=²&ok=freigegeben").status_code == 200  # no number, no 500
    assert strict.get("/edit/artikel?erledigt=²&uebersprungen=³").status_code == 200
    for path in (
        f"/edit/?seite={huge}",
        f"/edit/artikel?seite={2**63}",
        "/edit/artikel?seite=²",
        "/edit/artikel?seite=+2",
        "/edit/artikel/1?von=²",
        f"/edit/dashboard?days={huge}",
        "/edit/artikel?von=２０２４-01-01",  # full-width digits
        "/edit/artikel?von=20240101",  # a date only as JJJJ-MM-TT
        "/edit/artikel?status=gibt-es-nicht",
    ):
        assert strict.get(path).status_code == 422, path
    assert strict.get("/edit/artikel?bis=9999-12-31").status_code == 200  # no day after it
    assert strict.get(f"/edit/artikel/{2**63}").status_code == 422
    token = csrf_of(client)
    for ids in ([str(2**64)], ["²"], [huge], ["1", "-1"]):
        bulk = strict.post(
            "/edit/artikel/sammel",
            data={"action": "freigeben", "ids": ids, "csrf_token": token},
            follow_redirects=False,
        )
        assert bulk.status_code == 422, ids
    version = strict.post(
        f"/edit/artikel/1/version/{2**64}", data={"csrf_token": token}, follow_redirects=False
    )
    assert version.status_code == 422


def test_numbers_in_public_addresses_are_read_strictly(web):
    client, _, _ = web
    reader = TestClient(client.app, raise_server_exceptions=False)
    for path in ("/artikel/²-x", "/artikel/" + "9" * 5000, f"/artikel/{2**31}-x", "/sitemap-².xml"):
        assert reader.get(path).status_code == 404, path
    for path in ("/?seite=²", f"/?seite={'9' * 5000}", "/?seite=1_0", "/api/articles?page=+1"):
        assert reader.get(path).status_code == 422, path
    assert reader.get("/api/articles/1_0").status_code == 422  # was article 10
    assert reader.get("/sitemap-1_0.xml").status_code == 404  # was file 10
    assert reader.get("/artikel/1-selenskyj").status_code == 200


def test_a_nul_character_never_makes_a_server_error(web):
    """PostgreSQL refuses NUL in any text: a lookup by a name holding one was a 500. In an
    address or query it is refused before any route reads it; in a form, what the
    database refuses is a 422 (an editor's text is cleaned of it before)."""
    client, _, _ = web
    reader = TestClient(client.app, raise_server_exceptions=False)
    for path in ("/quelle/%00", "/thema/a%00b", "/suche?q=%00", "/api/articles?source=%00"):
        assert reader.get(path).status_code == 422, path
    form = reader.get("/login").text
    token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    refused = reader.post(
        "/login",
        data={"name": "anna\x00", "password": "x", "csrf_token": token},
        follow_redirects=False,
    )
    assert refused.status_code in (303, 422)  # SQLite: no such user; PostgreSQL: refused
    assert login(reader).status_code == 303  # the same form without it goes through
