"""The distributed runner: the same stage code as the local runner, as Celery tasks on four
queues, with Redis as the broker and the database (PostgreSQL) as the only state.

A message says "run stage S of article A". The worker claims A (claims.py), runs S only if
S is still A's next stage, commits, releases, and sends the message for the next stage to
that stage's queue. So a message delivered twice, or for an article that moved on, was
rejected or settled, does nothing; a worker killed mid-stage leaves its message
unacknowledged (late acknowledgement, reject on worker loss, a visibility timeout longer
than the slowest stage) and its claim expiring, and the stage runs again elsewhere; a
message lost with a restarted broker is sent again by the sweeper, which re-enqueues every
pending article nobody holds. Exactly-once comes from the database, not from the broker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from celery import Celery
from sqlalchemy import or_, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from newsmt.config import Settings
from newsmt.pipeline import discovery
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.executor import StageExecutor
from newsmt.pipeline.runner import RunReport
from newsmt.pipeline.state import DatabaseUnavailable
from newsmt.pipeline.table import NEXT_STAGE, QUEUE_OF_STAGE, QUEUES
from newsmt.statuses import SETTLED, Review, Stage, Status
from newsmt.store import Article
from newsmt.store.queries import is_movable, movable

log = logging.getLogger("newsmt.pipeline")

__all__ = ["QUEUES", "QUEUE_OF_STAGE", "make_celery"]
STAGE_TASK = "newsmt.stage"
INDEX_SECONDS = 10.0  # how often the scheduler brings the static index up to date


def make_celery(settings: Settings) -> Celery:
    if not settings.broker_url:
        raise ValueError("NEWSMT_BROKER_URL is not set")
    visibility = settings.broker_visibility_timeout or int(2 * settings.claim_lease_seconds)
    app = Celery("newsmt", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # acknowledged after the stage committed, not when received
        task_reject_on_worker_lost=True,  # a killed worker's message goes back to the queue
        worker_prefetch_multiplier=1,  # one message in hand per process: none stranded
        broker_transport_options={"visibility_timeout": visibility},
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a restarted Redis is waited for
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,  # the database holds every outcome
        task_default_queue="fetch",
        worker_hijack_root_logger=False,
        beat_schedule={
            # each source is polled at its own interval: the task looks every minute (or
            # more often when the default interval is shorter) and polls those due
            "discover": {
                "task": "newsmt.discover",
                "schedule": float(min(60, settings.poll_interval)),
            },
            "sweep": {"task": "newsmt.sweep", "schedule": max(10.0, visibility / 4)},
            # the static index and feeds: once for all the articles published meanwhile,
            # not once per article
            "index": {"task": "newsmt.index", "schedule": INDEX_SECONDS},
        },
    )

    @app.task(
        name=STAGE_TASK,
        acks_late=True,
        # the database restarting: the same message again, later (the stage is idempotent)
        autoretry_for=(DatabaseUnavailable, OperationalError),
        retry_backoff=1,
        retry_backoff_max=30,
        max_retries=None,
    )
    def stage_task(article_id: int, stage: str) -> None:
        run_stage(worker_executor(), article_id, Stage(stage), app)

    @app.task(name="newsmt.discover")
    def discover_task() -> int:
        return len(discover_and_enqueue(worker_context(), app, due_only=True))

    @app.task(name="newsmt.sweep")
    def sweep_task() -> int:
        return sweep(worker_context(), app)

    @app.task(name="newsmt.index")
    def index_task() -> int:
        return len(worker_context().publisher.rebuild_index_if_changed())

    return app


@lru_cache(maxsize=1)
def worker_context() -> PipelineContext:
    """One context (database pool, fetcher, loaded model) per worker process."""
    return PipelineContext.from_settings(Settings())


@lru_cache(maxsize=1)
def worker_executor() -> StageExecutor:
    """One executor, so one claim owner, per worker process: a retried message finds its
    own claim and goes on."""
    return StageExecutor(worker_context())


def enqueue(app: Celery, article_id: int, stage: Stage) -> None:
    app.send_task(STAGE_TASK, args=[article_id, stage.value], queue=QUEUE_OF_STAGE[stage])


def run_stage(executor: StageExecutor, article_id: int, stage: Stage, app: Celery) -> None:
    """One message: the stage, then the message for the next one. A publication leaves
    the static index to the scheduler's `index` task (or the end of `run --once`)."""
    if not executor.run_one(article_id, stage).goes_on:
        return  # settled, failed, held by another worker, or not this stage any more
    following = NEXT_STAGE.get(stage)
    if following is not None:
        enqueue(app, article_id, following)


