"""The stage executor both drivers use: one message runs one stage, a message for a stage
the article has passed does nothing, a publication leaves the static index to one later
rebuild, and a claim is renewed while its stage runs."""

from __future__ import annotations

import time
from datetime import timedelta

from newsmt.pipeline.distributed import run_stage, waiting
from newsmt.pipeline.executor import StageExecutor, StepOutcome
from newsmt.pipeline.runner import LocalRunner, RunReport
from newsmt.pipeline.table import NEXT_STAGE, QUEUE_OF_STAGE
from newsmt.statuses import Stage, Status
from newsmt.store import Article

from ..conftest import add_feed, serve_articles


class Broker:
    """Stands for Celery's app: records the messages a task sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str]] = []

    def send_task(self, name: str, args: list[object], queue: str) -> None:
        self.sent.append((int(args[0]), str(args[1]), queue))  # type: ignore[call-overload]


def test_one_message_one_stage_and_no_index_rebuild_per_article(ctx, runner, loopback):
    serve_articles(loopback, 2)
    add_feed(ctx.db, loopback)
    runner.discover(RunReport())
    rebuilds: list[bool] = []
    original = ctx.publisher.rebuild_index
    ctx.publisher.rebuild_index = lambda *, full=False: rebuilds.append(full) or []  # type: ignore[method-assign]
    executor = StageExecutor(ctx)
    broker = Broker()
    queue = list(waiting(ctx))
    assert [stage for _, stage in queue] == [Stage.FETCHED, Stage.FETCHED]
    while queue:
        article_id, stage = queue.pop(0)
        before = len(broker.sent)
        run_stage(executor, article_id, stage, broker)  # type: ignore[arg-type]
        for sent_id, sent_stage, sent_queue in broker.sent[before:]:
            assert sent_stage == NEXT_STAGE[stage] and sent_id == article_id
            assert sent_queue == QUEUE_OF_STAGE[Stage(sent_stage)]
            queue.append((sent_id, Stage(sent_stage)))
    with ctx.db.session() as session:
        assert {a.status for a in session.query(Article)} == {Status.PUBLISHED}
    assert rebuilds == [], "a Celery task never rebuilds the static index itself"
    assert executor.run_one(1, Stage.FETCHED).outcome == StepOutcome.IDLE  # passed long ago
    ctx.publisher.rebuild_index = original  # type: ignore[method-assign]
    assert ctx.publisher.rebuild_index_if_changed(), "the scheduler's index task writes once"
    assert ctx.publisher.rebuild_index_if_changed() == [], "and not again while nothing changed"


def test_a_claim_is_renewed_while_its_stage_runs(ctx, loopback, monkeypatch):
    """A stage longer than the lease keeps its article: the heartbeat renews the claim."""
    from newsmt.pipeline import stages

    serve_articles(loopback, 1)
    add_feed(ctx.db, loopback)
    executor = StageExecutor(ctx)
    executor.claims.lease = timedelta(seconds=0.6)
    LocalRunner(ctx).discover(RunReport())
    real_fetch = stages.fetch
    expiries = []

    def slow_fetch(ctx_, session, article):  # type: ignore[no-untyped-def]
        for _ in range(4):
            time.sleep(0.4)
            with ctx.db.session() as other:
                expiries.append(other.get(Article, article.id).claim_expires_at)
        return real_fetch(ctx_, session, article)

    monkeypatch.setattr(stages, "fetch", slow_fetch)
    assert executor.claim(1)
    step = executor.step(1)
    assert step.outcome == StepOutcome.ADVANCED, "the claim was never lost to the lease"
    assert len(set(expiries)) > 1, "renewed while the stage ran"
