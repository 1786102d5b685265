"""The public site: pages, search, feeds, sitemap, headers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sqlalchemy import select

from newsmt.store import Article


def test_index_is_newest_first_and_paginated(web):
    client, _, _ = web
    first = client.get("/")
    assert first.status_code == 200
    assert '<html lang="de">' in first.text
    assert first.text.index("(3)") < first.text.index("(2)")
    assert "(1)" not in first.text and 'rel="next" href="?seite=2"' in first.text
    second = client.get("/?seite=2")
    assert "(1)" in second.text and 'rel="prev"' in second.text
    assert client.get("/?seite=9").status_code == 404


def test_article_page_in_the_seed_layout(web):
    client, _, _ = web
    page = client.get("/artikel/2-selenskyj-besuchte-charkiw-2")
    assert page.status_code == 200
    html = page.text[page.text.index("<article>") :]
    order = [
        "Freitag, 20.",
        "maschinelle Übersetzung",
        "Bildschirmfoto",
        "<h1>Selenskyj besuchte Charkiw (2)</h1>",
        "Der Präsident traf sich",
        "kam in Charkiw an",
        "Wir erinnern daran",
        "Original:",
    ]
    positions = [html.index(part) for part in order]
    assert positions == sorted(positions)
    assert "weder überprüft" in html  # unreviewed disclaimer
    head = page.text[: page.text.index("<article>")]
    assert '<meta property="og:title" content="Selenskyj besuchte Charkiw (2)">' in head
    assert '<meta name="viewport"' in head and 'href="/thema/' in html
    assert client.get("/artikel/2").status_code == 200  # the slug is optional
    assert client.get("/artikel/99-nope").status_code == 404


def test_unpublished_articles_are_not_public(web):
    client, _, db = web
    with db.session() as session:
        session.get(Article, 1).status = "withdrawn"
    from newsmt.publish.announce import bump_site_version  # the cache keys on the site version

    bump_site_version(web[1])
    assert client.get("/artikel/1").status_code == 404
    assert "(1)" not in client.get("/?seite=2").text


def test_source_and_tag_pages(web):
    client, _, _ = web
    assert "Artikel von Korrespondent.net" in client.get("/quelle/korr-ru").text
    assert client.get("/quelle/unknown").status_code == 404
    tag = client.get("/thema/Charkiw")  # topics in German, translated with the article
    assert tag.status_code == 200 and "Selenskyj besuchte Charkiw" in tag.text
    assert client.get("/thema/Харьков").status_code == 404  # the source's words are not topics
    article = client.get("/artikel/1").text
    assert 'href="/thema/Charkiw"' in article and "Харьков" not in article


def test_full_text_search(web):
    client, _, _ = web
    found = client.get("/suche", params={"q": "Sonnenblume"})
    assert "3 Treffer" in found.text
    assert "0 Treffer" in client.get("/suche", params={"q": "Kartoffel"}).text
    # user input is never search syntax
    assert client.get("/suche", params={"q": 'NEAR( "x" OR *'}).status_code == 200
    api = client.get("/api/search", params={"q": "Sonnenblume"}).json()
    assert len(api) == 3 and api[0]["url"].startswith("/artikel/")


def test_search_finds_source_language_names_and_other_latin_spellings(web):
    client, settings, db = web
    from newsmt.publish.changes import site_changed
    from newsmt.store import Article, Source
    from newsmt.store.search import index_article

    from .conftest import published_article

    with db.session() as session:
        source = session.scalar(select(Source))
        umerov = published_article(
            source, 4, title="Умеров провел переговоры", title_de="Umjerow führte Gespräche",
            text_de="Umjerow führte Gespräche in Istanbul.",
        )  # fmt: skip
        session.add(umerov)
        session.flush()
        index_article(session, umerov)

    def hits(query: str) -> int:
        return len(client.get("/api/search", params={"q": query}).json())

    assert hits("Зеленский") == 4  # the source's own words (article 4 names him too)
    assert hits("Selensky") == 4 and hits("Zelensky") == 4  # other Latin spellings
    assert hits("Umerov") == 1 and hits("Umjerow") == 1 and hits("Умеров") == 1
    assert hits("Umerov Istanbul") == 1 and hits("Umerov Kartoffel") == 0
    assert "1 Treffer" in client.get("/suche", params={"q": "Umerov"}).text
    with db.session() as session:  # a withdrawn article is found by no spelling
        article = session.get(Article, 4)
        article.status = "withdrawn"
        index_article(session, article)
        site_changed(session, settings, [4])
    assert hits("Umerov") == 0 and hits("Умеров") == 0


def test_feeds_and_sitemap(web):
    client, _, _ = web
    rss = ET.fromstring(client.get("/feed.rss").content)
    assert len(rss.findall("./channel/item")) == 3
    atom = ET.fromstring(client.get("/feed.atom").content)
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 3
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{ns}sitemapindex"
    files = [e.text for e in index.iter(f"{ns}loc")]
    assert files == ["http://localhost:8000/sitemap-1.xml"]
    sitemap = ET.fromstring(client.get("/sitemap-1.xml").content)
    locs = [e.text for e in sitemap.iter(f"{ns}loc")]
    assert len(locs) == 4 and locs[1].endswith("/artikel/1-selenskyj-besuchte-charkiw-1")
    assert client.get("/sitemap-2.xml").status_code == 404


def test_the_sitemap_splits_at_the_protocols_limit(web, monkeypatch):
    from newsmt.web import public

    client, _, _ = web
    monkeypatch.setattr(public, "SITEMAP_URLS", 2)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.fromstring(client.get("/sitemap.xml?x=1").content)
    assert [e.text.rsplit("/", 1)[1] for e in index.iter(f"{ns}loc")] == [
        "sitemap-1.xml",
        "sitemap-2.xml",
    ]
    second = ET.fromstring(client.get("/sitemap-2.xml").content)
    assert len(list(second.iter(f"{ns}url"))) == 1


def test_every_response_carries_a_csp_without_inline_script(web):
    client, _, _ = web
    for path in ("/", "/artikel/1", "/login", "/feed.rss", "/api/articles"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = client.get("/artikel/1").text
    assert "<script>" not in page and "onclick" not in page
    assert '<script src="/static/htmx.min.js" defer></script>' in page
    assert client.get("/static/htmx.min.js").status_code == 200


def test_json_api(web):
    client, _, _ = web
    listing = client.get("/api/articles", params={"per_page": 2}).json()
    assert [a["id"] for a in listing] == [3, 2]
    detail = client.get("/api/articles/1").json()
    assert detail["paragraphs"] == [{"kind": "p", "text": "Wolodymyr Selenskyj kam in Charkiw an."}]
    assert client.get("/api/articles/999").status_code == 404


def test_feed_entry_ids_survive_a_title_edit_and_match_the_static_export(web):
    """Ids come from the article id, never the slug: a corrected title must not make
    feed readers show the article twice. The static export's feed uses the same ids."""
    from newsmt.pipeline import LocalRunner, PipelineContext
    from newsmt.store import Article

    client, settings, db = web
    atom = "{http://www.w3.org/2005/Atom}"

    def ids(body: bytes) -> list[str]:
        return [e.findtext(f"{atom}id") for e in ET.fromstring(body).iter(f"{atom}entry")]

    before = ids(client.get("/feed.atom").content)
    assert "http://localhost:8000/artikel/1" in before
    with db.session() as session:
        session.get(Article, 1).title_de = "Ein ganz anderer Titel"
    client.app.state.page_cache.cache.clear()
    assert ids(client.get("/feed.atom").content) == before
    ctx = PipelineContext(settings=settings, db=db)
    LocalRunner(ctx).rebuild_index(full=True)
    static = ids((settings.site_dir / "feed.atom").read_bytes())
    assert sorted(static) == sorted(before)
