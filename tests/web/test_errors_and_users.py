"""What editors see when something goes wrong (German pages in the site's layout; JSON
stays for /api/), no "None" anywhere, no control for someone who cannot use it, and the
admins' users page and audit log."""

from __future__ import annotations

from sqlalchemy import select

from newsmt.editorial import accounts
from newsmt.store import Article, AuditEntry, Source, User

from .conftest import PASSWORD, csrf_of, login

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


def test_errors_are_german_pages_for_browsers_and_json_for_the_api(web):
    client, _, _ = web
    missing = client.get("/artikel/999-x", headers=BROWSER)
    assert missing.status_code == 404 and "<h1>Nicht gefunden</h1>" in missing.text
    assert 'href="/static/site.css"' in missing.text  # in the site's layout
    api = client.get("/api/articles/999")
    assert api.status_code == 404 and api.json() == {"detail": "Artikel nicht gefunden."}
    login(client)
    forbidden = client.get("/edit/benutzer", headers=BROWSER)
    assert forbidden.status_code == 403 and "Nur für Administratoren." in forbidden.text
    assert "{" not in forbidden.text.split("<main", 1)[1].split("</main>")[0]
    no_article = client.get("/edit/artikel/999", headers=BROWSER)
    assert no_article.status_code == 404 and "Artikel nicht gefunden." in no_article.text
    invalid = client.get("/edit/artikel/abc", headers=BROWSER)
    assert invalid.status_code == 422 and "Bitte prüfen Sie die Angaben" in invalid.text


