"""`newsmt worker`, `newsmt scheduler`, and `newsmt run --once` over Celery (NEWSMT_BROKER_URL)."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from newsmt.cli.common import app, console, fail, open_context, settings
from newsmt.config import Settings


def redacted(url: str | None) -> str:
    """The broker's address without its password, for messages and logs."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    if parts.password is None:
        return url or ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return parts._replace(netloc=f"{user}{host}{port}").geturl()


def _celery(s: Settings):  # type: ignore[no-untyped-def]
    from newsmt.pipeline.distributed import make_celery

    if not s.broker_url:
        raise fail("NEWSMT_BROKER_URL is not set (e.g. redis://127.0.0.1:6379/0)")
    return make_celery(s)


@app.command("worker")
def worker(
    queues: Annotated[
        str, typer.Option(help="Comma-separated: fetch, capture, translate, publish.")
    ] = "fetch,capture,translate,publish",
    concurrency: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Start a Celery worker for these queues (translate on a GPU machine, capture where
    Chromium is)."""
    from newsmt.pipeline.distributed import QUEUES

    chosen = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(chosen) - set(QUEUES))
    if unknown or not chosen:
        raise fail(f"unknown queue(s) {', '.join(unknown) or '(none)'}; known: {', '.join(QUEUES)}")
    s = settings()
    open_context(s).close()  # refuses an outdated schema before any message is taken
    celery = _celery(s)
    celery.worker_main(
        ["worker", "--queues", ",".join(chosen), "--concurrency", str(concurrency),
         "--hostname", f"newsmt-{'-'.join(chosen)}@%h", "--loglevel", "WARNING",
         "--without-gossip", "--without-mingle"]
    )  # fmt: skip


@app.command("scheduler")
def scheduler() -> None:
    """Start periodic discovery (Celery beat): every NEWSMT_POLL_INTERVAL seconds, and the
    sweeper that sends again what a restarted broker lost."""
    s = settings()
    open_context(s).close()
    beat_file = s.home / "celerybeat-schedule"
    _celery(s).start(["beat", "--loglevel", "WARNING", "--schedule", str(beat_file)])


def run_distributed_once(s: Settings) -> int:
    """Discover, enqueue, wait until every article sent is settled, print the summary."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from newsmt.pipeline.distributed import (
        QUEUES,
        discover_and_enqueue,
        queues_with_workers,
        sweep,
    )
    from newsmt.pipeline.runner import RunReport
    from newsmt.pipeline.state import FAILED, REJECTED, SETTLED
    from newsmt.store import Article

    celery = _celery(s)
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=5)
    except Exception as exc:
        console.print(f"[bold red]error:[/] no broker at {redacted(s.broker_url)}: {exc}")
        return 2
    try:
        ctx = open_context(s)
    except typer.Exit as refused:
        return int(refused.exit_code)
    try:
        deadline = time.monotonic() + s.worker_wait_seconds
        while missing := set(QUEUES) - queues_with_workers(celery):
            if time.monotonic() > deadline:
                names = ",".join(q for q in QUEUES if q in missing)
                console.print(
                    f"[bold red]error:[/] no worker for queue(s) {names} within "
                    f"{s.worker_wait_seconds:.0f} s: start `newsmt worker --queues {names}`"
                )
                return 2
            time.sleep(0.5)
        report = RunReport()
        sent = discover_and_enqueue(ctx, celery, report)
        stall = max(2 * s.claim_lease_seconds, 60.0)
        counts: dict[str, int] = {}
        with Progress(
            TextColumn("[bold]articles"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress:
            task = progress.add_task("articles", total=len(sent))
            last_change, last_state, last_sweep = time.monotonic(), None, time.monotonic()
            while True:
                try:
                    with ctx.db.session() as session:
                        rows = session.execute(
                            select(
                                Article.id, Article.status, Article.stage, Article.review_status
                            ).where(Article.id.in_(sent))
                        ).all()
                except SQLAlchemyError:  # the database restarting: look again
                    time.sleep(1)
                    continue
                done = [r for r in rows if r.status in SETTLED or r.status == FAILED
                        or r.review_status == REJECTED]  # fmt: skip
                progress.update(task, completed=len(done))
                if len(done) == len(sent):
                    counts = {}
                    for r in rows:
                        counts[r.status] = counts.get(r.status, 0) + 1
                    break
                state = tuple(rows)
                if state != last_state:
                    last_change, last_state = time.monotonic(), state
                elif time.monotonic() - last_change > stall:
                    console.print(f"[bold red]error:[/] nothing moved for {stall:.0f} s")
                    return 1
                if time.monotonic() - last_sweep > max(5.0, s.claim_lease_seconds / 2):
                    try:
                        sweep(ctx, celery)
                    except Exception as exc:  # the broker restarting: try again later
                        console.print(f"broker unavailable, waiting: {type(exc).__name__}")
                    last_sweep = time.monotonic()
                time.sleep(0.5)
    finally:
        ctx.close()
    console.print(
        f"discovered {report.discovered}, published {counts.get('published', 0)}, "
        f"failed {counts.get('failed', 0)}, duplicates {counts.get('duplicate', 0)}"
        + (f", other-language editions {counts['alternate']}" if counts.get("alternate") else "")
        + (f", feed errors {len(report.feed_errors)}" if report.feed_errors else "")
    )
    return 0
