"""Editors and admins: argon2 password hashes, server-side sessions, CSRF tokens and
login rate limiting, all in the database so several web workers agree."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsmt.sanitize import clean_text
from newsmt.store import LoginAttempt, User, WebSession
from newsmt.store.audit import audit, could_be_account

ROLES = ("editor", "admin")
SESSION_COOKIE = "newsmt_session"
LOGIN_CSRF_COOKIE = "newsmt_login_csrf"
_hasher = PasswordHasher()


class AuthError(Exception):
    """Bad user input for users and logins; the message is safe to show. `code` names the
    fault, so the German desk says it in its own words without matching the English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Saved:
    """What saving a user changed, for the audit log and the page's message."""

    user: User
    created: bool
    role_before: str | None
    password_reset: bool
    sessions_ended: int

    def detail(self) -> str:
        """The audit log's words: what is new, so the log shows more than "saved"."""
        if self.created:
            parts = [f"angelegt, Rolle {self.user.role}"]
        else:
            parts = []
            if self.role_before != self.user.role:
                parts.append(f"Rolle {self.role_before} → {self.user.role}")
            if self.password_reset:
                parts.append("Passwort zurückgesetzt")
            if not parts:
                parts.append("unverändert")
            if not self.user.active:
                parts.append("bleibt deaktiviert")
        if self.sessions_ended:
            parts.append(f"{self.sessions_ended} Sitzung(en) beendet")
        return "; ".join(parts)


def _active_admin_ids(session: Session) -> list[int]:
    """The active admins, their rows locked (PostgreSQL) until the transaction ends: two
    admins demoting each other at once cannot both see the other still there."""
    query = select(User.id).where(User.role == "admin", User.active.is_(True))
    return list(session.scalars(query.with_for_update()))


def _is_last_admin(session: Session, user: User) -> bool:
    if user.role != "admin" or not user.active:
        return False
    return _active_admin_ids(session) == [user.id]


def _end_sessions(session: Session, user: User, keep: WebSession | None = None) -> int:
    """End the user's sessions but `keep`: whoever logged in with an old password or
    under an old role logs in again."""
    query = delete(WebSession).where(WebSession.user_id == user.id)
    if keep is not None:
        query = query.where(WebSession.id != keep.id)
    return int(getattr(session.execute(query), "rowcount", 0) or 0)


def add_user(
    session: Session, name: str, password: str | None, role: str, keep: WebSession | None = None
) -> User:
    """Create a user, or change an existing one's role and (unless `password` is empty)
    password; not audited (save_user is)."""
    return _apply(session, name, password, role, keep).user


def _apply(
    session: Session, name: str, password: str | None, role: str, keep: WebSession | None
) -> Saved:
    """Saving never enables a disabled account (set_active does, audited on its own); the
    last active admin keeps the role; a new password or role ends the user's sessions
    but `keep` (an admin's own, changing their own password)."""
    if role not in ROLES:
        raise AuthError("role", f"role must be one of {', '.join(ROLES)}")
    if not could_be_account(name):
        raise AuthError("name", "user names are letters, digits, - and _ (at most 100)")
    user = session.scalar(select(User).where(User.name == name))
    if (user is None or password) and len(password or "") < 10:
        raise AuthError("password", "passwords need at least 10 characters")
    if user is None:
        user = User(name=name, role=role, password_hash=_hasher.hash(password or ""), active=True)
        session.add(user)
        session.flush()
        return Saved(user, True, None, False, 0)
    if role != user.role and _is_last_admin(session, user):
        raise AuthError("last-admin-role", "the last active admin must stay an admin")
    before, reset = user.role, bool(password)
    user.role = role
    if password:
        user.password_hash = _hasher.hash(password)
    ended = _end_sessions(session, user, keep) if reset or before != role else 0
    session.flush()
    return Saved(user, False, before, reset, ended)


def save_user(
    session: Session,
    name: str,
    password: str | None,
    role: str,
    by: str,
    keep: WebSession | None = None,
) -> Saved:
    """add_user, audited with what changed (the web's users page and `newsmt users add`)."""
    saved = _apply(session, name, password, role, keep)
    audit(session, by, "user saved", name, saved.detail())
    return saved


def set_active(session: Session, name: str, active: bool, by: str | None = None) -> User:
    """Disable (or enable again) an account; a disabled user's sessions end at once. The
    last active admin cannot be disabled: nobody could manage the users any more. Only
    a change is audited: the log never claims what did not happen."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AuthError("unknown", f"no user {name!r}")
    if not active and _is_last_admin(session, user):
        raise AuthError("last-admin", "the last active admin cannot be disabled")
    if user.active == active:
        return user
    user.active = active
    if active:
        audit(session, by, "user enabled", name, f"Rolle {user.role}")
    else:
        ended = _end_sessions(session, user)
        audit(session, by, "user disabled", name, f"{ended} Sitzung(en) beendet")
    return user


def _stored_key(key: str) -> str:
    """A rate limiting key as the database can hold it: the name in it is whatever the
    client typed, and PostgreSQL refuses a NUL (a 500 instead of a failed login). The
    same mapping on counting and recording, so the limit still holds."""
    cleaned = clean_text(key)
    return cleaned if len(cleaned) <= 200 else f"{cleaned[:135]}#{hash_token(cleaned)}"


def rate_limited(session: Session, key: str, limit: int, window: timedelta) -> bool:
    key = _stored_key(key)
    since = datetime.now(UTC) - window
    session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < since))
    count = session.scalar(
        select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key == key)
    )
    return (count or 0) >= limit


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with that name and password. A name no account could have is not
    looked up (PostgreSQL refuses a NUL in a query: a 500 instead of a failed login)."""
    user = None
    if could_be_account(name):
        user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    try:
        if user is None:
            _hasher.hash(password)  # same work for unknown users: no timing oracle
            return None
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def record_failure(session: Session, key: str) -> None:
    session.add(LoginAttempt(key=_stored_key(key)))


def start_session(session: Session, user: User, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=hash_token(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=datetime.now(UTC) + timedelta(hours=hours),
        )
    )
    return token


def load_session(session: Session, token: str | None) -> WebSession | None:
    if not token:
        return None
    found = session.scalar(select(WebSession).where(WebSession.token_hash == hash_token(token)))
    if found is None:
        return None
    if found.expires_at <= datetime.now(UTC) or not found.user.active:
        session.delete(found)
        return None
    return found


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == hash_token(token)))


def tokens_match(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return secrets.compare_digest(expected.encode(), given.encode())
