"""The distributed runner against a real redis-server and the test databases (SQLite and
PostgreSQL): every article ends published exactly once whatever fails: a duplicate
message, an article rejected while queued, a worker killed with -9 mid-stage, Redis
restarted mid-run."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsmt.config import Settings
from newsmt.pipeline import PipelineContext
from newsmt.statuses import Stage
from newsmt.store import Article, ArticleEvent, Database

from ..conftest import database_with_feed, line_env, requires, serve_articles

pytestmark = [
    pytest.mark.slow,
    requires(shutil.which("redis-server") is not None, "redis-server not installed"),
]


class RedisServer:
    """A throw-away redis-server on loopback, without persistence: a restart loses every
    message, the worst case for the broker."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def line(tmp_path, database_url, tiny_model_dir, redis_server, **extra: str) -> dict[str, str]:
    return line_env(
        tmp_path / "home", database_url, tiny_model_dir,
        NEWSMT_BROKER_URL=redis_server.url, NEWSMT_CLAIM_LEASE_SECONDS="5",
        NEWSMT_BROKER_VISIBILITY_TIMEOUT="5", **extra,
    )  # fmt: skip


def cli(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsmt.cli", *args], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def start_worker(env: dict[str, str], queues: str = "fetch,capture,translate,publish"):
    return cli("worker", "--queues", queues, env=env)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def outcome(db: Database) -> tuple[dict[str, int], int]:
    with db.session() as session:
        statuses = dict(
            session.execute(select(Article.status, func.count()).group_by(Article.status)).all()
        )
        published_events = session.scalar(
            select(func.count()).select_from(ArticleEvent).where(ArticleEvent.stage == "published")
        )
    return statuses, published_events


def test_run_once_over_workers_publishes_every_article_once(
    tmp_path, database_url, tiny_model_dir, loopback, redis_server
):
    serve_articles(loopback, 5)
    db = database_with_feed(database_url, loopback)
    env = line(tmp_path, database_url, tiny_model_dir, redis_server)
    workers = [start_worker(env, "fetch,capture"), start_worker(env, "translate,publish")]
    try:
        run = cli("run", "--once", env=env)
        _, stderr = run.communicate(timeout=240)
        assert run.returncode == 0, stderr.decode()
        assert "published 5" in stderr.decode()
    finally:
        for worker in workers:
            stop(worker)
    assert outcome(db) == ({"published": 5}, 5)
    assert len(list((tmp_path / "home" / "site" / "articles").iterdir())) == 5
    db.dispose()


def test_run_once_says_what_is_missing(
    tmp_path, database_url, tiny_model_dir, loopback, redis_server
):
    serve_articles(loopback, 1)
    database_with_feed(database_url, loopback).dispose()
    env = line(tmp_path, database_url, tiny_model_dir, redis_server, NEWSMT_WORKER_WAIT_SECONDS="1")
    run = cli("run", "--once", env=env)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 2
    assert "no worker for queue(s) fetch,capture,translate,publish" in stderr.decode()
    no_broker = {**env, "NEWSMT_BROKER_URL": "redis://127.0.0.1:1/0"}
    run = cli("run", "--once", env=no_broker)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 2 and "no broker at redis://127.0.0.1:1/0" in stderr.decode()


def test_a_message_delivered_twice_and_an_article_rejected_while_queued(
    tmp_path, database_url, tiny_model_dir, loopback, redis_server
):
    from newsmt.pipeline.distributed import discover_and_enqueue, enqueue, make_celery

    serve_articles(loopback, 3)
    db = database_with_feed(database_url, loopback)
    env = line(tmp_path, database_url, tiny_model_dir, redis_server)
    settings = Settings(home=tmp_path / "home", database_url=database_url,
                        broker_url=redis_server.url, model_dir=tiny_model_dir)  # fmt: skip
    ctx = PipelineContext.from_settings(settings)
    celery = make_celery(settings)
    sent = discover_and_enqueue(ctx, celery)
    for article_id in sent:  # every message twice
        enqueue(celery, article_id, Stage.FETCHED)
    with db.session() as session:  # an editor rejects one before any worker ran
        session.get(Article, sent[1]).review_status = "rejected"
    worker = start_worker(env)
    try:
        for _ in range(480):
            statuses, _ = outcome(db)
            if statuses.get("published") == 2:
                break
            time.sleep(0.25)
        time.sleep(2)  # the duplicates drain
    finally:
        stop(worker)
        ctx.close()
    statuses, published_events = outcome(db)
    assert published_events == 2
    with db.session() as session:
        rejected = session.get(Article, sent[1])
        assert rejected.status == "pending" and rejected.stage == "discovered"
    db.dispose()


def test_a_worker_killed_mid_stage_and_redis_restarted_lose_nothing(
    tmp_path, database_url, tiny_model_dir, loopback, redis_server
):
    """Worker A is killed with -9 while the third page's fetch holds; Redis is killed
    (all messages lost) and restarted; worker B and the sweeper of `run --once` finish."""
    reached, release = serve_articles(loopback, 4, held=2)
    db = database_with_feed(database_url, loopback)
    env = line(tmp_path, database_url, tiny_model_dir, redis_server)
    first = start_worker(env)
    run = cli("run", "--once", env=env)
    second = None
    try:
        assert reached.wait(120), "the held page was never fetched"
        stop(first)  # kill -9, its message unacknowledged and its claim left behind
        redis_server.stop()  # every message in the broker lost
        release.set()
        time.sleep(1)
        redis_server.start()
        second = start_worker(env)
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr.decode()
    finally:
        release.set()
        stop(run)
        stop(first)
        if second is not None:
            stop(second)
    assert outcome(db) == ({"published": 4}, 4)
    db.dispose()


def test_a_worker_killed_mid_stage_delays_its_article_by_minutes_not_a_quarter_hour(
    tmp_path, database_url, tiny_model_dir, loopback, redis_server
):
    """Two workers on the default settings (no test-only lease), one killed with -9 while it
    holds an article mid-stage: the claim lapses (short lease, no heartbeat any more) and
    the sweeper sends the lost message again, so all 30 articles are published exactly
    once within five minutes."""
    reached, release = serve_articles(loopback, 30, held=5)
    db = database_with_feed(database_url, loopback)
    env = line_env(tmp_path / "home", database_url, tiny_model_dir,
                   NEWSMT_BROKER_URL=redis_server.url)  # fmt: skip
    workers = [start_worker(env), start_worker(env)]
    started = time.monotonic()
    run = cli("run", "--once", env=env)
    try:
        assert reached.wait(120), "the held page was never fetched"
        with db.session() as session:
            holder = session.scalar(
                select(Article.claimed_by).where(Article.url.endswith("/4802005-story"))
            )
        assert holder, "the held article is claimed by the worker fetching it"
        pid = int(holder.split(":")[1])
        victim = next(w for w in workers if os.getpgid(pid) == w.pid)
        stop(victim)  # kill -9: its message unacknowledged, its claim left behind
        release.set()
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr.decode()
        assert time.monotonic() - started < 300
    finally:
        release.set()
        stop(run)
        for worker in workers:
            stop(worker)
    assert outcome(db) == ({"published": 30}, 30)
    db.dispose()


class PrivatePostgres:
    """A PostgreSQL server of the test's own (initdb in a temporary folder, loopback, trust
    authentication), so the test can restart it without touching the suite's server."""

    def __init__(self) -> None:
        import glob
        import tempfile

        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.folder = Path(tempfile.mkdtemp(prefix="newsmt-pg-", dir="/tmp"))  # postgres can enter
        self.folder.chmod(0o755)
        shutil.chown(self.folder, "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.folder / "data"),
                          "-A", "trust", "-U", "newsmt")  # fmt: skip

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql://newsmt@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                          "-o", options, "-w", "-l", str(self.folder / "log"), "start")  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D",
             str(self.folder / "data"), "-m", mode, "-w", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def can_run_private_postgres() -> bool:
    import glob

    return os.geteuid() == 0 and bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


@requires(can_run_private_postgres(), "needs root and PostgreSQL's initdb")
def test_postgresql_restarted_mid_run_loses_nothing(
    tmp_path, tiny_model_dir, loopback, redis_server
):
    postgres = PrivatePostgres()
    postgres.start()
    try:
        reached, release = serve_articles(loopback, 4, held=2)
        db = database_with_feed(postgres.url, loopback)
        env = line(tmp_path, postgres.url, tiny_model_dir, redis_server)
        worker = start_worker(env)
        run = cli("run", "--once", env=env)
        try:
            assert reached.wait(120), "the held page was never fetched"
            postgres.stop("immediate")  # every connection cut, mid-stage
            time.sleep(1)
            postgres.start()
            release.set()
            _, stderr = run.communicate(timeout=300)
            assert run.returncode == 0, stderr.decode()
        finally:
            release.set()
            stop(run)
            stop(worker)
        assert outcome(db) == ({"published": 4}, 4)
        db.dispose()
    finally:
        postgres.remove()
