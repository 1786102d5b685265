"""The ru/uk conventions every adapter applies, on small pages written to each rule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsmt.sources import extract_article

URL = "https://news.example.ua/politics/123456-story"
FILLER = (
    "Это обычный абзац новости с достаточным количеством слов, чтобы экстрактор счел его "
    "текстом статьи, а не служебной строкой страницы; в нем говорится о заседании правительства."
)


def page(body: str, head: str = "") -> str:
    return (
        f"<html lang='ru'><head><title>T</title>{head}</head><body><article>"
        f"<h1>Правительство провело заседание по вопросам энергетики</h1>{body}"
        "</article></body></html>"
    )


def paragraphs(n: int) -> str:
    return "".join(f"<p>{FILLER} Номер {i}.</p>" for i in range(n))


@pytest.mark.parametrize(
    "insert",
    [
        "<p>Читайте также: <a href='/x/1-a'>Другая новость дня</a></p>",
        "<p>читайте також: <a href='/x/1-a'>Інша новина дня</a></p>",
        "<p>Читайте: <a href='/x/1-a'>Другая новость дня</a></p>",
        "<p>ЧИТАЙТЕ ТАКЖЕ <a href='/x/1-a'>Другая новость дня</a></p>",
        "<p>Дивіться також:</p><ul><li><a href='/x/1-a'>Перша</a></li>"
        "<li><a href='/x/2-b'>Друга</a></li></ul>",
    ],
)
def test_read_also_inserts_of_every_form_stay_out_of_the_text(insert):
    article = extract_article(page(paragraphs(3) + insert + paragraphs(2)), URL)
    text = " ".join(b.text for b in article.blocks)
    assert "новость дня" not in text.lower() and "новина дня" not in text.lower()
    assert "Перша" not in text and len(article.blocks) == 5


@pytest.mark.parametrize(
    "opener",
    [
        "Напомним, ранее правительство",
        "Нагадаємо, раніше уряд",
        "Как сообщалось, правительство",
        "Як повідомлялося, уряд",
        "Ранее Корреспондент.net сообщал, что правительство",
        "Раніше міністр повідомляв, що уряд",
        "Как писал Корреспондент.net, правительство",
        "Ранее президент заявил, что правительство",
    ],
)
def test_background_openers_start_the_background(opener):
    body = paragraphs(3) + f"<p>{opener} уже обсуждало этот вопрос весной и летом.</p>"
    article = extract_article(page(body), URL)
    assert article.background and article.background[0].startswith(opener)
    assert len(article.blocks) == 3


@pytest.mark.parametrize(
    "teaser",
    [
        "<p><strong><a href='/economics/654321-other'>Другая статья</a></strong></p>",
        "<p><a href='/economics/654321-other'><b>Другая статья</b></a></p>",
        "<p>Читайте также: <a href='/economics/654321-other'>Другая статья</a></p>",
    ],
)
def test_closing_teaser_with_or_without_prefix_and_bold(teaser):
    article = extract_article(page(paragraphs(4) + teaser), URL)
    assert article.related is not None
    assert article.related.url == "https://news.example.ua/economics/654321-other"
    assert all("Другая статья" not in b.text for b in article.blocks)


def test_link_only_paragraph_followed_by_text_is_not_the_teaser():
    body = (
        paragraphs(2)
        + "<p><a href='/economics/654321-other'>Полный текст постановления правительства</a></p>"
        + paragraphs(2)
    )
    article = extract_article(page(body), URL)
    assert article.related is None


def test_lines_separated_by_br_stay_separate():
    body = paragraphs(2) + "<p>1. Бельгия<br>2. Италия<br/>3. Польша</p>" + paragraphs(1)
    texts = [b.text for b in extract_article(page(body), URL).blocks]
    assert "1. Бельгия" in texts and "2. Италия" in texts


def test_json_ld_date_keeps_its_offset_and_a_bare_time_is_kyiv():
    ld = (
        '<script type="application/ld+json">{"@context":"https://schema.org",'
        '"@graph":[{"@type":"NewsArticle","datePublished":"2026-03-01T10:00:00+02:00",'
        '"headline":"Заголовок"}]}</script>'
        '<meta property="article:published_time" content="2020-01-01T00:00:00Z">'
    )
    article = extract_article(page(paragraphs(3), head=ld), URL)
    assert article.published_at.utcoffset() == timedelta(hours=2)
    assert article.published_at.hour == 10
    bare = '<meta property="article:published_time" content="2026-07-01T10:00:00">'
    summer = extract_article(page(paragraphs(3), head=bare), URL).published_at
    assert summer.utcoffset() == timedelta(hours=3)  # Europe/Kyiv in summer


def test_description_is_the_lead_only_when_it_is_article_text():
    first = f"{FILLER} Номер 0."
    same = f'<meta property="og:description" content="{first}">'
    article = extract_article(page(paragraphs(3), head=same), URL)
    assert article.lead == first and all(b.text != first for b in article.blocks)
    truncated = f'<meta property="og:description" content="{first[:60]}…">'
    assert extract_article(page(paragraphs(3), head=truncated), URL).lead is None
    other = '<meta property="og:description" content="Совсем другой текст для соцсетей.">'
    assert extract_article(page(paragraphs(3), head=other), URL).lead is None


def test_captions_and_credits_stay_out_of_the_body():
    body = (
        paragraphs(2)
        + "<figure><img src='/i.jpg'><figcaption>Министр на заседании</figcaption></figure>"
        + "<p>Министр на заседании</p><p>Фото: УНИАН</p>"
        + paragraphs(1)
    )
    article = extract_article(page(body), URL)
    texts = [b.text for b in article.blocks]
    assert "Фото: УНИАН" not in texts and "Министр на заседании" not in texts
    assert article.images[0].caption == "Министр на заседании"
