"""Two `newsmt run --once` at the same time on one home: both finish, neither crashes,
and every article is published exactly once (claims with a lease, in the database)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from newsmt.demo import sample
from newsmt.store import Article, ArticleEvent

from ..conftest import database_with_feed, line_env, rss

pytestmark = pytest.mark.slow
ARTICLES = 6


def test_two_runs_at_once_process_each_article_once(
    tmp_path, database_url, tiny_model_dir, loopback
):
    page = sample("ru-article.html").decode()
    links = []
    for i in range(ARTICLES):
        path = f"/ukraine/{4802000 + i}-story"
        body = page.replace("Умеров ведет в Турции", f"Сюжет {i}: Умеров ведет в Турции")
        loopback.add(path, body.replace("4801234-umerov", f"{4802000 + i}-story"), delay=0.2)
        links.append(path)
    loopback.add("/rss.xml", rss(loopback.base_url, links))
    env = line_env(tmp_path / "home", database_url, tiny_model_dir)
    db = database_with_feed(database_url, loopback)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "newsmt.cli", "run", "--once"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr.decode()
        assert "Traceback" not in stderr.decode()
    with db.session() as session:
        rows = session.scalars(select(Article)).all()
        published_events = session.scalar(
            select(func.count()).select_from(ArticleEvent).where(ArticleEvent.stage == "published")
        )
        discovered_events = session.scalar(
            select(func.count()).select_from(ArticleEvent).where(ArticleEvent.stage == "discovered")
        )
    assert len(rows) == ARTICLES
    assert {(a.status, a.stage) for a in rows} == {("published", "published")}
    assert published_events == discovered_events == ARTICLES
    assert all(a.claimed_by is None for a in rows)
    db.dispose()
