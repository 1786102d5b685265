"""What a stage can end in besides success: its own error, or the finding that the
article is a duplicate or another edition of a story. The names of statuses and stages
are in `newsmt.statuses`, the stage table in `table.py`, the transitions in `machine.py`.
"""

from __future__ import annotations


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
