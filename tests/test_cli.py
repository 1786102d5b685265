"""The command-line contract: names, options, JSON keys and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsmt.demo import sample

from .conftest import rss

JSON_KEYS = {"id", "url", "status", "stage", "error", "title_de", "page_path", "screenshot_path"}


def newsmt(*args: str, home: Path, env: dict[str, str] | None = None, timeout: int = 180):
    full_env = {**os.environ, "NEWSMT_HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsmt.cli", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.browser
@pytest.mark.slow
def test_demo_offline_publishes_both_samples_with_screenshots(tmp_path):
    home = tmp_path / "home"
    result = newsmt("demo", "--offline", home=home)
    assert result.returncode == 0, result.stderr
    assert f"Site: {home / 'site' / 'index.html'}" in result.stdout
    assert "nonsense" in result.stderr
    listing = newsmt("articles", "list", "--json", home=home)
    rows = json.loads(listing.stdout)
    assert len(rows) == 2
    assert {r["status"] for r in rows} == {"published"}
    assert {r["lang"] for r in rows} == {"ru", "uk"}
    for row in rows:
        assert row.keys() >= JSON_KEYS
        assert Path(row["page_path"]).is_file()
        assert Path(row["screenshot_path"]).is_file()
        assert row["error"] is None
    # a second demo run publishes nothing twice
    again = newsmt("demo", "--offline", home=home)
    assert again.returncode == 0, again.stderr
    rows = json.loads(newsmt("articles", "list", "--json", home=home).stdout)
    assert sorted(r["status"] for r in rows).count("published") == 2


def test_sources_add_run_once_and_list(tmp_path, tiny_model_dir, loopback):
    home = tmp_path / "home"
    loopback.add("/ua/ukraine/1-a", sample("uk-article.html"))
    loopback.add("/ua/ukraine/2-b", "", status=404)
    loopback.add("/rss.xml", rss(loopback.base_url, ["/ua/ukraine/1-a", "/ua/ukraine/2-b"]))
    added = newsmt(
        "sources",
        "add",
        loopback.base_url + "/rss.xml",
        "--name",
        "k-ua",
        "--label",
        "Korrespondent.net",
        "--lang",
        "uk",
        "--adapter",
        "korrespondent",
        home=home,
    )
    assert added.returncode == 0, added.stderr
    env = {"NEWSMT_CAPTURE_ENABLED": "false", "NEWSMT_POLITENESS_DELAY": "0"}
    run = newsmt("run", "--once", "--model-dir", str(tiny_model_dir), home=home, env=env)
    assert run.returncode == 0, run.stderr  # one article failed: still a successful run
    assert "published 1, failed 1" in run.stderr
    rows = {
        r["url"].rsplit("/", 1)[1]: r
        for r in json.loads(newsmt("articles", "list", "--json", home=home).stdout)
    }
    assert rows["1-a"]["status"] == "published" and rows["1-a"]["stage"] == "published"
    assert rows["1-a"]["title_de"]
    assert rows["2-b"]["status"] == "failed" and "HTTP 404" in rows["2-b"]["error"]
    shown = newsmt("articles", "show", str(rows["1-a"]["id"]), home=home)
    assert shown.stdout.startswith("date 2026-01-02\nDas ist eine maschinelle Übersetzung")


def test_sources_add_rejects_bad_input(tmp_path):
    result = newsmt("sources", "add", "ftp://x/feed", "--name", "x", "--label", "X", home=tmp_path)
    assert result.returncode == 2 and "not an http(s) feed address" in result.stderr
    control = newsmt(
        "sources", "add", "http://x/feed\x01", "--name", "x", "--label", "X", home=tmp_path
    )
    assert control.returncode == 2 and "control characters" in control.stderr
    priority = ("--edition-priority", "uk,de")
    wrong = newsmt(
        "sources", "add", "http://x/feed", "--name", "x", "--label", "X", *priority, home=tmp_path
    )
    assert wrong.returncode == 2 and "edition priority must list ru and uk" in wrong.stderr
    ok = ("--edition-priority", "ru, uk")
    added = newsmt(
        "sources", "add", "http://x/feed", "--name", "x", "--label", "X", *ok, home=tmp_path
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(newsmt("sources", "list", "--json", home=tmp_path).stdout)
    assert listed[0]["edition_priority"] == "ru,uk"


def test_run_without_model_fails_with_instructions(tmp_path, loopback):
    home = tmp_path / "home"
    loopback.add("/ukraine/1-a", sample("ru-article.html"))
    loopback.add("/rss.xml", rss(loopback.base_url, ["/ukraine/1-a"]))
    newsmt(
        "sources",
        "add",
        loopback.base_url + "/rss.xml",
        "--name",
        "k",
        "--label",
        "K",
        "--adapter",
        "korrespondent",
        home=home,
    )
    env = {"NEWSMT_CAPTURE_ENABLED": "false", "NEWSMT_POLITENESS_DELAY": "0"}
    result = newsmt("run", "--once", home=home, env=env)
    assert result.returncode == 2
    assert "newsmt models install" in result.stderr and "NEWSMT_MODEL_DIR" in result.stderr


def test_models_install_offline_is_a_clear_error(tmp_path):
    env = {"HF_HUB_OFFLINE": "1"}
    result = newsmt("models", "install", "--model-dir", str(tmp_path / "m"), home=tmp_path, env=env)
    assert result.returncode == 2
    assert "could not download Helsinki-NLP/opus-mt-tc-big-zle-de" in result.stderr
    assert "internet" in result.stderr


def test_make_tiny_builds_a_loadable_model(tmp_path):
    result = newsmt("models", "make-tiny", str(tmp_path / "tiny"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tiny" / "model.bin").exists()
    assert "nonsense" in result.stderr


def test_models_install_validates_quantization_and_device(tmp_path):
    bad = newsmt("models", "install", "--quantization", "int3", home=tmp_path)
    assert bad.returncode == 2 and "quantization must be one of" in bad.stderr
    gpu = newsmt(
        "models", "install", "--device", "cuda", "--quantization", "float16", home=tmp_path
    )
    assert gpu.returncode == 2 and "no CUDA GPU" in gpu.stderr


def test_tm_export_and_import_tmx(tmp_path):
    tmx = tmp_path / "in.tmx"
    tmx.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<tmx version="1.4"><header srclang="ru-RU" datatype="plaintext" segtype="sentence"
 adminlang="en-US" creationtool="cat" creationtoolversion="1" o-tmf="x"/>
<body><tu><tuv xml:lang="ru-RU"><seg>Президент заявил.</seg></tuv>
<tuv xml:lang="de-DE"><seg>Der Präsident erklärte.</seg></tuv></tu></body></tmx>""",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    imported = newsmt("tm", "import", str(tmx), "--as-editor", home=home)
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 segments" in imported.stderr
    assert newsmt("tm", "stats", home=home).stdout.split() == ["machine", "0", "editor", "1"]
    exported = newsmt("tm", "export", "--format", "tmx", home=home)
    assert exported.returncode == 0
    assert "<seg>Der Präsident erklärte.</seg>" in exported.stdout
    assert '<prop type="x-origin">editor</prop>' in exported.stdout
    assert newsmt("tm", "export", "--format", "xliff", home=home).returncode == 2
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx", encoding="utf-8")
    result = newsmt("tm", "import", str(broken), home=home)
    assert result.returncode == 2 and "not valid TMX" in result.stderr


