"""`kill -9` in the middle of a run, then a rerun: every article ends published, none twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from newsmt.demo import sample
from newsmt.sources.registry import add_source
from newsmt.store import Article, ArticleEvent, Database

from ..conftest import rss

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


def test_kill_minus_nine_then_rerun(tmp_path, database_url, tiny_model_dir, loopback):
    page = sample("ru-article.html").decode()
    links = []
    for i in range(ARTICLES):
        path = f"/ukraine/{4801000 + i}-story"
        body = page.replace("Умеров ведет в Турции", f"Сюжет {i}: Умеров ведет в Турции").replace(
            "4801234-umerov", f"{4801000 + i}-story"
        )
        loopback.add(path, body, delay=0.4)
        links.append(path)
    loopback.add("/rss.xml", rss(loopback.base_url, links))
    home = tmp_path / "home"
    env = {
        **os.environ,
        "NEWSMT_HOME": str(home),
        "NEWSMT_DATABASE_URL": database_url,
        "NEWSMT_MODEL_DIR": str(tiny_model_dir),
        "NEWSMT_CAPTURE_ENABLED": "false",
        "NEWSMT_POLITENESS_DELAY": "0",
        "NEWSMT_BEAM_SIZE": "1",
    }
    db = Database(database_url)
    db.migrate()
    add_source(
        db,
        feed_url=loopback.base_url + "/rss.xml",
        name="k",
        label="Korrespondent.net",
        adapter="korrespondent",
    )

    process = run_once(env)
    deadline = time.monotonic() + 60
    while published(db) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    before = published(db)
    assert 2 <= before < ARTICLES, "the kill must land in the middle of the run"

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
