"""`newsmt serve` serves the generated site."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsmt.web import create_app


def test_site_is_served(tmp_path):
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Index</h1>", encoding="utf-8")
    (site / "articles" / "1-a.html").write_text("<h1>Artikel</h1>", encoding="utf-8")
    (site / "feed.rss").write_text("<rss/>", encoding="utf-8")
    client = TestClient(create_app(site))
    assert client.get("/").text == "<h1>Index</h1>"
    assert client.get("/articles/1-a.html").text == "<h1>Artikel</h1>"
    assert client.get("/feed.rss").status_code == 200
    assert client.get("/missing.html").status_code == 404
    assert client.get("/healthz").json() == {"status": "ok"}
