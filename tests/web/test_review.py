"""The review queue: side by side, edit, approve, reject, history."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sqlalchemy import select

from newsmt.store import Article, Revision
from newsmt.translate import TranslationMemory

from .conftest import csrf_of, login


def test_queue_lists_unreviewed_articles_oldest_first_when_none_is_riskier(web):
    client, _, _ = web
    login(client)
    html = client.get("/edit/").text
    assert "Zu prüfen (3)" in html
    html = html[html.index("<tbody>") :]
    assert html.index("(1)") < html.index("(2)") < html.index("(3)")
    assert "<td>veröffentlicht</td>" in html  # statuses in German
    assert "published" not in html.replace('"', " ").split()


def test_side_by_side_view_marks_names_and_lists_unknown_ones(web):
    client, _, _ = web
    login(client)
    html = client.get("/edit/artikel/1").text
    assert 'lang="ru">Владимир Зеленский прибыл в Харьков.</td>' in html
    assert (
        '<mark title="Wladimir Selenski → Wolodymyr Selenskyj: persons.tsv: Duden transcription">Wolodymyr Selenskyj</mark>'
        in html
    )
    assert "Иван Сидоренко – Vorschlag: <strong>Iwan Sidorenko</strong>" in html


def test_editing_a_paragraph_stores_a_correction_and_a_revision(web):
    client, settings, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/1")
    response = client.post(
        "/edit/artikel/1/absatz/block-0",
        data={"csrf_token": token, "text": "Wolodymyr Selenskyj ist in Charkiw eingetroffen."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.startswith('<tr id="block-0">') and "gespeichert" in response.text
    public = client.get("/artikel/1").text
    assert "ist in Charkiw eingetroffen" in public
    with db.session() as session:
        revision = session.scalars(select(Revision).where(Revision.article_id == 1)).one()
        assert (revision.user, revision.action, revision.field) == ("anna", "edit", "block-0")
        assert revision.old == "Wolodymyr Selenskyj kam in Charkiw an."
    correction = TranslationMemory(db).lookup(
        ["Владимир Зеленский прибыл в Харьков."], src_lang="ru", key=None
    )
    assert list(correction.values()) == ["Wolodymyr Selenskyj ist in Charkiw eingetroffen."]
    history = client.get("/edit/artikel/1").text  # a word diff, not the whole paragraph
    assert "<del>kam</del>" in history and "<ins>ist</ins>" in history
    # without htmx the form still works: a redirect back to the article
    plain = client.post(
        "/edit/artikel/1/absatz/title",
        data={"csrf_token": token, "text": "Neuer Titel"},
        follow_redirects=False,
    )
    assert plain.status_code == 303 and plain.headers["location"] == "/edit/artikel/1#title"
    assert (
        client.post(
            "/edit/artikel/1/absatz/block-9", data={"csrf_token": token, "text": "x"}
        ).status_code
        == 404
    )


def test_approving_changes_the_disclaimer_and_the_feed(web):
    client, settings, db = web
    assert "weder überprüft" in client.get("/artikel/2").text
    login(client, "boss")
    token = csrf_of(client)
    client.post("/edit/artikel/2/freigeben", data={"csrf_token": token})
    page = client.get("/artikel/2").text
    assert "weder überprüft" not in page
    assert "von der Redaktion von Ukraine-Nachrichten überprüft" in page
    atom = ET.fromstring(client.get("/feed.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = next(
        e for e in atom.findall("a:entry", ns) if e.find("a:title", ns).text.endswith("(2)")
    )
    assert "[redaktionell geprüft]" in entry.find("a:summary", ns).text
    assert entry.find("a:updated", ns).text != entry.find("a:published", ns).text
    with db.session() as session:
        article = session.get(Article, 2)
        assert (article.review_status, article.reviewed_by) == ("approved", "boss")
        assert "überprüft und bearbeitet" in article.html_de  # the static page too
    queue = client.get("/edit/").text
    assert "(2)" not in queue[queue.index("<tbody>") :]


def test_rejecting_takes_the_article_off_the_site(web):
    client, _, db = web
    login(client)
    token = csrf_of(client)
    unconfirmed = {"csrf_token": token, "reason": "falsch"}
    assert client.post("/edit/artikel/3/ablehnen", data=unconfirmed).status_code == 422
    no_reason = {"csrf_token": token, "reason": " ", "confirmed": "ja"}
    assert client.post("/edit/artikel/3/ablehnen", data=no_reason).status_code == 422
    assert client.get("/artikel/3").status_code == 200  # neither took it off the site
    client.post("/edit/artikel/3/ablehnen", data={**unconfirmed, "confirmed": "ja"})
    assert client.get("/artikel/3").status_code == 404
    assert "(3)" not in client.get("/").text
    assert "0 Treffer" not in client.get("/suche", params={"q": "Sonnenblume"}).text
    assert len(client.get("/api/search", params={"q": "Sonnenblume"}).json()) == 2
    with db.session() as session:
        assert session.get(Article, 3).status == "withdrawn"
        revision = session.scalars(select(Revision).where(Revision.article_id == 3)).one()
        assert (revision.action, revision.new, revision.old) == ("reject", "falsch", "published")
    page = client.get("/edit/artikel/3").text
    assert 'id="restore"' in page  # the way back, only on a rejected article
    client.post("/edit/artikel/3/wiederherstellen", data={"csrf_token": csrf_of(client)})
    assert client.get("/artikel/3").status_code == 200
    assert 'id="restore"' not in client.get("/edit/artikel/3").text


def test_a_rejected_failed_article_is_never_retried(web):
    client, settings, db = web
    with db.session() as session:
        article = session.get(Article, 1)
        article.status, article.error_stage, article.error = "failed", "translated", "HTTP 503"
    login(client)
    client.post(
        "/edit/artikel/1/ablehnen",
        data={"csrf_token": csrf_of(client), "reason": "kaputt", "confirmed": "ja"},
    )
    from newsmt.pipeline import LocalRunner, PipelineContext

    ctx = PipelineContext(settings=settings, db=db)
    assert 1 not in LocalRunner(ctx).work_queue()
    with db.session() as session:
        assert session.get(Article, 1).status == "withdrawn"


def test_decisions_from_the_command_line_can_be_undone(web, monkeypatch):
    """reject → restore puts the article back where it was; approve on a rejected one
    restores it first; each decision is a revision under the editor's name."""
    from typer.testing import CliRunner

    from newsmt.cli import app
    from newsmt.store import Article, Revision

    client, settings, db = web
    client.get("/healthz")  # builds the middleware (and its page cache)
    monkeypatch.setenv("NEWSMT_HOME", str(settings.home))
    monkeypatch.setenv("NEWSMT_DATABASE_URL", settings.resolved_database_url)
    cli = CliRunner()
    assert (
        cli.invoke(app, ["articles", "reject", "1", "--as", "anna", "--reason", " "]).exit_code == 2
    )
    assert (
        cli.invoke(app, ["articles", "reject", "1", "--as", "nobody", "--reason", "x"]).exit_code
        == 2
    )
    result = cli.invoke(
        app, ["articles", "reject", "1", "--as", "anna", "--reason", "falsche Zahlen"]
    )
    assert result.exit_code == 0, result.output
    client.app.state.page_cache.cache.clear()
    assert client.get("/artikel/1").status_code == 404
    assert cli.invoke(app, ["articles", "restore", "1", "--as", "anna"]).exit_code == 0
    with db.session() as session:
        article = session.get(Article, 1)
        assert (article.status, article.review_status) == ("published", "unreviewed")
    assert client.get("/artikel/1").status_code == 200
    assert (
        cli.invoke(app, ["articles", "restore", "1", "--as", "anna"]).exit_code == 2
    )  # not rejected
    cli.invoke(app, ["articles", "reject", "2", "--as", "boss", "--reason", "Dublette"])
    assert cli.invoke(app, ["articles", "approve", "2", "--as", "boss"]).exit_code == 0
    with db.session() as session:
        article = session.get(Article, 2)
        assert (article.status, article.review_status) == ("published", "approved")
        actions = [
            (r.user, r.action)
            for r in session.query(Revision).order_by(Revision.id)
            if r.article_id == 2
        ]
    assert actions == [("boss", "reject"), ("boss", "restore"), ("boss", "approve")]


