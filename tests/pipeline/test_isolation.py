"""One article never stops the line: any exception in any stage is recorded on that
article, its attempts go up, and every other article and source goes on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsmt.demo import sample
from newsmt.pipeline import LocalRunner, PipelineContext
from newsmt.pipeline import executor as executor_module
from newsmt.pipeline import runner as runner_module
from newsmt.pipeline import stages as stages_module
from newsmt.pipeline.table import SPEC, STAGES
from newsmt.statuses import Stage
from newsmt.store import Article

from ..conftest import add_feed, rss

POISON = "/ukraine/4801111-poison"
GOOD = "/ukraine/4801234-umerov"


class Surprise(Exception):
    """Stands for any bug or input nobody foresaw."""


def setup_line(ctx: PipelineContext, loopback) -> None:
    poison = sample("ru-article.html").decode().replace("Умеров ведет", "Отравленный Умеров ведет")
    poison = poison.replace("4801234-umerov-vedet", "4801111-poison")
    loopback.add(POISON, poison)
    loopback.add(GOOD, sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, [POISON, GOOD]))  # the poison comes first
    add_feed(ctx.db, loopback)


def by_path(ctx: PipelineContext, base: str) -> dict[str, Article]:
    with ctx.db.session() as session:
        return {a.url.removeprefix(base): a for a in session.scalars(select(Article))}


@pytest.mark.parametrize("stage", STAGES[1:])
def test_an_exception_in_any_stage_is_recorded_and_the_run_goes_on(
    ctx, loopback, monkeypatch, stage
):
    setup_line(ctx, loopback)
    real = SPEC[stage].function

    def exploding(ctx_, session, article):  # type: ignore[no-untyped-def]
        if "poison" in article.url:
            raise Surprise(f"unforeseen in {stage}")
        return real(ctx_, session, article)

    monkeypatch.setattr(stages_module, SPEC[stage].run, exploding)
    report = LocalRunner(ctx).run_once()
    articles = by_path(ctx, loopback.base_url)
    assert articles[GOOD].status == "published"
    poison = articles[POISON]
    assert (poison.status, poison.error_stage, poison.attempts) == ("failed", stage, 1)
    assert poison.error == f"Surprise: unforeseen in {stage}"
    assert report.failed == 1 and report.published == 1
    with ctx.db.session() as session:
        events = session.scalars(select(Article).where(Article.id == poison.id)).one().events
        failed = [e for e in events if e.outcome == "failed"]
        assert "Traceback" in (failed[-1].message or "") and "exploding" in (
            failed[-1].message or ""
        )


def test_a_failed_article_stays_failed_after_its_attempts_until_retried(ctx, loopback, monkeypatch):
    from typer.testing import CliRunner

    from newsmt.cli import app

    setup_line(ctx, loopback)
    real = SPEC[Stage.EXTRACTED].function

    def exploding(ctx_, session, article):  # type: ignore[no-untyped-def]
        if "poison" in article.url:
            raise ValueError("bad value")
        return real(ctx_, session, article)

    monkeypatch.setattr(stages_module, "extract", exploding)
    for _ in range(ctx.settings.max_article_attempts + 2):
        LocalRunner(ctx).run_once()
    poison = by_path(ctx, loopback.base_url)[POISON]
    assert poison.status == "failed" and poison.attempts == ctx.settings.max_article_attempts

    monkeypatch.setenv("NEWSMT_HOME", str(ctx.settings.home))
    monkeypatch.setenv("NEWSMT_DATABASE_URL", ctx.settings.resolved_database_url)
    result = CliRunner().invoke(app, ["articles", "retry", str(poison.id)])
    assert result.exit_code == 0, result.output
    assert "1 article(s) back in the queue" in result.output
    monkeypatch.setattr(stages_module, "extract", real)
    LocalRunner(ctx).run_once()
    assert by_path(ctx, loopback.base_url)[POISON].status == "published"
    assert CliRunner().invoke(app, ["articles", "retry", "--all-failed"]).exit_code == 0


def test_a_database_that_cannot_be_written_stops_the_run(ctx, loopback, monkeypatch):
    """A failure that cannot even be recorded is the system's, not the article's."""
    setup_line(ctx, loopback)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("stage broke")

    monkeypatch.setattr(stages_module, "fetch", broken)
    runner = LocalRunner(ctx)
    runner.discover(runner_module.RunReport())

    def no_db(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk gone")

    monkeypatch.setattr(ctx.db, "session", no_db)
    with pytest.raises(executor_module.DatabaseUnavailable):
        runner.executor._record_failure(1, "fetched", RuntimeError("x"))
