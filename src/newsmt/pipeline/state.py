"""The article state machine.

`stage` is the last stage an article completed; `status` says whether it is still moving
(pending), stopped by an error it may retry (failed), finished (published) or set aside
as a copy of another article (duplicate) or as the other language's edition of a story
another article carries (alternate: linked from that article, never translated).
"""

from __future__ import annotations

from newsmt.statuses import (  # noqa: F401 - the state machine speaks these names
    ALTERNATE,
    APPROVED,
    DUPLICATE,
    FAILED,
    HELD,
    PENDING,
    PUBLISHED,
    REJECTED,
    SETTLED,
    UNREVIEWED,
    WITHDRAWN,
)

STAGES = (
    "discovered",
    "fetched",
    "extracted",
    "captured",
    "translated",
    "names",
    "rendered",
    "published",
)
NEXT_STAGE = dict(zip(STAGES, STAGES[1:], strict=False))


class StageError(Exception):
    """A stage failed for this article; the run records it and goes on."""


class DuplicateArticle(Exception):  # noqa: N818 - an outcome, not an error
    def __init__(self, original_id: int, reason: str) -> None:
        super().__init__(reason)
        self.original_id = original_id


class AlternateEdition(Exception):  # noqa: N818 - an outcome, not an error
    """This article is another language's edition of a story `primary_id` carries."""

    def __init__(self, primary_id: int, reason: str) -> None:
        super().__init__(reason)
        self.primary_id = primary_id


class DatabaseUnavailable(Exception):  # noqa: N818 - a condition of the system
    """The database cannot be written: nothing can be recorded, so the run stops."""