def test_the_other_language_edition_is_shown_to_editors_and_linked_publicly(web):
    client, _, db = web
    with db.session() as session:
        primary = session.get(Article, 1)
        session.add(
            Article(
                source_id=primary.source_id,
                url="https://ua.korrespondent.net/ukraine/4800001-statja",
                canonical_url="https://ua.korrespondent.net/ukraine/4800001-statja",
                lang="uk",
                stage="extracted",
                status="alternate",
                edition_of_id=1,
                title="Зеленський відвідав Харків 1",
            )
        )
    login(client)
    html = client.get("/edit/artikel/1").text
    assert 'id="editions"' in html and "Auch erschienen auf Ukrainisch" in html
    assert "/edit/artikel/4" in html
    alternate = client.get("/edit/artikel/4").text
    assert "Andere Sprachausgabe (Ukrainisch)" in alternate and '/edit/artikel/1"' in alternate
    assert "Zu prüfen (3)" in client.get("/edit/").text  # not in the queue: never translated
    public = client.get("/artikel/1").text
    assert "Auch auf Ukrainisch erschienen" in public
    assert "https://ua.korrespondent.net/ukraine/4800001-statja" in public


def test_an_edited_text_never_claims_it_was_not_edited(web):
    client, _, _ = web
    assert "weder überprüft, noch redaktionell bearbeitet" in client.get("/artikel/2").text
    login(client)
    token = csrf_of(client, "/edit/artikel/2")
    client.post(
        "/edit/artikel/2/absatz/block-0",
        data={"csrf_token": token, "text": "Wolodymyr Selenskyj ist in Charkiw eingetroffen."},
        headers={"HX-Request": "true"},
    )
    edited = client.get("/artikel/2").text
    assert "weder überprüft" not in edited
    assert "hat die Übersetzung bearbeitet, aber noch nicht abschließend geprüft" in edited
    client.post(
        "/edit/artikel/2/freigeben", data={"csrf_token": csrf_of(client, "/edit/artikel/2")}
    )
    approved = client.get("/artikel/2").text
    assert "überprüft und bearbeitet" in approved and "noch nicht abschließend" not in approved


