"""The audit log: one row per login and per editorial or administrative action, written in
the same transaction as the action itself, so the log never claims what did not happen."""

from __future__ import annotations

from sqlalchemy.orm import Session

from newsmt.sanitize import clean_text, shorten
from newsmt.store.models import AuditEntry


def audit(
    session: Session,
    user: str | None,
    action: str,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            user=user,
            action=action,
            target=shorten(clean_text(target), 200) if target else None,
            detail=shorten(clean_text(detail), 2000) if detail else None,
        )
    )
