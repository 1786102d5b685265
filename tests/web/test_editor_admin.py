"""House-style editing, sources and the dashboard."""

from __future__ import annotations

from sqlalchemy import select

from newsmt.store import AppSetting, Article, Source
from newsmt.translate.risk import CHANGED_NAME, UNKNOWN_NAME, score

from .conftest import csrf_of, login


def test_adding_a_place_previews_and_updates_published_articles(web):
    client, settings, db = web
    login(client)
    token = csrf_of(client, "/edit/namen")
    # an editor decides that Харків is written "Charkow" in this newsroom
    client.post(
        "/edit/namen/ort",
        data={
            "csrf_token": token,
            "name_uk": "Харків",
            "aliases_ru": "Харьков",
            "house": "Charkow",
        },
    )
    assert "Charkow" in (settings.names_dir / "established.tsv").read_text(encoding="utf-8")
    preview = client.get("/edit/namen?preview=1").text
    assert preview.count("/edit/artikel/") == 3
    # each affected paragraph, before and after
    assert "Wolodymyr Selenskyj kam in <del>Charkiw</del><ins>Charkow</ins> an." in preview
    # the entry is in the list, marked as the editors' own, and found in any spelling
    for query in ("Charkow", "Харків", "Kharkiv"):
        listed = client.get("/edit/namen", params={"q": query}).text
        assert "<strong>Charkow</strong>" in listed and "<td>Redaktion</td>" in listed
    client.post("/edit/namen/anwenden", data={"csrf_token": token})
    with db.session() as session:
        article = session.get(Article, 1)
        assert article.blocks_de[0]["text"] == "Wolodymyr Selenskyj kam in Charkow an."
        assert article.title_de == "Selenskyj besuchte Charkow (1)"
    assert "kam in Charkow an" in client.get("/artikel/1").text
    assert (
        "Keine veröffentlichten oder wartenden Artikel betroffen"
        in client.get("/edit/namen?preview=1").text
    )


def test_a_name_taught_to_the_gazetteer_lowers_the_risk_and_reaches_held_articles(web):
    """The queue sorts riskiest first: once the editors teach the gazetteer a name that was
    unknown, applying the names step scores the articles again; an article waiting for
    approval gets the new house style too (it is published in it)."""
    client, settings, db = web
    source_sentence = "Иван Сидоренко прибыл в Харьков."
    with db.session() as session:
        held = session.get(Article, 2)
        held.status = "held"
        for article in (session.get(Article, 1), held):
            article.blocks = [{"kind": "p", "text": source_sentence, "links": []}]
            article.blocks_de = [
                {"kind": "p", "text": "Iwan Sidorenko kam in Charkiw an.", "links": []}
            ]
            article.risks = [
                {"where": "block 0", "source": source_sentence,
                 "sentence": "Iwan Sidorenko kam in Charkiw an.", "confidence": 0.9},
            ]  # fmt: skip
            article.risk, article.risks = score(article.risks, [], article.unknown_names)
        assert held.risk == round(0.1 + UNKNOWN_NAME, 3)
    login(client)
    token = csrf_of(client, "/edit/namen")
    client.post(
        "/edit/namen/person",
        data={"csrf_token": token, "name_ru": "Иван Сидоренко", "name_uk": "Іван Сидоренко",
              "latin": "Ivan Sydorenko", "role": "Bürgermeister"},
    )  # fmt: skip
    client.post("/edit/namen/ort", data={"csrf_token": token, "name_uk": "Харків",
                                         "aliases_ru": "Харьков", "house": "Charkow"})  # fmt: skip
    client.post("/edit/namen/anwenden", data={"csrf_token": token})
    with db.session() as session:
        for article_id in (1, 2):
            article = session.get(Article, article_id)
            assert article.unknown_names == []
            assert "Charkow" in article.blocks_de[0]["text"]
            # scored anew from the engine's sentence: two names changed, none unknown
            assert article.risk == round(0.1 + 2 * CHANGED_NAME, 3), article.risks
            reasons = article.risks[0]["reasons"]
            assert "Name geändert: Charkiw → Charkow" in reasons
            assert not any(r.startswith("unbekannter Name") for r in reasons)
        assert session.get(Article, 2).status == "held"  # restyled, still not public
    assert client.get("/artikel/2").status_code == 404