def waiting(ctx: PipelineContext) -> list[tuple[int, Stage]]:
    """Articles that can move, with their next stage: pending, or failed with attempts left."""
    with ctx.db.session() as session:
        rows = session.execute(
            movable(ctx.settings.max_article_attempts, Article.id, Article.stage)
        ).all()
    return [(article_id, NEXT_STAGE[stage]) for article_id, stage in rows]


def discover_and_enqueue(
    ctx: PipelineContext, app: Celery, report: RunReport | None = None, *, due_only: bool = False
) -> list[int]:
    """Discovery, then one message per article that can move: the ids sent."""
    discovery.discover(ctx, report or RunReport(), due_only=due_only)
    queued = waiting(ctx)
    for article_id, stage in queued:
        enqueue(app, article_id, stage)
    return [article_id for article_id, _ in queued]


def queues_with_workers(app: Celery, timeout: float = 1.0) -> set[str]:
    """The queues some running worker consumes (Celery's remote control, over the broker)."""
    answers = app.control.inspect(timeout=timeout).active_queues() or {}
    return {queue["name"] for queues in answers.values() for queue in queues}


def sweep(ctx: PipelineContext, app: Celery, idle_seconds: float | None = None) -> int:
    """Send again the messages of pending articles nobody holds and nothing moved for a
    while: lost with a restarted broker, or their worker died. A message that was not
    lost after all only finds its stage done: harmless."""
    idle = timedelta(
        seconds=idle_seconds if idle_seconds is not None else ctx.settings.claim_lease_seconds
    )
    now = datetime.now(UTC)
    with ctx.db.session() as session:
        rows = session.execute(
            select(Article.id, Article.stage).where(
                is_movable(ctx.settings.max_article_attempts),
                Article.status == Status.PENDING,
                Article.updated_at < now - idle,
                or_(Article.claimed_by.is_(None), Article.claim_expires_at < now),
            )
        ).all()
    for article_id, stage in rows:
        enqueue(app, article_id, NEXT_STAGE[stage])
    if rows:
        log.info("swept", extra={"error": f"{len(rows)} articles sent again"})
    return len(rows)


class DistributedRunError(Exception):
    """`run --once` over Celery could not finish; `exit_code` says how (2: nothing could
    start, 1: the articles stopped moving)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class DistributedRun:
    report: RunReport = field(default_factory=RunReport)
    counts: dict[str, int] = field(default_factory=dict)  # status -> articles sent


def wait_for_workers(app: Celery, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while missing := set(QUEUES) - queues_with_workers(app):
        if time.monotonic() > deadline:
            names = ",".join(q for q in QUEUES if q in missing)
            raise DistributedRunError(
                f"no worker for queue(s) {names} within {wait_seconds:.0f} s: "
                f"start `newsmt worker --queues {names}`",
                2,
            )
        time.sleep(0.5)


def run_once(
    ctx: PipelineContext, app: Celery, progress: Callable[[int, int], None] | None = None
) -> DistributedRun:
    """Discover, enqueue, wait until every article sent is settled (sweeping what a
    restarted broker or a killed worker lost), then bring the static index up to date
    once."""
    settings = ctx.settings
    wait_for_workers(app, settings.worker_wait_seconds)
    run = DistributedRun()
    sent = discover_and_enqueue(ctx, app, run.report)
    stall = max(2 * settings.claim_lease_seconds, 60.0)
    sweep_every = max(5.0, settings.claim_lease_seconds / 2)
    last_change, last_state, last_sweep = time.monotonic(), None, time.monotonic()
    while True:
        try:
            with ctx.db.session() as session:
                rows = session.execute(
                    select(Article.id, Article.status, Article.stage, Article.review_status).where(
                        Article.id.in_(sent)
                    )
                ).all()
        except SQLAlchemyError:  # the database restarting: look again
            time.sleep(1)
            continue
        done = [
            r
            for r in rows
            if r.status in SETTLED
            or r.status == Status.FAILED
            or r.review_status == Review.REJECTED
        ]
        if progress:
            progress(len(done), len(sent))
        if len(done) == len(sent):
            for r in rows:
                run.counts[r.status] = run.counts.get(r.status, 0) + 1
            break
        state = tuple(rows)
        if state != last_state:
            last_change, last_state = time.monotonic(), state
        elif time.monotonic() - last_change > stall:
            raise DistributedRunError(f"nothing moved for {stall:.0f} s", 1)
        if time.monotonic() - last_sweep > sweep_every:
            try:
                sweep(ctx, app)
            except Exception as exc:  # the broker restarting: try again later
                log.warning("broker unavailable, waiting", extra={"error": type(exc).__name__})
            last_sweep = time.monotonic()
        time.sleep(0.5)
    ctx.publisher.rebuild_index_if_changed()
    return run
