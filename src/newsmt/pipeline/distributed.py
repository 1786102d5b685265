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
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from celery import Celery
from sqlalchemy import or_, select
from sqlalchemy.exc import OperationalError

from newsmt.config import Settings
from newsmt.pipeline import discovery
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.runner import LocalRunner, RunReport
from newsmt.pipeline.state import FAILED, NEXT_STAGE, PENDING, REJECTED, DatabaseUnavailable
from newsmt.store import Article

log = logging.getLogger("newsmt.pipeline")

# where each stage runs: translation on the GPU machine, screenshots where Chromium is
QUEUE_OF_STAGE = {
    "fetched": "fetch",
    "extracted": "fetch",
    "captured": "capture",
    "translated": "translate",
    "names": "translate",
    "rendered": "publish",
    "published": "publish",
}
QUEUES = ("fetch", "capture", "translate", "publish")
STAGE_TASK = "newsmt.stage"


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
        run_stage(worker_runner(), article_id, stage, app)

    @app.task(name="newsmt.discover")
    def discover_task() -> int:
        return len(discover_and_enqueue(worker_context(), app, due_only=True))

    @app.task(name="newsmt.sweep")
    def sweep_task() -> int:
        return sweep(worker_context(), app)

    return app


@lru_cache(maxsize=1)
def worker_context() -> PipelineContext:
    """One context (database pool, fetcher, loaded model) per worker process."""
    return PipelineContext.from_settings(Settings())


@lru_cache(maxsize=1)
def worker_runner() -> LocalRunner:
    """One runner, so one claim owner, per worker process: a retried message finds its
    own claim and goes on."""
    return LocalRunner(worker_context())


def enqueue(app: Celery, article_id: int, stage: str) -> None:
    app.send_task(STAGE_TASK, args=[article_id, stage], queue=QUEUE_OF_STAGE[stage])


def run_stage(runner: LocalRunner, article_id: int, stage: str, app: Celery) -> None:
    ctx = runner.ctx
    report = RunReport()
    if not runner._take(article_id):
        return  # another worker holds it; if that one dies, the sweeper sends it again
    try:
        went_on = runner._next_stage(article_id, report, expect=stage)
    finally:
        runner.claims.release(article_id)
    if report.published:
        runner.rebuild_index()
    if went_on:
        with ctx.db.session() as session:
            article = session.get(Article, article_id)
            following = NEXT_STAGE.get(article.stage) if article is not None else None
        if following:
            enqueue(app, article_id, following)


def waiting(ctx: PipelineContext) -> list[tuple[int, str]]:
    """Articles that can move, with their next stage: pending, or failed with attempts left."""
    with ctx.db.session() as session:
        rows = session.execute(
            select(Article.id, Article.stage)
            .where(
                or_(
                    Article.status == PENDING,
                    (Article.status == FAILED)
                    & (Article.attempts < ctx.settings.max_article_attempts),
                ),
                Article.review_status != REJECTED,
                Article.stage != "published",
            )
            .order_by(Article.id)
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
                Article.status == PENDING,
                Article.review_status != REJECTED,
                Article.stage != "published",
                Article.updated_at < now - idle,
                or_(Article.claimed_by.is_(None), Article.claim_expires_at < now),
            )
        ).all()
    for article_id, stage in rows:
        enqueue(app, article_id, NEXT_STAGE[stage])
    if rows:
        log.info("swept", extra={"error": f"{len(rows)} articles sent again"})
    return len(rows)