def test_thumbnails_on_the_index_and_in_the_queue(web):
    client, settings, db = web
    (settings.screenshots_dir).mkdir(parents=True, exist_ok=True)
    (settings.screenshots_dir / "1-thumb.png").write_bytes(b"\x89PNG thumb")
    with db.session() as session:
        article = session.get(Article, 1)
        article.screenshot_path = str(settings.screenshots_dir / "1.png")
        article.thumbnail_path = str(settings.screenshots_dir / "1-thumb.png")
    assert '<img class="thumb" src="/screenshots/1-thumb.png"' in client.get("/?seite=2").text
    assert client.get("/screenshots/1-thumb.png").content == b"\x89PNG thumb"
    login(client)
    assert '<img class="thumb" src="/screenshots/1-thumb.png"' in client.get("/edit/").text


def test_marks_never_land_inside_another_marks_title():
    from newsmt.web.review import highlighted

    change = {"from": "Selenski", "to": "Selenskyj", "reason": "persons.tsv"}
    risky = {"sentence": "Dann <ging> Selenskyj.", "risk": 0.9,
             "reasons": ["Name geändert: Selenski → Selenskyj"]}  # fmt: skip
    html = str(highlighted("Selenskyj kam. Dann <ging> Selenskyj.", [change], [risky]))
    assert html == (
        '<mark title="Selenski → Selenskyj: persons.tsv">Selenskyj</mark> kam. '
        '<span class="risky" title="Risiko 90: Name geändert: Selenski → Selenskyj">Dann '
        '&lt;ging&gt; <mark title="Selenski → Selenskyj: persons.tsv">Selenskyj</mark>.</span>'
    )
