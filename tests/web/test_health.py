"""/healthz says whether the line works (database, discovery); /metrics feeds Prometheus."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from newsmt.store import Article, ArticleEvent, Source

from ..conftest import requires


def test_healthz_is_200_with_a_working_database_and_recent_discovery(web):
    client, _, db = web
    with db.session() as session:
        for source in session.query(Source):
            source.last_polled_at = datetime.now(UTC) - timedelta(minutes=5)
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"
    assert 250 < body["checks"]["discovery"]["age_seconds"] < 400
    assert body["checks"]["discovery"]["stale"] is False


def test_healthz_is_503_when_discovery_is_stale(web):
    client, settings, db = web
    with db.session() as session:
        for source in session.query(Source):
            source.last_polled_at = datetime.now(UTC) - timedelta(
                seconds=settings.discovery_stale_seconds + 60
            )
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["discovery"]["stale"] is True


def test_healthz_is_503_when_the_database_is_gone(web):
    from sqlalchemy import create_engine

    client, _, db = web
    db._sessions.configure(bind=create_engine("sqlite:////nonexistent/dir/newsmt.db"))
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"].startswith("unavailable")


def test_metrics_expose_articles_failures_queue_and_stage_durations(web):
    client, _, db = web
    with db.session() as session:
        source_id = session.get(Article, 1).source_id
        session.add(
            Article(
                source_id=source_id,
                url="https://korrespondent.net/x/1-a",
                canonical_url="https://korrespondent.net/x/1-a",
                status="failed",
                stage="fetched",
                error_stage="extracted",
            )
        )
        session.add(Article(source_id=source_id, url="https://korrespondent.net/x/2-b",
                            canonical_url="https://korrespondent.net/x/2-b", status="pending",
                            stage="captured"))  # fmt: skip
        for ms in (40, 700, 2500):
            session.add(
                ArticleEvent(article_id=1, stage="translated", outcome="ok", message=f"{ms} ms")
            )
    answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }
    assert samples[("newsmt_articles", (("status", "published"),))] == 3
    assert samples[("newsmt_failed_articles", (("stage", "extracted"),))] == 1
    assert samples[("newsmt_queue_depth", (("stage", "translated"),))] == 1
    assert samples[("newsmt_queue_depth", (("stage", "fetched"),))] == 0
    bucket = "newsmt_stage_duration_seconds_bucket"
    assert samples[(bucket, (("le", "1.0"), ("stage", "translated")))] == 2
    assert samples[(bucket, (("le", "+Inf"), ("stage", "translated")))] == 3
    assert samples[("newsmt_stage_duration_seconds_sum", (("stage", "translated"),))] == 3.24


@requires(shutil.which("redis-server") is not None, "redis-server not installed")
def test_healthz_checks_the_broker_when_the_line_runs_on_workers(web, tmp_path):
    import socket
    import subprocess
    import time

    client, settings, db = web
    with db.session() as session:
        for source in session.query(Source):
            source.last_polled_at = datetime.now(UTC)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.broker_url = f"redis://127.0.0.1:{port}/0"
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["checks"]["broker"].startswith("unavailable")
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--dir", str(tmp_path)],
                             stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(100):
            if client.get("/healthz").status_code == 200:
                break
            time.sleep(0.05)
        assert client.get("/healthz").json()["checks"]["broker"] == "ok"
    finally:
        redis.kill()
        redis.wait()


def test_metrics_report_the_engines_tokens_per_second(web):
    client, _, db = web
    with db.session() as session:
        for message in ("300 tokens in 1000 ms", "100 tokens in 1000 ms"):
            session.add(
                ArticleEvent(article_id=1, stage="translated", outcome="engine", message=message)
            )
    families = {f.name: f for f in text_string_to_metric_families(client.get("/metrics").text)}
    assert families["newsmt_engine_tokens_per_second"].samples[0].value == 200.0
