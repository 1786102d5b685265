"""Article claims: a runner owns an article for a lease before it runs a stage on it.

A claim is one conditional UPDATE, atomic on SQLite and PostgreSQL alike, so two runs
(or two Celery workers later) never work on one article at once; a claim whose lease
ran out (its runner was killed) is simply taken over by the next one that asks.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from newsmt.store import Article, Database


def runner_id() -> str:
    """host:pid:random, so a log line says which process held an article."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_dead(owner: str) -> bool:
    """True only when the owner ran on this machine and its process is gone."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:50] or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


class Claims:
    def __init__(self, db: Database, lease_seconds: float, owner: str | None = None) -> None:
        self.db = db
        self.lease = timedelta(seconds=lease_seconds)
        self.owner = owner or runner_id()

    def take(self, article_id: int) -> bool:
        """Claim (or renew the claim on) the article; False if another runner holds it.
        A claim of a process on this machine that no longer exists (killed with -9) is
        taken over at once instead of waiting for its lease to run out."""
        now = datetime.now(UTC)
        with self.db.session() as session:
            result = session.execute(
                update(Article)
                .where(
                    Article.id == article_id,
                    or_(
                        Article.claimed_by.is_(None),
                        Article.claimed_by == self.owner,
                        Article.claim_expires_at < now,
                    ),
                )
                .values(claimed_by=self.owner, claim_expires_at=now + self.lease)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                return True
            holder = session.scalar(select(Article.claimed_by).where(Article.id == article_id))
            if holder is None or not owner_is_dead(holder):
                return False
            result = session.execute(  # compare-and-swap: only if the dead one still holds it
                update(Article)
                .where(Article.id == article_id, Article.claimed_by == holder)
                .values(claimed_by=self.owner, claim_expires_at=now + self.lease)
                .execution_options(synchronize_session=False)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def still_ours(self, session: Session, article_id: int) -> bool:
        """Inside the stage's own transaction, just before it commits: renew the lease if
        it is still ours. False means another runner took over; the stage's work is
        rolled back, so nothing is written twice."""
        now = datetime.now(UTC)
        result = session.execute(
            update(Article)
            .where(Article.id == article_id, Article.claimed_by == self.owner)
            .values(claim_expires_at=now + self.lease)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def renew(self, article_id: int) -> bool:
        """The heartbeat of a stage in progress: extend the lease while it is ours."""
        with self.db.session() as session:
            return self.still_ours(session, article_id)

    def release(self, article_id: int) -> None:
        with self.db.session() as session:
            session.execute(
                update(Article)
                .where(Article.id == article_id, Article.claimed_by == self.owner)
                .values(claimed_by=None, claim_expires_at=None)
                .execution_options(synchronize_session=False)
            )
