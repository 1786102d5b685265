"""Editions of one story across Russian and Ukrainian: the evidence, and a gate on real pairs.

The gate reads every real ru and uk page in ../shared/news-pages and compares each Russian
page with each Ukrainian one (about 1,250 pairs). The pages that are editions of one story
are listed in tests/fixtures/editions/news-pages-pairs.tsv (found by reading them); the
matcher, given only the texts (no addresses, no ids), must find them and nothing else.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from newsmt.sources import extract_article
from newsmt.sources.editions import (
    Signature,
    content_match,
    same_outlet,
    site_key,
    skeleton,
    story_key,
)
from newsmt.sources.extract.assemble import edition_links

from ..conftest import requires

SHARED_PAGES = Path(__file__).resolve().parents[3] / "shared" / "news-pages"
PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "editions" / "news-pages-pairs.tsv"
# floors: a false pair would leave a story untranslated, so precision is held at 1.0
MIN_RECALL = 0.9
MIN_PRECISION = 1.0


@pytest.mark.parametrize(
    ("ru", "uk"),
    [("Зеленский", "Зеленський"), ("Харьков", "Харків"), ("Одесса", "Одеса"),
     ("Киева", "Києва"), ("Львов", "Львів"), ("Кличко", "Кличко")],
)  # fmt: skip
def test_russian_and_ukrainian_spellings_of_a_name_meet(ru, uk):
    assert skeleton(ru) == skeleton(uk)


def test_numbers_and_names_but_not_sentence_openers_make_the_signature():
    signature = Signature.of(["Напомним, в Харькове 12 мая Игорь Терехов открыл 3,50 км метро."])
    assert signature.numbers == {"12", "3.5"}
    assert signature.names == {skeleton("Харькове"), skeleton("Игорь"), skeleton("Терехов")}


def test_the_same_topic_with_other_numbers_is_another_story():
    ru = Signature.of(["В Киеве Виталий Кличко открыл 120 укрытий за 2,4 млрд гривен."])
    uk_same = Signature.of(["У Києві Віталій Кличко відкрив 120 укриттів за 2,4 млрд гривень."])
    uk_other = Signature.of(["У Києві Віталій Кличко перевірив 470 укриттів, 73 зачинені."])
    assert content_match(ru, uk_same)
    assert not content_match(ru, uk_other)


def test_site_and_story_keys():
    assert site_key("https://ua.korrespondent.net/x") == "korrespondent.net"
    assert site_key("https://www.pravda.com.ua/rus/news/1/") == "pravda.com.ua"
    assert site_key("https://style.nv.ua/ukr/x") == "nv.ua"
    # the profile is found by the host when the source is read generically
    assert story_key("https://www.unian.net/war/x-11162807.html", "generic") == "unian:11162807"
    assert story_key("http://127.0.0.1:8000/world/4058023-x", "korrespondent") == (
        "korrespondent:4058023"
    )
    assert story_key("http://127.0.0.1:8000/world/4058023-x", "generic") is None


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("https://ua.korrespondent.net/world/1", "https://korrespondent.net/world/2"),
        ("https://style.nv.ua/ukr/x-50051075.html", "https://nv.ua/x-50051075.html"),
        ("https://www.unian.ua/war/x-1.html", "https://sport.unian.net/y-1.html"),  # one profile
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b"),
    ],
)
def test_pages_of_one_outlet(url, other):
    assert same_outlet(url, other) and same_outlet(other, url)


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("https://korrespondent.net/world/1", "https://nv.ua/x-50051075.html"),
        ("https://www.pravda.com.ua/news/1/", "https://www.unian.ua/news/1.html"),
        ("http://127.0.0.1:8000/a", "http://localhost:8000/a"),
        ("http://127.0.0.1/a", "http://10.0.0.1/a"),  # addresses are no domain names
        ("http://127.0.0.1/a", "not an address"),
    ],
)
def test_pages_of_two_outlets(url, other):
    assert not same_outlet(url, other) and not same_outlet(other, url)


def test_a_sources_own_hosts_make_one_outlet_of_sites_that_share_nothing_else():
    hosts = ["news.example.org", "example-ua.com"]
    assert same_outlet("https://news.example.org/1", "https://example-ua.com/ru/1", hosts)
    assert not same_outlet("https://news.example.org/1", "https://other.com/1", hosts)


def test_hreflang_links_name_the_other_editions():
    links = {"ru-UA": "/rus/news/1/", "uk": "https://x.ua/news/1/", "en": "/eng/news/1/"}
    found = edition_links(links, "https://x.ua/news/1/")
    assert found == {"ru": "https://x.ua/rus/news/1/"}  # the page itself and English left out


@requires(SHARED_PAGES.is_dir(), "../shared is not beside the clone")
def test_gate_real_russian_and_ukrainian_pairs_are_found_and_nothing_else():
    manifest = list(
        csv.DictReader((SHARED_PAGES / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
    )
    truth = {
        (r["ru"], r["uk"]) for r in csv.DictReader(PAIRS.open(encoding="utf-8"), delimiter="\t")
    }
    signatures = {}
    for row in manifest:
        html = (SHARED_PAGES / row["file"]).read_text("utf-8")
        article = extract_article(html, row["original URL"])  # the address is not used below
        texts = [article.title, article.lead or "", *(b.text for b in article.blocks)]
        signatures[row["file"]] = (row["language"], Signature.of(texts + article.background))
    found = set()
    compared = 0
    for (a, (lang_a, sig_a)), (b, (lang_b, sig_b)) in itertools.combinations(signatures.items(), 2):
        if {lang_a, lang_b} != {"ru", "uk"}:
            continue
        compared += 1
        if content_match(sig_a, sig_b):
            found.add((a, b) if lang_a == "ru" else (b, a))
    assert compared > 1000
    recall = len(found & truth) / len(truth)
    precision = len(found & truth) / len(found) if found else 1.0
    assert recall >= MIN_RECALL, sorted(truth - found)
    assert precision >= MIN_PRECISION, sorted(found - truth)
