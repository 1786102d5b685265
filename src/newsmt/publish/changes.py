"""Telling the web workers what changed, once it is committed.

Every web worker keeps its own page cache. A change announces which articles it touched
(or "everything"); the announcement is made only after the database transaction that
made the change has committed, so no worker can re-cache the old page in between. A
worker then drops the pages of those articles and the list pages (index, topics, feeds,
sitemap, search, API lists), and keeps serving every other article page from its cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.publish.announce import bump_site_version

_KEY = "newsmt_site_changes"


def site_changed(session: Session, settings: Settings, article_ids: Iterable[int] | None) -> None:
    """Announce, after commit, that these articles' public pages changed (None: all)."""
    pending: dict[str, Any] = session.info.setdefault(
        _KEY, {"settings": settings, "ids": set(), "all": False}
    )
    if article_ids is None:
        pending["all"] = True
    else:
        pending["ids"].update(article_ids)


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if pending:
        ids = None if pending["all"] else sorted(pending["ids"])
        bump_site_version(pending["settings"], ids)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: object) -> None:
    if not session.in_transaction():
        session.info.pop(_KEY, None)
