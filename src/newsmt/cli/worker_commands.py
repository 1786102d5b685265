"""`newsmt worker`, `newsmt scheduler`, and `newsmt run --once` over Celery (NEWSMT_BROKER_URL)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from newsmt.cli.common import app, console, fail, open_context, settings
from newsmt.config import Settings
from newsmt.pipeline.table import QUEUES  # the stage table: light to import
from newsmt.statuses import Status


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


ALL_QUEUES = ",".join(QUEUES)


@app.command("worker")
def worker(
    queues: Annotated[
        str, typer.Option(help=f"Comma-separated: {', '.join(QUEUES)}.")
    ] = ALL_QUEUES,
    concurrency: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Start a Celery worker for these queues (translate on a GPU machine, capture where
    Chromium is)."""
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
    from newsmt.pipeline.distributed import DistributedRunError, run_once

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
        with Progress(
            TextColumn("[bold]articles"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress:
            task = progress.add_task("articles", total=None)
            run = run_once(
                ctx, celery, lambda done, total: progress.update(task, completed=done, total=total)
            )
    except DistributedRunError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return exc.exit_code
    finally:
        ctx.close()
    report, counts = run.report, run.counts
    console.print(
        f"discovered {report.discovered}, published {counts.get(Status.PUBLISHED, 0)}, "
        f"failed {counts.get(Status.FAILED, 0)}, duplicates {counts.get(Status.DUPLICATE, 0)}"
        + (
            f", other-language editions {counts[Status.ALTERNATE]}"
            if counts.get(Status.ALTERNATE)
            else ""
        )
        + (f", feed errors {len(report.feed_errors)}" if report.feed_errors else "")
    )
    return 0
