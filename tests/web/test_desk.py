"""The desk beyond one article: every article findable in /edit/artikel, bulk decisions,
retry, the queue by risk, claims and comments, and the next article after a decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from newsmt.store import Article, AuditEntry, Comment

from .conftest import csrf_of, login


def titles(html: str) -> list[str]:
    import re

    return re.findall(r'<a href="/edit/artikel/\d+">([^<]+)</a>', html)


def fail(db, article_id: int, stage: str = "translated", error: str = "HTTP 503") -> None:
    with db.session() as session:
        article = session.get(Article, article_id)
        article.status, article.error_stage, article.error = "failed", stage, error
        article.attempts = 3


def test_the_list_shows_every_state_and_filters_by_each_parameter(web):
    client, _, db = web
    fail(db, 1)
    login(client)
    token = csrf_of(client)
    client.post(
        "/edit/artikel/3/ablehnen", data={"csrf_token": token, "reason": "x", "confirmed": "ja"}
    )
    everything = client.get("/edit/artikel").text
    assert len(titles(everything)) == 3  # failed, published and withdrawn alike
    assert "zurückgezogen" in everything and "Fehler bei Übersetzung: HTTP 503" in everything
    by_status = client.get("/edit/artikel", params={"status": "failed"}).text
    assert titles(by_status) == ["Selenskyj besuchte Charkiw (1)"]
    by_review = client.get("/edit/artikel", params={"review": "rejected"}).text
    assert titles(by_review) == ["Selenskyj besuchte Charkiw (3)"]
    assert len(titles(client.get("/edit/artikel", params={"source": "korr-ru"}).text)) == 3
    assert titles(client.get("/edit/artikel", params={"source": "other"}).text) == []
    assert titles(client.get("/edit/artikel", params={"schritt": "translated"}).text) == [
        "Selenskyj besuchte Charkiw (1)"
    ]
    assert titles(client.get("/edit/artikel", params={"bearbeiter": "anna"}).text) == [
        "Selenskyj besuchte Charkiw (3)"  # she decided on it
    ]
    assert len(titles(client.get("/edit/artikel", params={"sprache": "ru"}).text)) == 3
    assert titles(client.get("/edit/artikel", params={"sprache": "uk"}).text) == []
    day = datetime(2026, 11, 20, tzinfo=UTC).date()
    assert len(titles(client.get("/edit/artikel", params={"von": str(day)}).text)) == 3
    later = str(day + timedelta(days=5))
    assert titles(client.get("/edit/artikel", params={"von": later}).text) == []
    assert client.get("/edit/artikel", params={"von": "gestern"}).status_code == 422
    oldest = titles(client.get("/edit/artikel", params={"sortierung": "alt"}).text)
    assert oldest == sorted(oldest)


def test_search_finds_german_and_source_text(web):
    client, _, db = web
    with db.session() as session:
        session.get(Article, 2).lead = "Умеров провел переговоры в Стамбуле."
    login(client)
    assert len(titles(client.get("/edit/artikel", params={"q": "Charkiw"}).text)) == 3
    found = client.get("/edit/artikel", params={"q": "Стамбуле"}).text
    assert titles(found) == ["Selenskyj besuchte Charkiw (2)"]
    assert len(titles(client.get("/edit/artikel", params={"q": "прибыл"}).text)) == 3  # body
    assert titles(client.get("/edit/artikel", params={"q": "2"}).text)  # an id
    assert titles(client.get("/edit/artikel", params={"q": "Nirgendwo"}).text) == []


def test_bulk_approve_reject_and_retry(web):
    client, settings, db = web
    fail(db, 1)
    login(client, "boss")
    token = csrf_of(client, "/edit/artikel")
    retried = client.post(
        "/edit/artikel/sammel",
        data={"csrf_token": token, "action": "wiederholen", "ids": [1, 2]},
        follow_redirects=False,
    )
    assert retried.headers["location"].endswith("erledigt=1&uebersprungen=1")
    with db.session() as session:
        article = session.get(Article, 1)
        assert (article.status, article.attempts) == ("pending", 0)
    unconfirmed = {"csrf_token": token, "action": "ablehnen", "ids": [2, 3], "reason": "Dublette"}
    assert client.post("/edit/artikel/sammel", data=unconfirmed).status_code == 422
    client.post("/edit/artikel/sammel", data={**unconfirmed, "confirmed": "ja"})
    assert (
        client.get("/artikel/2").status_code == 404 and client.get("/artikel/3").status_code == 404
    )
    done = client.post(
        "/edit/artikel/sammel",
        data={"csrf_token": token, "action": "freigeben", "ids": [2, 3],
              "back": "/edit/artikel?review=rejected"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.headers["location"] == "/edit/artikel?review=rejected&erledigt=2&uebersprungen=0"
    assert client.get("/artikel/2").status_code == 200  # approving restored it first
    assert "2 Artikel erledigt." in client.get(done.headers["location"]).text
    with db.session() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.user == "boss")).all()
    assert actions.count("reject") == 2 and actions.count("approve") == 2 and "retry" in actions
    nothing = {"csrf_token": token, "action": "freigeben"}
    assert client.post("/edit/artikel/sammel", data=nothing).status_code == 422


def test_a_failed_article_is_retried_from_its_page(web):
    client, _, db = web
    fail(db, 1)
    login(client)
    page = client.get("/edit/artikel/1").text
    assert 'id="retry"' in page and "Fehler bei Übersetzung (Versuch 3): HTTP 503" in page
    token = csrf_of(client, "/edit/artikel/1")
    client.post("/edit/artikel/1/wiederholen", data={"csrf_token": token})
    assert "Artikel wieder in der Verarbeitung." in client.get("/edit/artikel/1?ok=wiederholt").text
    with db.session() as session:
        assert session.get(Article, 1).status == "pending"
    assert client.post("/edit/artikel/1/wiederholen", data={"csrf_token": token}).status_code == 409
    assert 'id="retry"' not in client.get("/edit/artikel/2").text  # only where it applies


def test_the_queue_puts_the_riskiest_first_and_approve_goes_on_to_the_next(web):
    client, _, db = web
    with db.session() as session:
        session.get(Article, 3).risk = 0.9
        session.get(Article, 3).risks = [
            {"where": "block 0", "sentence": "Wolodymyr Selenskyj kam in Charkiw an.",
             "risk": 0.9, "reasons": ["Konfidenz der Engine 10 %"]},
        ]  # fmt: skip
        session.get(Article, 1).risk = 0.2
    login(client)
    queue = client.get("/edit/").text
    assert titles(queue)[0] == "Selenskyj besuchte Charkiw (3)"
    assert '<span class="risk high" title="Risiko 90 von 100">90</span>' in queue
    page = client.get("/edit/artikel/3").text
    assert '<tr id="block-0" class="risky">' in page
    assert '<span class="risky" title="Risiko 90: Konfidenz der Engine 10 %">' in page
    token = csrf_of(client, "/edit/artikel/3")
    approved = client.post(
        "/edit/artikel/3/freigeben", data={"csrf_token": token}, follow_redirects=False
    )
    # the next in the queue: article 1 (risk 0.2) before article 2 (no score)
    assert approved.headers["location"] == "/edit/artikel/1?ok=freigegeben&von=3"
    assert "Artikel 3 freigegeben." in client.get(approved.headers["location"]).text
    for article_id in (1, 2):
        last = client.post(
            f"/edit/artikel/{article_id}/freigeben", data={"csrf_token": token},
            follow_redirects=False,
        )  # fmt: skip
    assert last.headers["location"] == "/edit/?ok=freigegeben&von=2"  # the queue is empty
    assert "Nichts zu prüfen." in client.get(last.headers["location"]).text


def test_claims_show_who_works_on_an_article_and_end_with_the_decision(web):
    client, settings, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/artikel/1")
    client.post("/edit/artikel/1/absatz/title", data={"csrf_token": token, "text": "Neu"})
    login(client, "anna")
    page = client.get("/edit/artikel/1").text
    assert "boss bearbeitet gerade" in page and "Trotzdem übernehmen" in page
    assert "boss bearbeitet gerade" in client.get("/edit/").text
    assert "boss bearbeitet gerade" in client.get("/edit/artikel").text
    # the next article after a decision skips the one boss works on
    token = csrf_of(client, "/edit/artikel/2")
    nxt = client.post(
        "/edit/artikel/2/freigeben", data={"csrf_token": token}, follow_redirects=False
    )
    assert nxt.headers["location"].startswith("/edit/artikel/3?")
    client.post("/edit/artikel/1/uebernehmen", data={"csrf_token": token})
    assert "Sie bearbeiten diesen Artikel" in client.get("/edit/artikel/1").text
    client.post("/edit/artikel/1/freigeben", data={"csrf_token": token})
    with db.session() as session:
        assert session.get(Article, 1).editing_by is None  # released on approve
        session.get(Article, 3).editing_by = "boss"
        session.get(Article, 3).editing_until = datetime.now(UTC) - timedelta(minutes=1)
    assert "bearbeitet gerade" not in client.get("/edit/artikel/3").text  # timed out


def test_comments_are_shown_on_the_article_in_the_queue_and_the_list(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/2")
    assert (
        client.post(
            "/edit/artikel/2/kommentar", data={"csrf_token": token, "text": " "}
        ).status_code
        == 422
    )
    client.post(
        "/edit/artikel/2/kommentar", data={"csrf_token": token, "text": "Zahl im Lead prüfen"}
    )
    assert "<strong>anna</strong>: Zahl im Lead prüfen" in client.get("/edit/artikel/2").text
    assert "1 Kommentar: anna: Zahl im Lead prüfen" in client.get("/edit/").text
    assert "1 Kommentar: anna: Zahl im Lead prüfen" in client.get("/edit/artikel").text
    with db.session() as session:
        assert session.scalars(select(Comment.text)).all() == ["Zahl im Lead prüfen"]


def test_search_finds_source_text_in_rows_an_older_newsmt_wrote_with_escapes(web):
    import json

    from sqlalchemy import text

    client, _, db = web
    escaped = json.dumps([{"kind": "p", "text": "Одеса вистояла.", "links": []}])
    assert "\\u041e" in escaped  # as json.dumps wrote it before: ASCII only
    with db.session() as session:
        session.execute(text("UPDATE articles SET blocks = :b WHERE id = 2"), {"b": escaped})
    login(client)
    assert titles(client.get("/edit/artikel", params={"q": "Одеса"}).text) == [
        "Selenskyj besuchte Charkiw (2)"
    ]