def test_a_taught_name_covers_only_the_same_surname_or_place():
    from newsmt.editorial import covered_by

    assert covered_by("Рустема Умерова", ["Умерова"])
    assert covered_by("Петренко", ["Иван Петренко"])
    assert covered_by("Харькова", ["Харькова"])
    assert not covered_by("Иван Петренко", ["Иван Франко"])  # a given name is not enough
    assert not covered_by("", ["Киев"]) and not covered_by("Киев", [])


def test_only_admins_choose_the_active_style(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/namen")
    assert (
        client.post("/edit/namen/stil", data={"csrf_token": token, "style": "english"}).status_code
        == 403
    )
    login(client, "boss")
    token = csrf_of(client, "/edit/namen")
    client.post("/edit/namen/stil", data={"csrf_token": token, "style": "english"})
    with db.session() as session:
        assert session.get(AppSetting, "names_style").value == "english"
    preview = client.get("/edit/namen?preview=1").text
    assert '<option value="english" selected>' in preview and preview.count("/edit/artikel/") == 3
    assert (
        client.post("/edit/namen/stil", data={"csrf_token": token, "style": "tabloid"}).status_code
        == 422
    )


def test_sources_are_added_and_paused_by_admins(web):
    client, _, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/quellen")
    client.post(
        "/edit/quellen",
        data={
            "csrf_token": token,
            "feed_url": "https://ua.korrespondent.net/rss",
            "name": "korr-ua",
            "label": "Korrespondent.net",
            "adapter": "korrespondent",
            "lang": "uk",
        },
    )
    with db.session() as session:
        source = session.scalar(select(Source).where(Source.name == "korr-ua"))
        assert source.active and source.lang == "uk"
        source_id = source.id
    client.post(f"/edit/quellen/{source_id}/aktiv", data={"csrf_token": token})
    with db.session() as session:
        assert not session.get(Source, source_id).active
    bad = client.post(
        "/edit/quellen",
        data={"csrf_token": token, "feed_url": "ftp://x", "name": "x", "label": "x"},
        follow_redirects=False,
    )
    assert "error=" in bad.headers["location"]


def test_dashboard_draws_charts_and_links_failures_to_their_articles(web):
    import json
    import re
    from html import unescape

    client, _, db = web
    with db.session() as session:
        session.get(Article, 1).status = "failed"
        session.get(Article, 1).error_stage = "fetched"
        session.get(Article, 1).error = "HTTP 500"
    login(client)
    html = client.get("/edit/dashboard?days=90").text
    specs = [json.loads(unescape(s)) for s in re.findall(r'data-chart="([^"]+)"', html)]
    assert len(specs) == 4 and all(
        len(s["labels"]) == len(next(iter(s["series"].values()))) for s in specs
    )
    assert '<script src="/static/vendor/chart-4.6.1.umd.min.js" defer>' in html
    latency = specs[1]
    assert latency["unit"] == "Minuten" and set(latency["series"]) == {"Median", "95. Perzentil"}
    assert 'Median <strong id="median-latency">' in html and " min</strong>" in html
    assert specs[3]["labels"] == ["Abruf"]  # stages in German
    assert (
        '<td>Abruf</td><td>HTTP 500</td><td>1</td><td><a href="/edit/artikel/1">1</a></td>' in html
    )
    assert 'href="/edit/artikel?status=failed&amp;schritt=fetched"' in html


def test_delays_read_in_minutes_hours_or_days():
    from newsmt.web.dashboard import duration, unit_for

    assert duration(None) == "–" and duration(12.4) == "12 min"
    assert duration(474789) == "329,7 Tage" and duration(150) == "2,5 h"
    assert unit_for([None, 30.0]) == ("Minuten", 1.0)
    assert unit_for([600.0]) == ("Stunden", 60.0) and unit_for([5000.0])[0] == "Tage"
