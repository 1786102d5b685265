"""The offline demo: bundled Korrespondent-style pages served on loopback."""

from __future__ import annotations

from importlib import resources

from newsmt.demo.loopback import LoopbackServer, Route

RU_ARTICLE = "/ukraine/4801234-umerov-vedet-v-turtsyy-perehovory-ob-obmene-plennymy"
UK_ARTICLE = "/ua/ukraine/4801300-u-kyievi-vidkryly-novyi-punkt-nezlamnosti"
RU_FEED = "/rss/ru/all_news2.0.xml"
UK_FEED = "/rss/ua/all_news2.0.xml"


def sample(name: str) -> bytes:
    return resources.files("newsmt.data").joinpath(f"samples/{name}").read_bytes()


def serve_samples(port: int = 0) -> LoopbackServer:
    """Start a loopback server with the two sample articles, their feeds and robots.txt."""
    server = LoopbackServer(port=port)
    base = server.base_url.encode()
    xml = "application/rss+xml; charset=utf-8"
    server.add(RU_FEED, sample("ru-feed.xml").replace(b"{{BASE}}", base), content_type=xml)
    server.add(UK_FEED, sample("uk-feed.xml").replace(b"{{BASE}}", base), content_type=xml)
    server.add(RU_ARTICLE, sample("ru-article.html"))
    server.add(UK_ARTICLE, sample("uk-article.html"))
    server.add("/robots.txt", sample("robots.txt"), content_type="text/plain")
    server.add("/img/photo.png", sample("photo.png"), content_type="image/png")
    return server.start()


__all__ = ["LoopbackServer", "Route", "serve_samples"]
