"""Outlet profiles: data files read by one adapter, each tested on a real page where one exists."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newsmt.sources import extract_article
from newsmt.sources.extract import adapter_hosts, adapter_names, outlet_profiles
from newsmt.sources.extract.profiles import Profile
from newsmt.sources.registry import default_hosts

SHARED_PAGES = Path(__file__).resolve().parents[3] / "shared" / "news-pages"


def test_every_shipped_profile_loads_and_is_an_adapter():
    profiles = outlet_profiles()
    assert {"korrespondent", "ukrinform"} <= set(profiles)
    assert adapter_names()[0] == "generic" and set(profiles) <= set(adapter_names())
    for profile in profiles.values():
        assert profile.hosts and profile.selector("body")


def test_profile_hosts_are_the_sources_allowed_hosts():
    assert "k.img.com.ua" in adapter_hosts("korrespondent")
    hosts = default_hosts("https://www.ukrinform.ru/rss/block-lastnews", "ukrinform")
    assert "ukrinform.ua" in hosts


def test_a_profile_without_its_required_keys_is_refused():
    with pytest.raises(ValueError, match="missing hosts"):
        Profile.from_yaml("name: x\nlabel: X\nselectors: {body: div}", "x.yaml")
    with pytest.raises(ValueError, match="unknown selectors"):
        Profile.from_yaml("name: x\nlabel: X\nhosts: [x]\nselectors: {bdy: div}", "x.yaml")


@pytest.mark.skipif(not SHARED_PAGES.is_dir(), reason="../shared is not beside the clone")
def test_ukrinform_profile_on_a_saved_ukrinform_page():
    html = (SHARED_PAGES / "site" / "ukrinform.ru-ru-2020-09-20.html").read_text("utf-8")
    url = "https://www.ukrinform.ru/rubric-kyiv/3103218-policia-napravila-delo.html"
    article = extract_article(html, url, adapter="ukrinform")
    assert article.extractor == "profile:ukrinform"
    assert article.title == 'Полиция направила дело "минера" столичного метро в суд'
    assert article.lead.startswith("Полиция Киева завершила досудебное расследование")
    assert article.published_at.utcoffset() == timedelta(hours=3)
    assert article.blocks[0].text.startswith("Как передает Укринформ")
    assert article.background[0].startswith("Напомним:")
    assert all(not b.text.startswith("Полиция Киева завершила") for b in article.blocks)