def test_serve_answers_over_http(tmp_path):
    """Waits on the server's own readiness (up to a minute on a loaded machine), not a
    fixed count of sleeps; a port taken between choosing and binding means another try."""
    import socket
    import time
    import urllib.request

    env = {**os.environ, "NEWSMT_HOME": str(tmp_path)}
    for _attempt in range(3):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "newsmt.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        page = None
        try:
            deadline = time.monotonic() + 60
            while page is None and server.poll() is None and time.monotonic() < deadline:
                try:
                    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                except OSError:
                    time.sleep(0.1)
            if page is None and server.poll() is not None:
                continue  # the port was taken meanwhile: try another
            assert page is not None, "newsmt serve did not answer within 60 s"
            assert page.status == 200
            assert "content-security-policy" in {k.lower() for k in page.headers}
            assert '<html lang="de">' in page.read().decode()
            return
        finally:
            server.terminate()
            server.wait(timeout=20)
    raise AssertionError("newsmt serve exited on three ports in a row")


def test_db_status_and_upgrade(tmp_path):
    from tests.store.test_migrations import older_database

    home = tmp_path / "home"
    url = f"sqlite:///{tmp_path / 'old.db'}"
    older_database(url).dispose()
    env = {"NEWSMT_DATABASE_URL": url}
    status = json.loads(newsmt("db", "status", "--json", home=home, env=env).stdout)
    assert status["current"] == "0006" and not status["up_to_date"]
    refused = newsmt("run", "--once", home=home, env=env)
    assert refused.returncode == 2 and "run `newsmt db upgrade`" in refused.stderr
    upgraded = newsmt("db", "upgrade", home=home, env=env)
    assert upgraded.returncode == 0 and "upgraded from revision 0006" in upgraded.stderr
    assert json.loads(newsmt("db", "status", "--json", home=home, env=env).stdout)["up_to_date"]
    again = newsmt("db", "upgrade", home=home, env=env)
    assert "already at revision" in again.stderr


def test_broker_passwords_never_reach_a_message():
    from newsmt.cli.worker_commands import redacted

    assert redacted("redis://:s3cret@redis-host:6379/0") == "redis://:***@redis-host:6379/0"
    assert redacted("redis://newsmt:s3cret@redis-host/1") == "redis://newsmt:***@redis-host/1"
    assert redacted("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
