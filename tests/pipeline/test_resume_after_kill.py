"""`kill -9` in the middle of a run, then a rerun: every article ends published, none twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from newsmt.store import Article, ArticleEvent, Database

from ..conftest import database_with_feed, line_env, rss, serve_articles

pytestmark = pytest.mark.slow
ARTICLES = 8


def run_once(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsmt.cli", "run", "--once"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def published(db: Database) -> int:
    with db.session() as session:
        return session.scalar(
            select(func.count()).select_from(Article).where(Article.status == "published")
        )


def stages(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(select(Article.stage, func.count()).group_by(Article.stage))
        return {stage: count for stage, count in rows}


def test_kill_minus_nine_then_rerun(tmp_path, database_url, tiny_model_dir, loopback):
    """The kill lands at a point the test chooses, not after a guessed time: the third
    page's fetch holds until the process is killed, so two articles are read (a run reads
    every new article before it translates any) and the third is in flight, however fast
    or loaded the machine is."""
    reached, release = serve_articles(loopback, ARTICLES, held=2)
    home = tmp_path / "home"
    env = line_env(home, database_url, tiny_model_dir)
    db = database_with_feed(database_url, loopback)

    process = run_once(env)
    assert reached.wait(180), process.stderr.read().decode() if process.poll() else "no fetch"
    process.send_signal(signal.SIGKILL)
    process.wait()
    release.set()
    assert process.returncode == -signal.SIGKILL
    assert stages(db) == {"extracted": 2, "discovered": ARTICLES - 2}, "the third in flight"

    rerun = run_once(env)
    _, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr.decode()

    with db.session() as session:
        rows = session.scalars(select(Article)).all()
        published_events = session.scalar(
            select(func.count()).select_from(ArticleEvent).where(ArticleEvent.stage == "published")
        )
    assert len(rows) == ARTICLES
    assert {a.status for a in rows} == {"published"}
    assert published_events == ARTICLES
    assert len({a.canonical_url for a in rows}) == ARTICLES
    pages = list((home / "site" / "articles").iterdir())
    assert len(pages) == ARTICLES and not [p for p in pages if p.name.startswith(".tmp")]
    db.dispose()


def test_kill_minus_nine_during_discovery_loses_no_item(tmp_path, database_url, loopback):
    """The feed's validators are stored with its items in one transaction: whenever the
    kill lands, the rerun either sees the items or gets the whole feed again (no 304)."""
    from newsmt.config import Settings
    from newsmt.pipeline import LocalRunner, PipelineContext, RunReport

    items = [f"/ukraine/{5000000 + i}-item" for i in range(1500)]
    loopback.add("/rss.xml", rss(loopback.base_url, items), etag='"v1"')
    home = tmp_path / "home"
    env = line_env(home, database_url, NEWSMT_MAX_ITEMS_PER_FEED="5000")
    db = database_with_feed(database_url, loopback)
    process = run_once(env)
    fed = threading.Event()
    for _ in range(6000):  # kill as soon as the feed was served: discovery is under way
        if any(h.path == "/rss.xml" for h in loopback.hits) or process.poll() is not None:
            fed.set()
            break
        threading.Event().wait(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert fed.is_set()

    ctx = PipelineContext.from_settings(
        Settings(home=home, database_url=database_url, politeness_delay=0, max_items_per_feed=5000)
    )
    try:
        LocalRunner(ctx).discover(RunReport())
    finally:
        ctx.close()
    with db.session() as session:
        urls = session.scalars(select(Article.url)).all()
    assert len(urls) == len(set(urls)) == len(items)
    db.dispose()
