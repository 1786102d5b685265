"""The stage table: every stage of the line declared once.

A row says what the stage is called, which function does its work, which Celery queue
runs it (translation on the GPU machine, screenshots where Chromium is), what editors
call it, and which columns of the article it writes. Everything else is derived from
here: the order of the line and each stage's successor, the queues and the workers'
default queues (also those of compose.yaml and the systemd units, which a test checks),
the German labels, the stages before translation and the labels of the metrics.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsmt.statuses import UNKNOWN_STAGE, Stage

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsmt.pipeline.context import PipelineContext
    from newsmt.store import Article

# Each takes the article's row and fills its stage's columns; `extract` alone returns
# something: the id of an edition it made its alternate.
StageFunction = Callable[["PipelineContext", "Session", "Article"], "int | None"]


@dataclass(frozen=True)
class StageSpec:
    stage: Stage
    # the function in `newsmt.pipeline.stages` that does the work, by name: the table
    # stays importable by the command line, the web app and the state machine without
    # the stages' engines and browsers (None: the article is born at this stage)
    run: str | None
    queue: str | None
    label_de: str
    writes: tuple[str, ...]

    @property
    def function(self) -> StageFunction:
        if self.run is None:
            raise LookupError(
                f"stage {self.stage.value} has no function: it is where articles start"
            )
        stages: Any = importlib.import_module("newsmt.pipeline.stages")
        function: StageFunction = getattr(stages, self.run)
        return function


# The German text of an article: what translation writes and the names step rewrites.
GERMAN_TEXT = (
    "title_de", "lead_de", "blocks_de", "background_de", "related_title_de", "tags_de",
)  # fmt: skip

TABLE: tuple[StageSpec, ...] = (
    StageSpec(
        Stage.DISCOVERED,
        run=None,
        queue=None,
        label_de="gefunden",
        writes=(
            "url",
            "canonical_url",
            "guid",
            "feed_title",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.FETCHED,
        run="fetch",
        queue="fetch",
        label_de="Abruf",
        writes=(
            "source_html",
            "encoding",
            "http_status",
            "fetched_at",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.EXTRACTED,
        run="extract",
        queue="fetch",
        label_de="Extraktion",
        writes=(
            "canonical_url",
            "content_hash",
            "extractor",
            "lang",
            "title",
            "lead",
            "blocks",
            "background",
            "related_title",
            "related_url",
            "related_canonical",
            "images",
            "tags",
            "story_key",
            "alternate_urls",
            "source_published_at",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.CAPTURED,
        run="capture",
        queue="capture",
        label_de="Screenshot",
        writes=(
            "screenshot_path",
            "thumbnail_path",
            "capture_error",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.TRANSLATED,
        run="translate",
        queue="translate",
        label_de="Übersetzung",
        writes=(
            *GERMAN_TEXT,
            "risks",
            "engine",
            "model_id",
            "model_revision",
            "translated_at",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.NAMES,
        run="names",
        queue="translate",
        label_de="Namen",
        writes=(
            *GERMAN_TEXT,
            "name_changes",
            "unknown_names",
            "names_style",
            "risk",
            "risks",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.RENDERED,
        run="render",
        queue="publish",
        label_de="Satz",
        writes=(
            "page_path",
            "html_de",
            "text_de",
        ),
    ),  # fmt: skip
    StageSpec(
        Stage.PUBLISHED,
        run="publish",
        queue="publish",
        label_de="Veröffentlichung",
        writes=(
            "page_path",
            "published_at",
            "search_names",
        ),
    ),  # fmt: skip
)

SPEC: dict[Stage, StageSpec] = {spec.stage: spec for spec in TABLE}
STAGES: tuple[Stage, ...] = tuple(spec.stage for spec in TABLE)
NEXT_STAGE: dict[Stage, Stage] = dict(zip(STAGES, STAGES[1:], strict=False))
QUEUE_OF_STAGE: dict[Stage, str] = {s.stage: s.queue for s in TABLE if s.queue is not None}
QUEUES: tuple[str, ...] = tuple(dict.fromkeys(QUEUE_OF_STAGE.values()))  # in the line's order
# an article before these has no German text: another edition may still take its place
BEFORE_TRANSLATION: tuple[Stage, ...] = STAGES[: STAGES.index(Stage.TRANSLATED)]
# what editors read, also for a failure before its stage was known
STAGE_DE: dict[str, str] = {spec.stage: spec.label_de for spec in TABLE}
STAGE_DE[UNKNOWN_STAGE] = "unbekannter Schritt"


def position(stage: Stage) -> int:
    return STAGES.index(stage)


def has_reached(article_stage: Stage, stage: Stage) -> bool:
    return position(article_stage) >= position(stage)
