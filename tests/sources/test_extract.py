"""Extraction of Korrespondent.net pages (both editions) and of any other outlet."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsmt.demo import sample
from newsmt.sources import ExtractionError, detect_language, extract_article
from newsmt.sources.encoding import decode_html
from newsmt.sources.extract.common import KYIV, parse_text_date

from ..conftest import fixture_bytes

URL = "https://korrespondent.net/ukraine/4801234-umerov"


def korrespondent(name: str, adapter: str = "korrespondent"):
    return extract_article(sample(name).decode(), URL, adapter=adapter)


def test_russian_edition_article_fields():
    article = korrespondent("ru-article.html")
    assert article.title == "Умеров ведет в Турции переговоры об обмене пленными"
    assert article.lead.startswith("Умеров обсуждает с турецкими посредниками")
    assert article.published_at == datetime(2026, 1, 1, 18, 42, tzinfo=KYIV)
    assert article.lang == "ru"
    assert [b.kind for b in article.blocks] == ["p", "p", "p", "p"]
    assert article.blocks[0].text.startswith("Секретарь Совета национальной безопасности")
    assert article.background == [
        "Напомним, 15 ноября Умеров заявил, что украинская и российская стороны договорились "
        "активировать Стамбульские договоренности об обмене военнопленными. Речь идет об "
        "обмене 1200 пленными."
    ]
    assert article.related.title.startswith("Буданов рассказал")
    assert article.related.url.endswith(
        "/4799876-budanov-rasskazal-skolko-plennykh-azovtsev-vernuly"
    )
    assert article.images[0].caption == "Рустем Умеров в Анкаре"
    assert article.tags == ["обмен пленными", "Турция"]
    assert article.canonical_url.startswith("https://korrespondent.net/ukraine/4801234-")


def test_page_furniture_is_dropped():
    text = " ".join(b.text for b in korrespondent("ru-article.html").blocks)
    assert "ЧИТАЙТЕ ТАКЖЕ" not in text
    assert "Telegram" not in text


def test_ukrainian_edition_is_detected_not_assumed():
    article = korrespondent("uk-article.html")
    assert article.lang == "uk"
    assert article.background[0].startswith("Нагадаємо,")
    assert article.published_at == datetime(2026, 1, 2, 9, 15, tzinfo=KYIV)


def test_layout_change_with_nothing_readable_is_a_loud_error():
    html = fixture_bytes("not-an-article.html").decode()
    with pytest.raises(ExtractionError, match=r"container \(div.post-item\).*generic extraction"):
        extract_article(html, URL, adapter="korrespondent")


def test_layout_change_falls_back_to_generic_extraction_with_a_note():
    html = sample("ru-article.html").decode().replace("post-item", "story-card")
    article = extract_article(html, URL, adapter="korrespondent")
    assert article.extractor == "generic:fallback"
    assert "markup not found" in article.notes[0]
    assert article.title == "Умеров ведет в Турции переговоры об обмене пленными"
    assert article.background[0].startswith("Напомним")


def test_empty_page_is_an_error():
    with pytest.raises(ExtractionError, match="empty page"):
        extract_article("   ", URL, adapter="korrespondent")


def test_malformed_html_still_extracts():
    article = extract_article(
        fixture_bytes("malformed.html").decode(), URL, adapter="korrespondent"
    )
    assert article.title.startswith("Сломанная")
    assert article.background and article.background[0].startswith("Напомним")


def test_non_utf8_page():
    html, _ = decode_html(fixture_bytes("korrespondent-cp1251.html"))
    article = extract_article(html, URL, adapter="korrespondent")
    assert article.title == "Харьковская область получила новые генераторы"
    assert article.published_at == datetime(2026, 1, 5, 11, 20, tzinfo=KYIV)


def test_generic_adapter_on_another_outlet():
    html = fixture_bytes("generic-article.html").decode()
    article = extract_article(html, "https://news.example/ua/economy/555-program")
    assert article.title == "Уряд затвердив програму відновлення енергетики"
    assert article.lead == "Уряд затвердив нову програму відновлення енергетики."
    assert article.lang == "uk"
    assert article.blocks[0].text.startswith("Кабінет міністрів України")
    assert article.background[0].startswith("Нагадаємо")
    assert article.related.url == "https://news.example/ua/economy/554-grant"
    assert article.published_at.utcoffset().total_seconds() == 7200


def test_generic_adapter_reads_korrespondent_markup_too():
    article = korrespondent("ru-article.html", adapter="generic")
    assert article.title.startswith("Умеров ведет")
    assert article.background[0].startswith("Напомним")
    assert all("Telegram" not in p for p in article.background)


def test_script_and_handlers_never_become_text():
    html = fixture_bytes("korrespondent-xss.html").decode()
    article = extract_article(html, URL, adapter="korrespondent")
    text = " ".join([article.title, article.lead] + [b.text for b in article.blocks])
    assert "document.location" not in text and "onerror" not in text
    assert article.related is None  # javascript: link refused


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Четверг, 1 января 2026, 18:42", datetime(2026, 1, 1, 18, 42, tzinfo=KYIV)),
        ("П'ятниця, 2 січня 2026, 09:15", datetime(2026, 1, 2, 9, 15, tzinfo=KYIV)),
        ("5 января 2021", datetime(2021, 1, 5, tzinfo=KYIV)),
    ],
)
def test_korrespondent_dates(text, expected):
    assert parse_text_date(text) == expected


def test_relative_dates_are_kyiv_time():
    now = datetime(2026, 3, 10, 12, 0, tzinfo=KYIV)
    assert parse_text_date("Сегодня, 14:05", now) == datetime(2026, 3, 10, 14, 5, tzinfo=KYIV)
    assert parse_text_date("Вчора, 23:10", now) == datetime(2026, 3, 9, 23, 10, tzinfo=KYIV)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Президент Зеленский заявил, что обмен пленными продолжится.", "ru"),
        ("Президент Зеленський заявив, що обмін полоненими триватиме.", "uk"),
        ("В Киеве объявили тревогу", "ru"),
        ("У Києві оголосили тривогу", "uk"),
        ("Hello world", None),
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text) == lang
