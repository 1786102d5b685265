"""Files every machine can reach: the home folder, or an S3-compatible object store.

S3 itself cannot be reached from here: the tests run moto's server mode, a stand-in that
speaks the S3 protocol over loopback, and talk to it with boto3 exactly as to S3."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from newsmt.storage import LocalStorage, S3Storage, open_storage

BUCKET = "newsmt-test"


@pytest.fixture(scope="module")
def s3_stand_in():
    """moto's S3 server on a loopback port, with the usual AWS variables pointing at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(endpoint, timeout=0.5)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield endpoint
    server.kill()
    server.wait()


@pytest.fixture
def s3_env(s3_stand_in, monkeypatch):
    import boto3

    for key, value in {
        "AWS_ENDPOINT_URL": s3_stand_in,
        "AWS_ACCESS_KEY_ID": "stand-in",
        "AWS_SECRET_ACCESS_KEY": "stand-in",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3")
    if BUCKET not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(Bucket=BUCKET)
    return client


@pytest.fixture(params=["folder", "s3"])
def storage(request, tmp_path):
    if request.param == "folder":
        return LocalStorage(tmp_path)
    request.getfixturevalue("s3_env")
    return open_storage(f"s3://{BUCKET}/{tmp_path.name}", tmp_path)


def test_every_storage_keeps_and_gives_back_files(storage, tmp_path):
    source = tmp_path / "shot.png"
    source.write_bytes(b"\x89PNG one")
    storage.put_file("screenshots/1.png", source)
    storage.put_bytes("site/index.html", "<p>ä</p>".encode())
    assert storage.get_bytes("screenshots/1.png") == b"\x89PNG one"
    assert storage.get_bytes("site/index.html").decode() == "<p>ä</p>"
    assert storage.get_bytes("site/missing.html") is None
    storage.delete("site/index.html")
    assert storage.get_bytes("site/index.html") is None
    if isinstance(storage, S3Storage):
        assert storage.local_path("screenshots/1.png") is None
        assert httpx.get(storage.url("screenshots/1.png")).content == b"\x89PNG one"
    else:
        assert storage.local_path("screenshots/1.png") == (tmp_path / "screenshots/1.png").resolve()


def test_a_key_cannot_leave_the_folder(tmp_path):
    with pytest.raises(ValueError, match="leaves the folder"):
        LocalStorage(tmp_path / "home").put_bytes("../outside.txt", b"x")


def test_storage_urls():
    assert isinstance(open_storage(None, Path("/x")), LocalStorage)
    assert isinstance(open_storage("file:///srv/newsmt", Path("/x")), LocalStorage)
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        open_storage("ftp://x/y", Path("/x"))


def test_the_static_export_goes_to_the_object_store(s3_env, settings, loopback, tmp_path):
    from newsmt.demo import sample
    from newsmt.pipeline import LocalRunner, PipelineContext

    from .conftest import add_feed, rss

    loopback.add("/ukraine/4801234-umerov", sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, ["/ukraine/4801234-umerov"]))
    settings.storage_url = f"s3://{BUCKET}/export-{tmp_path.name}"
    ctx = PipelineContext.from_settings(settings)
    add_feed(ctx.db, loopback)
    assert LocalRunner(ctx).run_once().published == 1
    ctx.close()
    listed = s3_env.list_objects_v2(Bucket=BUCKET, Prefix=f"export-{tmp_path.name}/site/")
    keys = {o["Key"].split("/site/", 1)[1] for o in listed.get("Contents", [])}
    assert {"index.html", "feed.rss", "feed.atom"} <= keys
    assert [k for k in keys if k.startswith("articles/")]


def test_the_web_app_redirects_to_screenshots_of_published_articles_only(s3_env, tmp_path):
    from fastapi.testclient import TestClient

    from newsmt.config import Settings
    from newsmt.store import Article
    from newsmt.web.app import create_app

    from .web.conftest import published_article

    settings = Settings(
        home=tmp_path / "home",
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        storage_url=f"s3://{BUCKET}/web-{tmp_path.name}",
    )
    app = create_app(settings)
    from newsmt.store import Source

    with app.state.db.session() as session:
        source = Source(name="k", feed_url="https://k.example/rss", label="K", hosts=[])
        session.add_all([
            published_article(source, 1, screenshot_path="/worker/1.png"),
            published_article(source, 2, screenshot_path="/worker/2.png", status="withdrawn"),
        ])  # fmt: skip
    app.state.storage.put_bytes("screenshots/1.png", b"\x89PNG published")
    app.state.storage.put_bytes("screenshots/2.png", b"\x89PNG withdrawn")
    client = TestClient(app)
    answer = client.get("/screenshots/1.png", follow_redirects=False)
    assert answer.status_code == 302
    assert httpx.get(answer.headers["location"]).content == b"\x89PNG published"
    assert client.get("/screenshots/2.png", follow_redirects=False).status_code == 404
    app.state.storage.put_bytes("screenshots/1-thumb.png", b"\x89PNG thumb")
    thumb = client.get("/screenshots/1-thumb.png", follow_redirects=False)  # an <img>: served
    assert thumb.status_code == 200 and thumb.content == b"\x89PNG thumb"  # here (the CSP)
    with app.state.db.session() as session:
        assert session.get(Article, 2).status == "withdrawn"
    client.close()


def test_a_rejected_article_leaves_the_bucket_and_a_restored_one_comes_back(
    s3_env, settings, loopback, tmp_path
):
    """Pages are written and removed only through the storage: with an object store, a
    rejection removes the page from the bucket too, not only from the local folder."""
    from newsmt.demo import sample
    from newsmt.editorial import Editing
    from newsmt.pipeline import LocalRunner, PipelineContext
    from newsmt.statuses import Status
    from newsmt.store import Article

    from .conftest import add_feed, rss

    loopback.add("/ukraine/4801234-umerov", sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, ["/ukraine/4801234-umerov"]))
    prefix = f"desk-{tmp_path.name}"
    settings.storage_url = f"s3://{BUCKET}/{prefix}"
    ctx = PipelineContext.from_settings(settings)
    add_feed(ctx.db, loopback)
    assert LocalRunner(ctx).run_once().published == 1

    def pages() -> set[str]:
        listed = s3_env.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/site/articles/")
        return {o["Key"].rsplit("/", 1)[1] for o in listed.get("Contents", [])}

    with ctx.db.session() as session:
        article = session.scalars(select(Article)).one()
        page = article.page_path.rsplit("/", 1)[1]
    assert pages() == {page}
    editing = Editing(ctx.settings, ctx.db)
    with ctx.db.session() as session:
        editing.reject(session, session.get(Article, article.id), "anna", "falsch übersetzt")
    assert pages() == set()
    assert not (ctx.settings.site_dir / article.page_path).exists()
    with ctx.db.session() as session:
        assert (
            editing.restore(session, session.get(Article, article.id), "anna") == Status.PUBLISHED
        )
    assert pages() == {page}
    ctx.close()
