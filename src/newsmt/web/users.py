"""Admins manage accounts in the browser (add, change role, reset password, disable and
enable) and read the audit log: who logged in and who decided what, when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from newsmt.editorial import accounts
from newsmt.store import AuditEntry, User
from newsmt.store.audit import UNKNOWN_USER
from newsmt.web.deps import DB, Seite
from newsmt.web.editor import Checked, LoggedIn, page, require_admin

router = APIRouter(include_in_schema=False)
PER_PAGE = 100
# the audit log's actions as admins read them
ACTIONS_DE = {
    "login": "Anmeldung", "login failed": "Anmeldung fehlgeschlagen", "logout": "Abmeldung",
    "approve": "freigegeben", "reject": "abgelehnt", "restore": "wiederhergestellt",
    "restore revision": "Version wiederhergestellt", "edit": "bearbeitet",
    "retry": "wiederholt", "claim": "übernommen", "comment": "kommentiert",
    "user saved": "Benutzer gespeichert", "user disabled": "Benutzer deaktiviert",
    "user enabled": "Benutzer aktiviert", "source saved": "Quelle gespeichert",
    "source active": "Quelle fortgesetzt", "source paused": "Quelle pausiert",
    "publish mode": "Veröffentlichungsart", "name saved": "Person gespeichert",
    "place saved": "Ort gespeichert", "names style": "Namensstil gewählt",
    "names applied": "Namensschritt angewandt", "release": "Bearbeitung beendet",
    "name changed": "Person geändert", "place changed": "Ort geändert",
    "name deleted": "Person gelöscht", "place deleted": "Ort gelöscht",
    "names line removed": "Zeile aus Namensdatei entfernt",
}  # fmt: skip
NOTES = {
    "gespeichert": "Benutzer gespeichert.",
    "gespeichert-inaktiv": "Benutzer gespeichert; das Konto bleibt deaktiviert.",
    "deaktiviert": "Benutzer deaktiviert; seine Sitzungen sind beendet.",
    "aktiviert": "Benutzer wieder aktiv.",
}


@router.get("/edit/benutzer", response_class=HTMLResponse)
def users_page(
    request: Request, session: DB, web_session: LoggedIn, ok: str = "", fehler: str = ""
) -> HTMLResponse:
    require_admin(web_session)
    return page(
        request,
        "edit/users.html",
        web_session,
        users=session.scalars(select(User).order_by(User.name)).all(),
        roles=accounts.ROLES,
        message=NOTES.get(ok),
        error=fehler[:300] or None,
    )


def _back(ok: str = "", error: str = "") -> Response:
    from urllib.parse import urlencode

    query = urlencode({"ok": ok} if ok else {"fehler": error})
    return RedirectResponse(f"/edit/benutzer?{query}", status_code=303)


@router.post("/edit/benutzer")
def save_user(
    session: DB,
    web_session: Checked,
    name: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Add a user, or give an existing one a new role and (if one is typed) password. The
    admin's own session survives their own password change; the user's others end."""
    require_admin(web_session)
    try:
        saved = accounts.save_user(
            session, name, password, role, by=web_session.user.name, keep=web_session
        )
    except accounts.AuthError as exc:
        return _back(error=GERMAN_ERRORS.get(exc.code, str(exc)))
    return _back("gespeichert" if saved.user.active else "gespeichert-inaktiv")


@router.post("/edit/benutzer/{name}/aktiv")
def toggle_user(
    session: DB,
    web_session: Checked,
    name: str,
    active: Annotated[str, Form()] = "",
) -> Response:
    require_admin(web_session)
    try:
        accounts.set_active(session, name, active == "ja", by=web_session.user.name)
    except accounts.AuthError as exc:
        return _back(error=GERMAN_ERRORS.get(exc.code, str(exc)))
    return _back("aktiviert" if active == "ja" else "deaktiviert")


GERMAN_ERRORS = {
    "last-admin": "Der letzte aktive Admin kann nicht deaktiviert werden.",
    "last-admin-role": "Der letzte aktive Admin muss Admin bleiben.",
    "password": "Passwörter brauchen mindestens 10 Zeichen.",
    "name": "Benutzernamen bestehen aus Buchstaben, Ziffern, - und _ (höchstens 100).",
    "role": "Rolle: editor oder admin.",
    "unknown": "Diesen Benutzer gibt es nicht.",
}


@router.get("/edit/protokoll", response_class=HTMLResponse)
def audit_log(
    request: Request, session: DB, web_session: LoggedIn, wer: str = "", seite: Seite = 1
) -> HTMLResponse:
    require_admin(web_session)
    query = select(AuditEntry)
    if wer:
        query = query.where(AuditEntry.user == wer)
    rows = session.scalars(
        query.order_by(AuditEntry.id.desc()).limit(PER_PAGE + 1).offset((seite - 1) * PER_PAGE)
    ).all()
    if not rows and seite > 1:
        raise HTTPException(404, "Seite nicht gefunden.")
    return page(
        request,
        "edit/audit.html",
        web_session,
        entries=rows[:PER_PAGE],
        wer=wer,
        seite=seite,
        more=len(rows) > PER_PAGE,
        users=session.scalars(select(User.name).order_by(User.name)).all(),
        actions=ACTIONS_DE,
        unknown=UNKNOWN_USER,
    )
