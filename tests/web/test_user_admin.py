"""The invariants of account administration: there is always an active admin (whatever
the route: the users page or `newsmt users`), a new password or role logs the user out
everywhere else, enabling an account is its own audited action, the audit log says what
changed, failed logins name only accounts that exist, and releasing a claim is logged."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from newsmt.editorial import accounts
from newsmt.store import AuditEntry, User
from newsmt.store.audit import UNKNOWN_USER

from .conftest import PASSWORD, csrf_of, login

NEW_PASSWORD = "ein ganz neues Passwort"


def save(client: TestClient, token: str, name: str, role: str, password: str = ""):  # type: ignore[no-untyped-def]
    """The users page's form; follows the redirect to the page and its message."""
    return client.post(
        "/edit/benutzer",
        data={"csrf_token": token, "name": name, "role": role, "password": password},
        follow_redirects=True,
    )


def logged_in(client: TestClient) -> bool:
    return client.get("/edit/", follow_redirects=False).status_code == 200


def last_entry(db, action: str) -> AuditEntry:  # type: ignore[no-untyped-def]
    with db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
        ).first()
        session.expunge_all()
    assert entry is not None, action
    return entry


def user(db, name: str) -> User:  # type: ignore[no-untyped-def]
    with db.session() as session:
        found = session.scalar(select(User).where(User.name == name))
        session.expunge_all()
    return found


def test_the_last_admin_cannot_make_itself_an_editor(web):
    client, _, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/benutzer")
    refused = save(client, token, "boss", "editor")
    assert (
        refused.status_code == 200 and "Der letzte aktive Admin muss Admin bleiben." in refused.text
    )
    assert user(db, "boss").role == "admin"
    # with a second admin, stepping down is fine
    save(client, token, "carla", "admin", PASSWORD)
    stepped_down = save(client, token, "boss", "editor")
    assert stepped_down.status_code == 403  # the users page is for admins: boss is an editor now
    assert user(db, "boss").role == "editor" and logged_in(client)  # his own session stays
    assert last_entry(db, "user saved").detail == "Rolle admin → editor"


def test_the_last_admin_stays_whatever_the_command_line_tries(web, monkeypatch):
    from newsmt.cli import app

    _, settings, db = web
    monkeypatch.setenv("NEWSMT_HOME", str(settings.home))
    monkeypatch.setenv("NEWSMT_DATABASE_URL", settings.resolved_database_url)
    cli = CliRunner()
    demoted = cli.invoke(app, ["users", "add", "boss", "--role", "editor"], input=f"{PASSWORD}\n")
    assert demoted.exit_code == 2 and "last active admin" in demoted.output
    assert cli.invoke(app, ["users", "disable", "boss"]).exit_code == 2
    assert (user(db, "boss").role, user(db, "boss").active) == ("admin", True)
    # a role change without a new password: an empty line keeps the password
    promoted = cli.invoke(app, ["users", "add", "anna", "--role", "admin"], input="\n")
    assert promoted.exit_code == 0 and "role editor → admin" in promoted.output
    with db.session() as session:
        assert accounts.authenticate(session, "anna", PASSWORD) is not None
    entry = last_entry(db, "user saved")
    assert (entry.user, entry.target, entry.detail) == (
        "command line",
        "anna",
        "Rolle editor → admin",
    )


def test_a_password_reset_ends_the_users_sessions_but_not_the_admins_own(web):
    client, _, db = web
    anna = TestClient(client.app)
    login(anna)
    login(client, "boss")
    boss_elsewhere = TestClient(client.app)
    login(boss_elsewhere, "boss")
    token = csrf_of(client, "/edit/benutzer")
    save(client, token, "anna", "editor", NEW_PASSWORD)
    assert not logged_in(anna)  # whoever knew the old password is out
    assert login(anna, "anna", NEW_PASSWORD).status_code == 303
    assert "1 Sitzung(en) beendet" in last_entry(db, "user saved").detail
    # an admin changing their own password stays logged in here, nowhere else
    save(client, token, "boss", "admin", NEW_PASSWORD)
    assert logged_in(client) and not logged_in(boss_elsewhere)
    assert last_entry(db, "user saved").detail == "Passwort zurückgesetzt; 1 Sitzung(en) beendet"


def test_a_role_change_ends_the_users_sessions(web):
    client, _, db = web
    anna = TestClient(client.app)
    login(anna)
    login(client, "boss")
    save(client, csrf_of(client, "/edit/benutzer"), "anna", "admin")  # no new password
    assert not logged_in(anna)
    assert login(anna).status_code == 303  # her password is unchanged
    assert last_entry(db, "user saved").detail == "Rolle editor → admin; 1 Sitzung(en) beendet"


