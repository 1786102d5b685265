"""The names of an article's status, stage, review state and event outcomes: the one
place they are written.

Each is an enum of its own, so that comparing a stage with a status ("published" is
both) is a type error under mypy's strict equality, while the values users see in JSON,
the command line and the database stay plain strings (they are `StrEnum`s). A module of
its own, importing nothing of newsmt, so the store, the publisher, the web app and the
pipeline all use the same names without importing each other. What each stage does, in
which order and on which queue, is the stage table (`newsmt.pipeline.table`); which
status may follow which is the state machine (`newsmt.pipeline.machine`).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Whether an article still moves, and how it ended."""

    PENDING = "pending"  # moving through the line
    FAILED = "failed"  # stopped by an error; retried while it has attempts left
    PUBLISHED = "published"  # on the site
    DUPLICATE = "duplicate"  # a copy of another article
    WITHDRAWN = "withdrawn"  # an editor took it off the site (or out of the line)
    ALTERNATE = "alternate"  # the story in the outlet's other language; not translated
    HELD = "held"  # rendered, waiting for an editor's approval (a source publishing after it)


class Stage(StrEnum):
    """The last stage an article completed, in the order of the line."""

    DISCOVERED = "discovered"
    FETCHED = "fetched"
    EXTRACTED = "extracted"
    CAPTURED = "captured"
    TRANSLATED = "translated"
    NAMES = "names"
    RENDERED = "rendered"
    PUBLISHED = "published"


class Review(StrEnum):
    """Editorial review, beside the status (Article.review_status)."""

    UNREVIEWED = "unreviewed"
    APPROVED = "approved"
    REJECTED = "rejected"  # with status withdrawn, until an editor restores it


class Outcome(StrEnum):
    """What an event in an article's history records (ArticleEvent.outcome)."""

    OK = "ok"
    FAILED = "failed"
    DUPLICATE = "duplicate"
    ALTERNATE = "alternate"
    HELD = "held"
    NOTE = "note"
    RETRY = "retry"
    ENGINE = "engine"  # the engine's counters for the translation
    APPROVED = "approved"
    REJECTED = "rejected"
    RESTORED = "restored"
    WITHDRAWN = "withdrawn"


# Module-level names of the members, for the many places that compare with one of them.
PENDING = Status.PENDING
FAILED = Status.FAILED
PUBLISHED = Status.PUBLISHED
DUPLICATE = Status.DUPLICATE
WITHDRAWN = Status.WITHDRAWN
ALTERNATE = Status.ALTERNATE
HELD = Status.HELD
UNREVIEWED = Review.UNREVIEWED
APPROVED = Review.APPROVED
REJECTED = Review.REJECTED
# statuses at which an article moves no further through the line
SETTLED = frozenset({PUBLISHED, DUPLICATE, WITHDRAWN, ALTERNATE, HELD})
UNKNOWN_STAGE = "?"  # a failure before its stage was known (ArticleEvent.stage)

# how a source's articles reach the site (Source.publish_mode; None means immediately)
IMMEDIATELY = "immediately"
AFTER_APPROVAL = "after-approval"
PUBLISH_MODES = (IMMEDIATELY, AFTER_APPROVAL)

# what editors read: the German names of statuses and review states (stages: the table)
STATUS_DE: dict[str, str] = {
    PENDING: "in Arbeit",
    FAILED: "Fehler",
    PUBLISHED: "veröffentlicht",
    DUPLICATE: "Dublette",
    WITHDRAWN: "zurückgezogen",
    ALTERNATE: "andere Sprachausgabe",
    HELD: "wartet auf Freigabe",
}
REVIEW_DE: dict[str, str] = {
    UNREVIEWED: "ungeprüft",
    APPROVED: "freigegeben",
    REJECTED: "abgelehnt",
}
PUBLISH_MODE_DE = {IMMEDIATELY: "sofort", AFTER_APPROVAL: "nach Freigabe"}


class StepOutcome(StrEnum):
    """What one step of the stage executor came to (the runners count these)."""

    ADVANCED = "advanced"  # the stage went well; the article goes on
    PUBLISHED = "published"
    HELD = "held"
    DUPLICATE = "duplicate"
    ALTERNATE = "alternate"
    FAILED = "failed"
    IDLE = "idle"  # nothing to do: settled, rejected, past `until`, or not the expected stage
    CLAIMED = "claimed"  # another runner holds it (or took it over during the stage)
