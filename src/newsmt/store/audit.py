"""The audit log: one row per login and per editorial or administrative action, written in
the same transaction as the action itself, so the log never claims what did not happen."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.sanitize import clean_text, shorten
from newsmt.store.models import AuditEntry, User

UNKNOWN_USER = "(unbekannt)"  # no account name has brackets: it cannot be one
TYPED_NAME_SHOWN = 60  # characters of a name typed at a failed login kept in the detail


def audit(
    session: Session,
    user: str | None,
    action: str,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    if action == "login failed":
        user, detail = _failed_login(session, user, detail)
    session.add(
        AuditEntry(
            user=user,
            action=action,
            target=shorten(clean_text(target), 200) if target else None,
            detail=shorten(clean_text(detail), 2000) if detail else None,
        )
    )


def _failed_login(session: Session, typed: str | None, detail: str | None) -> tuple[str, str]:
    """A failed login goes under the name typed only when that account exists: anyone
    can type "root", and "root: Anmeldung fehlgeschlagen" would read as root's. For any
    other name the user is UNKNOWN_USER and the name, made harmless, joins the detail."""
    if could_be_account(typed) and session.scalar(select(User.id).where(User.name == typed)):
        return str(typed), detail or ""
    return UNKNOWN_USER, "; ".join(
        part for part in (detail, f"eingegebener Name: „{shown_name(typed or '')}“") if part
    )


def could_be_account(name: str | None) -> bool:
    """Letters, digits, - and _, at most 100: what an account name is made of (anything
    else, a NUL above all, never reaches a query: PostgreSQL refuses NUL in text)."""
    if not name or len(name) > 100:
        return False
    return name.replace("-", "").replace("_", "").isalnum()


def shown_name(typed: str) -> str:
    """A typed name fit for the log: no control or invisible characters (a right-to-left
    override would turn what follows around), white space as single spaces, shortened."""
    visible = "".join(
        " " if ch.isspace() else ch
        for ch in clean_text(typed)
        if ch.isspace() or unicodedata.category(ch)[0] not in "CZ"
    )
    return shorten(" ".join(visible.split()), TYPED_NAME_SHOWN)
