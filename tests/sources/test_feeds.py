from __future__ import annotations

import pytest

from newsmt.sources import canonicalize_url, parse_feed

from ..conftest import rss


def test_rss_items():
    items = parse_feed(
        rss("http://127.0.0.1:1", ["/a/1-x", "/a/2-y"]).encode(), "http://127.0.0.1:1/"
    )
    assert [i.url for i in items] == ["http://127.0.0.1:1/a/1-x", "http://127.0.0.1:1/a/2-y"]
    assert items[0].published_at.isoformat() == "2026-01-01T08:00:00+00:00"


def test_atom_feed():
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>x</title><entry><title>Новина</title><link href="/ua/news/7-a"/><id>urn:7</id>
    <updated>2026-01-02T10:00:00+02:00</updated></entry></feed>"""
    (item,) = parse_feed(atom.encode(), "https://ua.korrespondent.net/rss")
    assert item.url == "https://ua.korrespondent.net/ua/news/7-a"
    assert item.guid == "urn:7"


def test_garbage_is_not_a_feed():
    with pytest.raises(ValueError, match="not a readable RSS/Atom feed"):
        parse_feed(b"<html><body>Error 500<p></body>", "http://x/")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Korrespondent.NET/ukraine/1-a/", "https://korrespondent.net/ukraine/1-a"),
        (
            "https://korrespondent.net/ukraine/1-a?utm_source=tg#top",
            "https://korrespondent.net/ukraine/1-a",
        ),
        ("http://korrespondent.net:80/x?id=2", "http://korrespondent.net/x?id=2"),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ],
)
def test_canonical_urls(url, canonical):
    assert canonicalize_url(url) == canonical
