"""The article state machine.

`stage` is the last stage an article completed; `status` says whether it is still moving
(pending), stopped by an error it may retry (failed), finished (published) or set aside
as a copy of another article (duplicate).
"""

from __future__ import annotations

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

PENDING = "pending"
FAILED = "failed"
PUBLISHED = "published"
DUPLICATE = "duplicate"
WITHDRAWN = "withdrawn"  # an editor took it off the site


class StageError(Exception):
    """A stage failed for this article; the run records it and goes on."""


class DuplicateArticle(Exception):  # noqa: N818 - an outcome, not an error
    def __init__(self, original_id: int, reason: str) -> None:
        super().__init__(reason)
        self.original_id = original_id


class DatabaseUnavailable(Exception):  # noqa: N818 - a condition of the system
    """The database cannot be written: nothing can be recorded, so the run stops."""