def test_an_expired_session_is_a_401_that_keeps_the_page(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/1")
    with db.session() as session:
        for web_session in session.scalars(select(accounts.WebSession)):
            session.delete(web_session)
    saved = client.post(
        "/edit/artikel/1/absatz/title",
        data={"csrf_token": token, "text": "Neu"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 401  # desk.js keeps the text and offers a new login
    assert client.get("/edit/sitzung", follow_redirects=False).status_code == 303


def test_a_failed_article_shows_no_none_and_german_statuses(web):
    client, _, db = web
    with db.session() as session:
        source = session.scalar(select(Source))
        session.add(
            Article(
                source=source, url="https://korrespondent.net/x/1", canonical_url="https://korrespondent.net/x/1",
                stage="discovered", status="failed", error_stage="fetched", error="HTTP 500",
            )
        )  # fmt: skip
    login(client)
    for path in ("/edit/artikel/4", "/edit/", "/edit/artikel"):
        html = client.get(path).text
        assert "None" not in html, path
        assert "Fehler bei Abruf" in html, path
    page = client.get("/edit/artikel/4").text
    assert "Noch nicht übersetzt." in page and 'id="approve"' not in page  # nothing to approve


def test_editors_see_no_admin_controls(web):
    client, _, _ = web
    login(client)
    for path in ("/edit/quellen", "/edit/namen", "/edit/"):
        html = client.get(path).text
        assert "/edit/benutzer" not in html and "/edit/protokoll" not in html, path
    sources = client.get("/edit/quellen").text
    assert "pausieren" not in sources and 'action="/edit/quellen"' not in sources
    assert 'action="/edit/namen/stil"' not in client.get("/edit/namen").text
    login(client, "boss")
    assert 'action="/edit/namen/stil"' in client.get("/edit/namen").text
    assert "pausieren" in client.get("/edit/quellen").text


def test_publishing_mode_is_set_on_the_sources_page(web):
    client, _, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/quellen")
    with db.session() as session:
        source_id = session.scalar(select(Source.id))
    client.post(
        f"/edit/quellen/{source_id}/veroeffentlichung",
        data={"csrf_token": token, "publish": "after-approval"},
    )
    with db.session() as session:
        assert session.get(Source, source_id).publish_mode == "after-approval"
    assert (
        '<option value="after-approval" selected>nach Freigabe</option>'
        in client.get("/edit/quellen").text
    )
    wrong = {"csrf_token": token, "publish": "gleich"}
    assert (
        client.post(f"/edit/quellen/{source_id}/veroeffentlichung", data=wrong).status_code == 422
    )


def test_admins_add_disable_and_reset_users_and_read_the_audit_log(web):
    client, _, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/benutzer")
    client.post(
        "/edit/benutzer",
        data={"csrf_token": token, "name": "carla", "role": "editor", "password": PASSWORD},
    )
    short = client.post(
        "/edit/benutzer",
        data={"csrf_token": token, "name": "dora", "role": "editor", "password": "kurz"},
        follow_redirects=True,
    )
    assert "mindestens 10 Zeichen" in short.text
    other = client.__class__(client.app)
    assert login(other, "carla").status_code == 303
    assert other.get("/edit/", follow_redirects=False).status_code == 200
    client.post("/edit/benutzer/carla/aktiv", data={"csrf_token": token, "active": ""})
    assert other.get("/edit/", follow_redirects=False).status_code == 303  # session ended
    assert login(other, "carla").headers["location"].startswith("/login?error=1")
    # a new password brings her back: the reset
    client.post("/edit/benutzer/carla/aktiv", data={"csrf_token": token, "active": "ja"})
    client.post(
        "/edit/benutzer",
        data={
            "csrf_token": token,
            "name": "carla",
            "role": "admin",
            "password": "ein neues Passwort",
        },
    )
    assert login(other, "carla", "ein neues Passwort").status_code == 303
    # the last admin cannot lock everybody out
    client.post("/edit/benutzer/carla/aktiv", data={"csrf_token": token, "active": ""})
    last = client.post(
        "/edit/benutzer/boss/aktiv", data={"csrf_token": token, "active": ""}, follow_redirects=True
    )
    assert "letzte aktive Admin" in last.text
    log = client.get("/edit/protokoll").text
    for what in (
        "Anmeldung", "Anmeldung fehlgeschlagen", "Benutzer gespeichert", "Benutzer deaktiviert",
        "Benutzer aktiviert",
    ):  # fmt: skip
        assert f"<td>{what}</td>" in log, what
    assert "<td>carla</td>" in client.get("/edit/protokoll", params={"wer": "carla"}).text


def test_users_disable_from_the_command_line(web, monkeypatch):
    from typer.testing import CliRunner

    from newsmt.cli import app

    client, settings, db = web
    monkeypatch.setenv("NEWSMT_HOME", str(settings.home))
    monkeypatch.setenv("NEWSMT_DATABASE_URL", settings.resolved_database_url)
    cli = CliRunner()
    login(client)
    assert client.get("/edit/", follow_redirects=False).status_code == 200
    result = cli.invoke(app, ["users", "disable", "anna"])
    assert result.exit_code == 0, result.output
    assert client.get("/edit/", follow_redirects=False).status_code == 303
    with db.session() as session:
        assert not session.scalar(select(User).where(User.name == "anna")).active
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.user, entry.action, entry.target) == ("command line", "user disabled", "anna")
    assert cli.invoke(app, ["users", "disable", "nobody"]).exit_code == 2
    assert cli.invoke(app, ["users", "disable", "boss"]).exit_code == 2  # the last admin
    assert cli.invoke(app, ["users", "enable", "anna"]).exit_code == 0
    assert login(client).status_code == 303


def test_every_user_error_has_german_words(web):
    """The desk translates by the error's code, not its English text, so a reworded
    message still reaches the editor in German."""
    import pytest

    from newsmt.web.users import GERMAN_ERRORS

    _, _, db = web
    faults = [
        lambda s: accounts.add_user(s, "x", PASSWORD, "chief"),
        lambda s: accounts.add_user(s, "a b", PASSWORD, "editor"),
        lambda s: accounts.add_user(s, "dora", "kurz", "editor"),
        lambda s: accounts.set_active(s, "niemand", False),
        lambda s: accounts.set_active(s, "boss", False),
    ]
    with db.session() as session:
        for fault in faults:
            with pytest.raises(accounts.AuthError) as caught:
                fault(session)
            assert caught.value.code in GERMAN_ERRORS, caught.value
