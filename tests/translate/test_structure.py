"""Structure survives translation: paragraphs, headings, lists, quotes, inline links,
numbers, URLs and e-mail addresses."""

from __future__ import annotations

from sqlalchemy import select

from newsmt.store import Article
from newsmt.translate import place_link, restore_verbatim
from newsmt.translate.segment import split_long_sentence
from tests.conftest import fixture_bytes, run_single_article
from tests.translate.protocol_doubles import LibreTranslateDouble


def test_urls_emails_and_numbers_come_back_unchanged():
    source = "Пишите на press@gov.ua или https://gov.ua/news/1-2, 1,5 млрд и 25 000 пленных."
    engine_output = (
        "Schreiben Sie an press @ gov.ua oder https://gov.ua/news/1-2., 1.5 Mrd und 25.000"
    )
    fixed = restore_verbatim(source, engine_output)
    assert "https://gov.ua/news/1-2" in fixed
    assert "press@gov.ua" in fixed
    assert "1,5 Mrd" in fixed and "25 000" in fixed


def test_a_dropped_url_is_kept_after_the_sentence():
    assert restore_verbatim("Сайт https://kmu.gov.ua.", "Die Website.") == (
        "Die Website. (https://kmu.gov.ua)"
    )


def test_numbers_the_engine_kept_are_left_alone():
    assert restore_verbatim("3 января в 12:00", "Am 3. Januar um 12:00") == "Am 3. Januar um 12:00"


def test_over_long_sentences_are_cut_at_clause_boundaries():
    sentence = "Первая часть длинная; вторая часть тоже, третья часть, четвёртая часть."
    parts = split_long_sentence(sentence, lambda s: len(s.split()), limit=4)
    assert " ".join(parts) == sentence
    assert all(len(p.split()) <= 4 for p in parts)
    assert parts[0] == "Первая часть длинная;"


def test_link_anchor_is_found_in_the_translation_even_when_inflected():
    text = "Das teilte der Präsident auf der Website mit."
    start, end = place_link(text, "teilte Präsident")
    assert text[start:end] == "teilte der Präsident"  # every word of the anchor, none dropped
    text = "Nach Angaben des ukrainischen Außenministeriums wurde das Abkommen unterzeichnet."
    start, end = place_link(text, "des ukrainischen Außenministerium")
    assert text[start:end] == "des ukrainischen Außenministeriums"
    assert place_link("Nichts davon.", "Außenministerium") is None


def test_article_structure_survives_the_line(settings, loopback):
    """Korrespondent page → LibreTranslate protocol double → published HTML."""

    double = LibreTranslateDouble().start()
    try:
        settings.libretranslate_url = double.base_url
        ctx = run_single_article(
            settings,
            loopback,
            "/ukraine/4802000-struktura",
            fixture_bytes("korrespondent-structure.html"),
            engine="libretranslate",
        )
        with ctx.db.session() as session:
            article = session.scalars(select(Article)).one()
            kinds = [b["kind"] for b in article.blocks_de]
            html = article.html_de
            assert article.engine == "libretranslate"
        ctx.close()
    finally:
        double.stop()
    assert kinds == ["p", "h3", "li", "li", "blockquote", "p"]
    body = html[html.index("<h1>") :]
    assert body.index("<h3>") < body.index("<ul>") < body.index("<li>") < body.index("<blockquote>")
    assert body.count("<li>") == 2 and body.count("</ul>") == 1
    # the inline link wraps the translated anchor and keeps its target
    assert (
        '<a href="https://www.president.gov.ua/news/1" rel="nofollow noopener">teilte Präsident</a>'
        in body
    )
    assert "www.president.gov.ua/news/1." in body
    assert "press@president.gov.ua" in body
    assert "1,5&nbsp;Mrd." in body  # the number as in the source, bound to its unit
    assert "25 000" in body
    assert "Обмен" not in body  # everything went through the engine
