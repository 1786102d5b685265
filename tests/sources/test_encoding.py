"""Pages in windows-1251 with and without a declared charset decode to the same text."""

from __future__ import annotations

from newsmt.sources.encoding import decode_html

from ..conftest import fixture_bytes

CP1251_PAGE = fixture_bytes("korrespondent-cp1251.html")


def test_meta_charset_is_used():
    text, encoding = decode_html(CP1251_PAGE)
    assert encoding == "cp1251"
    assert "Харьковская область получила новые генераторы" in text


def test_http_header_charset_wins():
    text, encoding = decode_html(CP1251_PAGE, "text/html; charset=windows-1251")
    assert encoding == "cp1251" and "Синегубов" in text


def test_undeclared_cp1251_is_detected():
    body = "<p>Напомним, ранее энергетики восстановили электроснабжение в Харькове и области.</p>"
    text, encoding = decode_html(body.encode("cp1251"), "text/html")
    assert text == body
    assert encoding == "cp1251"


def test_header_that_lies_about_utf8_falls_back():
    body = "<p>Президент заявил об обмене пленными между Украиной и Россией.</p>"
    text, _ = decode_html(body.encode("cp1251"), "text/html; charset=utf-8")
    assert text == body


def test_utf8_bom():
    assert decode_html("\ufeff<p>Київ</p>".encode()) == ("<p>Київ</p>", "utf-8")
