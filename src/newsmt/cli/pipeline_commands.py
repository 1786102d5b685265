"""`newsmt sources …`, `newsmt run`, `newsmt articles …`."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select

from newsmt.cli.common import (
    ModelDir,
    app,
    articles_app,
    console,
    fail,
    open_context,
    settings,
    sources_app,
)
from newsmt.config import Settings
from newsmt.statuses import Status


# -- sources ---------------------------------------------------------------------------------
@sources_app.command("add")
def sources_add(
    feed_url: str,
    name: Annotated[str, typer.Option(help="Short unique name.")],
    label: Annotated[str, typer.Option(help="Portal name shown in the disclaimer.")],
    lang: Annotated[
        str | None, typer.Option(help="ru or uk (detected per article anyway).")
    ] = None,
    adapter: Annotated[
        str,
        typer.Option(help="generic, or the name of an outlet profile (data/outlets/NAME.yaml)."),
    ] = "generic",
    host: Annotated[
        list[str] | None, typer.Option("--host", help="Extra host articles live on.")
    ] = None,
    engine: Annotated[
        str | None, typer.Option(help="Translation engine for this source (default: config).")
    ] = None,
    poll_interval: Annotated[
        int | None,
        typer.Option(help="Seconds between polls of this feed (default: NEWSMT_POLL_INTERVAL)."),
    ] = None,
    edition_priority: Annotated[
        str | None,
        typer.Option(
            help="Which edition of a story published in both languages is translated, "
            "first wins: uk,ru or ru,uk (default: NEWSMT_EDITION_PRIORITY, uk,ru)."
        ),
    ] = None,
    publish: Annotated[
        str,
        typer.Option(
            help="immediately: articles go on the site when translated (an editor reviews "
            "afterwards); after-approval: nothing is public until an editor approves it."
        ),
    ] = "immediately",
) -> None:
    """Add a feed (or update the source with this name)."""
    from newsmt.sources.registry import SourceError, add_source

    s = settings()
    ctx = open_context(s)
    try:
        source = add_source(
            ctx.db,
            feed_url=feed_url,
            name=name,
            label=label,
            lang=lang,
            adapter=adapter,
            hosts=host,
            engine=engine,
            edition_priority=edition_priority,
            poll_interval=poll_interval,
            publish=publish,
        )
    except SourceError as exc:
        raise fail(str(exc)) from exc
    finally:
        ctx.close()
    console.print(
        f"source [bold]{source.name}[/] ({source.adapter}) → hosts {', '.join(source.hosts)}"
    )


@sources_app.command("list")
def sources_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List sources."""
    from newsmt.store import Source

    ctx = open_context(settings())
    with ctx.db.session() as session:
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "feed_url": s.feed_url,
                "label": s.label,
                "lang": s.lang,
                "adapter": s.adapter,
                "edition_priority": s.edition_priority,
                "poll_interval": s.poll_interval,
                "publish": s.publish_mode or "immediately",
                "hosts": s.hosts,
                "active": s.active,
                "last_error": s.last_error,
                "item_errors": s.item_errors or [],
                "last_polled_at": s.last_polled_at.isoformat() if s.last_polled_at else None,
            }
            for s in session.scalars(select(Source).order_by(Source.id))
        ]
    ctx.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "name", "adapter", "feed", "last error")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["adapter"], r["feed_url"], r["last_error"] or "")
    Console().print(table)


