"""Shared fixtures: a loopback HTTP server, databases (SQLite and PostgreSQL), the tiny model.

PostgreSQL runs when NEWSMT_TEST_POSTGRES_URL points at a server (`.ci/run` starts one);
every test that takes `database_url` then runs once per backend.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from newsmt.config import Settings
from newsmt.demo.loopback import LoopbackServer
from newsmt.pipeline import LocalRunner, PipelineContext

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("NEWSMT_TEST_POSTGRES_URL")
# scripts/test.sh (what CI runs) sets this: everything a test needs is installed there and
# ../shared is beside the clone, so a missing prerequisite fails the test instead of skipping
STRICT = os.environ.get("NEWSMT_TEST_STRICT") == "1"


def requires(available: bool, reason: str) -> pytest.MarkDecorator:
    """Skip when a prerequisite is missing on a developer's machine; never under CI, where
    the test then runs and fails on what is missing."""
    return pytest.mark.skipif(not available and not STRICT, reason=reason)


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_URL:
        return f"newsmt: databases sqlite + postgresql ({POSTGRES_URL.rsplit('@', 1)[-1]})"
    return "newsmt: databases sqlite only (set NEWSMT_TEST_POSTGRES_URL to add postgresql)"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_kind" in metafunc.fixturenames:
        kinds = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
        metafunc.parametrize("database_kind", kinds)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def temp_files_under_pytest(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Chromium profiles, Playwright artifacts and anything else that asks for a temporary
    directory land under pytest's own base temp, not in /tmp for good."""
    import tempfile

    scratch = tmp_path_factory.getbasetemp() / "scratch"
    scratch.mkdir(exist_ok=True)
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(scratch)
    tempfile.tempdir = str(scratch)
    yield
    if saved[0] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved[0]
    tempfile.tempdir = saved[1]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NEWSMT_* setting of the developer's shell or CI leaks into a test, and a test
    that forgets to give a home writes under its own tmp_path, never the working dir."""
    for key in list(os.environ):
        if key.startswith("NEWSMT_") and key != "NEWSMT_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)
    monkeypatch.setenv("NEWSMT_HOME", str(tmp_path / "default-home"))


@pytest.fixture
def database_url(database_kind: str, tmp_path: Path) -> str:
    if database_kind == "postgresql":
        assert POSTGRES_URL
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'newsmt.db'}"


@pytest.fixture
def loopback():
    with LoopbackServer() as server:
        yield server


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsmt.translate.models import make_tiny_model

    return make_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


@pytest.fixture
def settings(tmp_path: Path, tiny_model_dir: Path, database_url: str) -> Settings:
    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        model_dir=tiny_model_dir,
        politeness_delay=0.0,
        backoff_base=0.01,
        max_retries=1,
        read_timeout=1.0,
        connect_timeout=1.0,
        max_response_bytes=200_000,
        capture_enabled=False,
        beam_size=1,
    )


@pytest.fixture
def ctx(settings: Settings):
    context = PipelineContext.from_settings(settings)
    yield context
    context.close()


@pytest.fixture
def runner(ctx: PipelineContext) -> LocalRunner:
    return LocalRunner(ctx)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rss(base: str, links: list[str]) -> str:
    """A minimal RSS 2.0 feed listing these paths on the loopback server."""
    items = "".join(
        f"<item><title>t{i}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        f"<pubDate>Thu, 01 Jan 2026 1{i % 10}:00:00 +0200</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'


def run_single_article(
    settings: Settings, loopback: LoopbackServer, path: str, page: bytes | str, *, engine: str
) -> PipelineContext:
    """Serve one Korrespondent page and its feed, run the line once with `engine`, and
    return the (open) context; the caller closes it."""
    from newsmt.sources.registry import add_source

    settings.capture_enabled = False
    loopback.add(path, page)
    loopback.add("/rss.xml", rss(loopback.base_url, [path]), content_type="application/rss+xml")
    ctx = PipelineContext.from_settings(settings)
    add_source(
        ctx.db,
        feed_url=loopback.base_url + "/rss.xml",
        name="k",
        label="Korrespondent.net",
        adapter="korrespondent",
        engine=engine,
    )
    assert LocalRunner(ctx).run_once().published == 1
    return ctx


def line_env(
    home: Path, database_url: str, model_dir: Path | None = None, **extra: str
) -> dict[str, str]:
    """The environment of a `newsmt` subprocess on its own home: no screenshots, no delays."""
    env = {
        **os.environ,
        "NEWSMT_HOME": str(home),
        "NEWSMT_DATABASE_URL": database_url,
        "NEWSMT_CAPTURE_ENABLED": "false",
        "NEWSMT_POLITENESS_DELAY": "0",
        "NEWSMT_BEAM_SIZE": "1",
        **extra,
    }
    if model_dir is not None:
        env["NEWSMT_MODEL_DIR"] = str(model_dir)
    return env


def add_feed(db, loopback: LoopbackServer, **fields: object):  # type: ignore[no-untyped-def]
    """The loopback's /rss.xml as a Korrespondent source named "k"."""
    from newsmt.sources.registry import add_source

    values: dict[str, object] = {"name": "k", "label": "K", "adapter": "korrespondent", **fields}
    return add_source(db, feed_url=loopback.base_url + "/rss.xml", **values)  # type: ignore[arg-type]


def database_with_feed(database_url: str, loopback: LoopbackServer):  # type: ignore[no-untyped-def]
    """A migrated database with the loopback's /rss.xml as a Korrespondent source."""
    from newsmt.store import Database

    db = Database(database_url)
    db.migrate()
    add_feed(db, loopback)
    return db


def serve_articles(loopback: LoopbackServer, count: int, held: int | None = None):  # type: ignore[no-untyped-def]
    """`count` distinct Korrespondent articles and their feed on the loopback. With `held`,
    that article's page answers only once the test sets the returned `release` event
    (`reached` is set when its fetch arrived): a kill lands where the test chooses."""
    import threading

    from newsmt.demo import sample
    from newsmt.demo.loopback import Route

    page = sample("ru-article.html").decode()
    reached, release = threading.Event(), threading.Event()
    links = []
    for i in range(count):
        path = f"/ukraine/{4802000 + i}-story"
        body = page.replace("Умеров ведет в Турции", f"Сюжет {i}: Умеров ведет в Турции").replace(
            "4801234-umerov", f"{4802000 + i}-story"
        )
        if i == held:

            def hold(body: str = body) -> Route:
                reached.set()
                release.wait(60)
                return Route(body.encode())

            loopback.routes[path] = hold
        else:
            loopback.add(path, body)
        links.append(path)
    loopback.add("/rss.xml", rss(loopback.base_url, links))
    return reached, release