def test_saving_a_disabled_user_does_not_enable_it(web):
    client, _, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/benutzer")
    client.post("/edit/benutzer/anna/aktiv", data={"csrf_token": token, "active": ""})
    saved = save(client, token, "anna", "editor", NEW_PASSWORD)
    assert "das Konto bleibt deaktiviert" in saved.text
    assert not user(db, "anna").active
    assert (
        login(TestClient(client.app), "anna", NEW_PASSWORD)
        .headers["location"]
        .startswith("/login?error=1")
    )
    assert last_entry(db, "user saved").detail == "Passwort zurückgesetzt; bleibt deaktiviert"
    with db.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "user enabled")) is None
    # enabling is its own step, with its own entry
    client.post("/edit/benutzer/anna/aktiv", data={"csrf_token": token, "active": "ja"})
    assert (last_entry(db, "user enabled").user, last_entry(db, "user enabled").target) == (
        "boss",
        "anna",
    )
    assert login(TestClient(client.app), "anna", NEW_PASSWORD).status_code == 303


def test_the_audit_log_says_what_changed(web):
    client, _, db = web
    login(client, "boss")
    token = csrf_of(client, "/edit/benutzer")
    save(client, token, "carla", "editor", PASSWORD)
    assert last_entry(db, "user saved").detail == "angelegt, Rolle editor"
    save(client, token, "carla", "editor")
    assert last_entry(db, "user saved").detail == "unverändert"
    client.post("/edit/benutzer/carla/aktiv", data={"csrf_token": token, "active": ""})
    assert last_entry(db, "user disabled").detail == "0 Sitzung(en) beendet"
    # disabling twice changes nothing, and the log does not claim it did
    client.post("/edit/benutzer/carla/aktiv", data={"csrf_token": token, "active": ""})
    with db.session() as session:
        assert (
            len(
                session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "user disabled")
                ).all()
            )
            == 1
        )
    log = client.get("/edit/protokoll").text
    assert "angelegt, Rolle editor" in log and "<td>Benutzer deaktiviert</td>" in log


@pytest.mark.parametrize(
    "form",
    [
        {"name": "carla", "role": "editor", "password": ""},  # a new user needs a password
        {"name": "carla", "role": "chef", "password": PASSWORD},
        {"name": "car la", "role": "editor", "password": PASSWORD},
        {"name": "anna", "role": "editor", "password": "kurz"},
    ],
)
def test_refusals_are_german_messages_not_errors(web, form):
    client, _, _ = web
    login(client, "boss")
    page = client.post(
        "/edit/benutzer", data={"csrf_token": csrf_of(client, "/edit/benutzer"), **form}
    )
    assert page.status_code == 200 and 'role="alert"' in page.text


def test_a_failed_login_under_an_unknown_name_is_not_recorded_under_that_name(web):
    client, _, db = web
    login(client, "root", "irgendein Passwort")
    entry = last_entry(db, "login failed")
    assert (entry.user, entry.target) == (UNKNOWN_USER, "testclient")
    assert entry.detail == "eingegebener Name: „root“"
    with db.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.user == "root")) is None
    # a name made to mislead: control characters, a right-to-left override, a NUL
    login(client, "ro\u202eot\x07\x00 \n admin", "irgendein Passwort")
    assert last_entry(db, "login failed").detail == "eingegebener Name: „root admin“"
    login(client, "x" * 100, "irgendein Passwort")
    assert last_entry(db, "login failed").detail.endswith("„" + "x" * 59 + "…“")


def test_a_failed_login_under_a_known_name_is_recorded_under_it(web):
    client, _, db = web
    login(client, "anna", "falsches Passwort")
    entry = last_entry(db, "login failed")
    assert (entry.user, entry.target, entry.detail) == ("anna", "testclient", None)
    login(client, "boss")
    page = client.get("/edit/protokoll", params={"wer": UNKNOWN_USER}).text
    assert "unbekannte Namen" in page and "Noch keine Einträge." in page


def test_releasing_a_claim_is_audited(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/1")
    client.post("/edit/artikel/1/uebernehmen", data={"csrf_token": token})
    client.post("/edit/artikel/1/abgeben", data={"csrf_token": token})
    entry = last_entry(db, "release")
    assert (entry.user, entry.target) == ("anna", "article 1")
    # releasing what one does not hold changes nothing and logs nothing
    client.post("/edit/artikel/2/abgeben", data={"csrf_token": token})
    with db.session() as session:
        released = session.scalars(select(AuditEntry.target).where(AuditEntry.action == "release"))
        assert released.all() == ["article 1"]
    login(client, "boss")
    assert "<td>Bearbeitung beendet</td>" in client.get("/edit/protokoll").text