# -- run -------------------------------------------------------------------------------------
def run_pipeline(s: Settings, engine: str | None = None) -> int:
    """One run. 0 when it completed (failed articles are recorded, not errors); 2 when
    the system cannot work: no model, no database."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsmt.pipeline import LocalRunner
    from newsmt.pipeline.state import DatabaseUnavailable
    from newsmt.translate import ModelNotInstalledError

    if s.broker_url:  # the same line, spread over Celery workers
        from newsmt.cli.worker_commands import run_distributed_once

        return run_distributed_once(s)
    try:
        ctx = open_context(s)
    except (SQLAlchemyError, OSError) as exc:
        console.print(f"[bold red]error:[/] database unavailable: {exc}")
        return 2
    except typer.Exit as refused:  # an outdated schema: the message names the command
        return int(refused.exit_code)
    ctx.engine_override = engine
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("articles", total=None)

            def update(_what: str, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            report = LocalRunner(ctx).run_once(progress=update)
    except ModelNotInstalledError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    except (DatabaseUnavailable, SQLAlchemyError) as exc:
        console.print(f"[bold red]error:[/] database unavailable: {exc}")
        return 2
    finally:
        ctx.close()
    console.print(
        f"discovered {report.discovered}, published {report.published}, "
        f"failed {report.failed}, duplicates {report.duplicates}"
        + (f", other-language editions {report.alternates}" if report.alternates else "")
        + (f", waiting for approval {report.held}" if report.held else "")
        + (f", feed errors {len(report.feed_errors)}" if report.feed_errors else "")
        + (f", feed items skipped {report.item_errors}" if report.item_errors else "")
        + (f", held by another run {report.skipped_claimed}" if report.skipped_claimed else "")
    )
    return 0


@app.command("run")
def run(
    once: Annotated[
        bool, typer.Option("--once", help="Process everything new, then exit.")
    ] = False,
    interval: Annotated[int | None, typer.Option(help="Seconds between polls.")] = None,
    model_dir: ModelDir = None,
    engine: Annotated[
        str | None,
        typer.Option(help="Engine for this run: ctranslate2, openai, deepl, libretranslate."),
    ] = None,
) -> None:
    """Poll sources and move articles through the pipeline.

    Exits 0 when the run completed, even if some articles failed (their errors are
    recorded); non-zero only when the system itself cannot work (no model, no database).
    Polling survives everything else: an unexpected error in one run is logged with its
    traceback and the next poll goes on.
    """
    import logging

    s = settings(model_dir=model_dir, poll_interval=interval)
    while True:
        try:
            code = run_pipeline(s, engine)
        except Exception as exc:  # never seen in tests; a poller must not die of it
            logging.getLogger("newsmt.pipeline").exception(
                "run failed", extra={"error": f"{type(exc).__name__}: {exc}"}
            )
            console.print(f"[bold red]error:[/] run failed: {type(exc).__name__}: {exc}")
            code = 1
            if not once:
                code = 0
        if once or code:
            raise typer.Exit(code)
        time.sleep(s.poll_interval)


# -- articles --------------------------------------------------------------------------------
@articles_app.command("list")
def articles_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON array for machines.")] = False,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
) -> None:
    """List articles with their stage, status and error."""
    from newsmt.store import Article

    s = settings()
    ctx = open_context(s)
    with ctx.db.session() as session:
        query = select(Article).order_by(Article.id)
        if status:
            query = query.where(Article.status == status)
        rows = [
            {
                "id": a.id,
                "url": a.url,
                "canonical_url": a.canonical_url,
                "source": a.source.name,
                "status": a.status,
                "stage": a.stage,
                "error": a.error,
                "error_stage": a.error_stage,
                "attempts": a.attempts,
                "lang": a.lang,
                "title": a.title,
                "title_de": a.title_de,
                "engine": a.engine,
                "model_id": a.model_id,
                "model_revision": a.model_revision,
                "page_path": str(s.site_dir / a.page_path)
                if a.page_path and a.status == Status.PUBLISHED
                else None,
                "screenshot_path": a.screenshot_path,
                "thumbnail_path": a.thumbnail_path,
                "capture_error": a.capture_error,
                "duplicate_of": a.duplicate_of_id,
                "edition_of": a.edition_of_id,
                "story_key": a.story_key,
                "source_published_at": a.source_published_at.isoformat()
                if a.source_published_at
                else None,
                "published_at": a.published_at.isoformat() if a.published_at else None,
                "name_changes": len(a.name_changes or []),
                "unknown_names": len(a.unknown_names or []),
                "names_style": a.names_style,
            }
            for a in session.scalars(query)
        ]
    ctx.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "status", "stage", "lang", "title_de", "error")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["status"],
            r["stage"],
            r["lang"] or "",
            (r["title_de"] or "")[:60],
            (r["error"] or "")[:60],
        )
    Console().print(table)


@articles_app.command("show")
def articles_show(article_id: int) -> None:
    """Print the German article as plain text (the seed's format)."""
    from newsmt.store import Article

    ctx = open_context(settings())
    with ctx.db.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise fail(f"no article {article_id}")
        if not article.text_de:
            raise fail(
                f"article {article_id} is not rendered yet (stage {article.stage}, "
                f"status {article.status}, error: {article.error})"
            )
        print(article.text_de, end="")
    ctx.close()


@articles_app.command("retry")
def articles_retry(
    article_ids: Annotated[list[int] | None, typer.Argument(help="Article ids.")] = None,
    all_failed: Annotated[bool, typer.Option("--all-failed", help="Every failed article.")] = False,
) -> None:
    """Put failed articles back in the queue (attempts start again at 0).

    An article that failed NEWSMT_MAX_ARTICLE_ATTEMPTS times stays failed until this."""
    from sqlalchemy import select as select_

    from newsmt.editorial import Editing
    from newsmt.store import Article

    if not article_ids and not all_failed:
        raise fail("give article ids or --all-failed")
    s = settings()
    ctx = open_context(s)
    retried: list[int] = []
    try:
        editing = Editing(s, ctx.db)
        with ctx.db.session() as session:
            query = select_(Article).where(Article.status == Status.FAILED)
            if not all_failed:
                query = query.where(Article.id.in_(article_ids or []))
            for article in session.scalars(query):
                if editing.retry(session, article, "command line"):
                    retried.append(article.id)
            missing = sorted(set(article_ids or []) - set(retried))
    finally:
        ctx.close()
    if missing:
        console.print(f"not failed (or unknown), left alone: {', '.join(map(str, missing))}")
    console.print(f"{len(retried)} article(s) back in the queue")
    if missing and not retried:
        raise typer.Exit(2)


# -- editorial decisions, for scripted workflows (recorded like the browser's) --------------
AsUser = Annotated[str, typer.Option("--as", help="The editor's user name (newsmt users add).")]


def _decide(article_id: int, user: str, decision: str, reason: str = "") -> None:
    from newsmt.editorial import Editing
    from newsmt.store import Article, User

    s = settings()
    ctx = open_context(s)
    try:
        with ctx.db.session() as session:
            editor = session.scalar(select(User).where(User.name == user, User.active.is_(True)))
            if editor is None:
                raise fail(f"no active user {user!r}: add one with `newsmt users add {user}`")
            article = session.get(Article, article_id)
            if article is None:
                raise fail(f"no article {article_id}")
            editing = Editing(s, ctx.db)
            try:
                if decision == "approve":
                    editing.approve(session, article, user)
                elif decision == "reject":
                    editing.reject(session, article, user, reason)
                else:
                    editing.restore(session, article, user)
            except ValueError as exc:
                raise fail(str(exc)) from exc
            status, review = article.status, article.review_status
        editing.rebuild_static_index()
    finally:
        ctx.close()
    console.print(f"article {article_id}: {review}, status {status} (by {user})")


@articles_app.command("approve")
def articles_approve(article_id: int, as_user: AsUser) -> None:
    """Approve an article: the reviewed disclaimer, as in the editor area."""
    _decide(article_id, as_user, "approve")


@articles_app.command("reject")
def articles_reject(
    article_id: int,
    as_user: AsUser,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the revisions).")],
) -> None:
    """Reject an article: it leaves the site (or the line) until restored."""
    if not reason.strip():
        raise fail("a rejection needs a reason (--reason)")
    _decide(article_id, as_user, "reject", reason)


@articles_app.command("restore")
def articles_restore(article_id: int, as_user: AsUser) -> None:
    """Undo a rejection: back to where the article was, unreviewed."""
    _decide(article_id, as_user, "restore")
