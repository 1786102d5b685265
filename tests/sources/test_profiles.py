"""Outlet profiles: data files read by one adapter, each tested on a real page where one exists."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from newsmt.sources import extract_article
from newsmt.sources.extract import adapter_hosts, adapter_names, outlet_profiles
from newsmt.sources.extract.profiles import Profile
from newsmt.sources.registry import default_hosts

from ..conftest import requires

SHARED_PAGES = Path(__file__).resolve().parents[3] / "shared" / "news-pages"


def test_every_shipped_profile_loads_and_is_an_adapter():
    profiles = outlet_profiles()
    assert set(profiles) >= {
        "korrespondent", "pravda", "unian", "rbc", "interfax", "nv", "ukrinform"
    }  # fmt: skip
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


@requires(SHARED_PAGES.is_dir(), "../shared is not beside the clone")
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


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "outlets"
# name: (address of the fixture's article, its title, the first words of its text, tags)
DOCUMENTED = {
    "pravda": (
        "https://www.pravda.com.ua/news/2024/05/12/7455001/",
        "У Полтаві відкрили новий міст через Ворсклу",
        "У неділю в Полтаві",
        ["Полтава", "мости"],
    ),
    "unian": (
        "https://www.unian.net/economics/odessa-terminal-12600001.html",
        "В Одессе заработал новый морской терминал",
        "В Одесском порту",
        ["Одесса", "порт"],
    ),
    "rbc": (
        "https://www.rbc.ua/ukr/news/nbu-stavka-1715511111.html",
        "НБУ залишив облікову ставку без змін",
        "Національний банк залишив",
        ["НБУ", "облікова ставка"],
    ),
    "interfax": (
        "https://interfax.com.ua/news/general/987654.html",
        "Кабмин утвердил программу ремонта школ",
        "Кабинет министров утвердил",
        ["школы"],
    ),
    "nv": (
        "https://nv.ua/ukr/lviv/lviv-troleybusy-50400001.html",
        "Львів отримав 40 нових тролейбусів",
        "До Львова прибула",
        [],
    ),
}
# words of the fixtures' furniture: share bars, counters, read-also boxes, captions, tags
FURNITURE = ("Facebook", "Поділитися", "Поделиться", "Читайте", "Google News", "Фото:",
             "переглядів", "Трамваї у Львові", "Порты наращивают", "права захищено")  # fmt: skip


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_profile_on_a_fixture_that_follows_the_documented_markup(name):
    url, title, opening, tags = DOCUMENTED[name]
    html = (FIXTURES / f"{name}-documented-markup.html").read_text("utf-8")
    article = extract_article(html, url, adapter=name)
    assert article.extractor == f"profile:{name}" and not article.notes
    assert article.title == title
    assert article.blocks[0].text.startswith(opening)
    assert article.published_at.utcoffset() == timedelta(hours=3)
    text = " ".join([b.text for b in article.blocks] + article.background)
    assert not [word for word in FURNITURE if word in text]
    assert article.tags == tags


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_a_changed_page_falls_back_to_generic_extraction_with_a_note(name):
    url = DOCUMENTED[name][0]
    html = (
        "<html><body><main><h1>Новий дизайн сайту</h1>"
        + "".join(
            f"<p>Абзац номер {i} статті про новий дизайн сайту і його читачів.</p>"
            for i in range(5)
        )
        + "</main></body></html>"
    )
    article = extract_article(html, url, adapter=name)
    assert article.extractor == "generic:fallback"
    assert "read with the generic extractor" in article.notes[0]
    assert article.title == "Новий дизайн сайту" and len(article.blocks) == 5


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        # real ru/uk pairs of ../shared/news-pages/tg (MANIFEST.tsv)
        ("pravda", "https://www.pravda.com.ua/news/2019/11/1/7230738/",
         "https://www.pravda.com.ua/rus/news/2019/11/1/7230738/"),
        ("nv", "https://nv.ua/ukr/biz/markets/dtek-zavershiv-budivnictvo-50051075.html",
         "https://nv.ua/biz/markets/dtek-zavershil-stroitelstvo-50051075.html"),
        # address forms the profiles document
        ("korrespondent", "https://korrespondent.net/world/4058023-zagolovok",
         "https://ua.korrespondent.net/world/4058023-zaholovok"),
        ("unian", "https://www.unian.ua/war/sapery-11162807.html",
         "https://www.unian.net/war/sapery-11162807.html"),
        ("rbc", "https://www.rbc.ua/ukr/news/nbu-stavka-1715511111.html",
         "https://www.rbc.ua/rus/news/nbu-stavka-1715511111.html"),
        ("interfax", "https://ua.interfax.com.ua/news/general/987654.html",
         "https://interfax.com.ua/news/general/987654.html"),
        ("ukrinform", "https://www.ukrinform.ua/rubric-kyiv/3103218-policia.html",
         "https://www.ukrinform.ru/rubric-kyiv/3103218-policia.html"),
    ],
)  # fmt: skip
def test_both_editions_of_a_story_carry_the_same_story_id(name, first, second):
    pattern = re.compile(outlet_profiles()[name].story_id)
    assert pattern.search(first).group(1) == pattern.search(second).group(1)


@requires(SHARED_PAGES.is_dir(), "../shared is not beside the clone")
def test_real_ukrainska_pravda_page_normalised_by_its_collector_is_read_and_noted():
    html = (SHARED_PAGES / "tg" / "tg-pravda-uk-01.html").read_text("utf-8")
    article = extract_article(
        html, "https://www.pravda.com.ua/news/2019/11/1/7230738/", adapter="pravda"
    )
    assert article.extractor == "generic:fallback"
    assert "article.post" in article.notes[0]
    assert article.title.startswith("У Києві затримали")
    assert article.published_at is not None and article.blocks


@requires(SHARED_PAGES.is_dir(), "../shared is not beside the clone")
def test_real_nv_page_keeps_its_read_also_list_out_of_the_related_teaser():
    html = (SHARED_PAGES / "tg" / "tg-nv-style-uk-01.html").read_text("utf-8")
    url = "https://style.nv.ua/ukr/znamenitosti/megan-markl-i-princ-garri-50051096.html"
    article = extract_article(html, url, adapter="nv")
    assert article.extractor == "profile:nv"
    assert article.related is None  # the last link is the read-also list's, not a teaser
    assert not [b for b in article.blocks if "Tatler" in b.text]
    assert article.background[0].startswith("Нагадаємо")
