"""Editors and admins: argon2 password hashes, server-side sessions, CSRF tokens and
login rate limiting, all in the database so several web workers agree."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsmt.store import LoginAttempt, User, WebSession
from newsmt.store.audit import audit

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


def add_user(session: Session, name: str, password: str, role: str) -> User:
    if role not in ROLES:
        raise AuthError("role", f"role must be one of {', '.join(ROLES)}")
    if not name or len(name) > 100 or not name.replace("-", "").replace("_", "").isalnum():
        raise AuthError("name", "user names are letters, digits, - and _ (at most 100)")
    if len(password) < 10:
        raise AuthError("password", "passwords need at least 10 characters")
    user = session.scalar(select(User).where(User.name == name)) or User(name=name)
    user.role, user.password_hash, user.active = role, _hasher.hash(password), True
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, name: str, active: bool, by: str | None = None) -> User:
    """Disable (or enable again) an account; a disabled user's sessions end at once. The
    last active admin cannot be disabled: nobody could manage the users any more."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AuthError("unknown", f"no user {name!r}")
    if not active and user.role == "admin" and user.active:
        admins = session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "admin", User.active.is_(True))
        )
        if (admins or 0) <= 1:
            raise AuthError("last-admin", "the last active admin cannot be disabled")
    user.active = active
    if not active:
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    audit(session, by, "user enabled" if active else "user disabled", name)
    return user


def rate_limited(session: Session, key: str, limit: int, window: timedelta) -> bool:
    since = datetime.now(UTC) - window
    session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < since))
    count = session.scalar(
        select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key == key)
    )
    return (count or 0) >= limit


def authenticate(session: Session, name: str, password: str) -> User | None:
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
    session.add(LoginAttempt(key=key))


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
    return secrets.compare_digest(expected, given)
