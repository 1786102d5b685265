"""Screenshots with Debian's real Chromium, against pages on loopback."""

from __future__ import annotations

import pytest
from PIL import Image

from newsmt.capture import CaptureError, Screenshotter
from newsmt.demo import sample

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shooter():
    instance = Screenshotter("/usr/bin/chromium", timeout_ms=15_000)
    yield instance
    instance.close()


def test_full_page_png_and_thumbnail(shooter, loopback, tmp_path):
    loopback.add("/a/1-x", sample("ru-article.html"))
    loopback.add("/img/photo.png", sample("photo.png"), content_type="image/png")
    shot = shooter.capture(
        loopback.base_url + "/a/1-x", tmp_path / "1.png", allowed_hosts=["127.0.0.1"]
    )
    with Image.open(shot.full_page) as full, Image.open(shot.thumbnail) as thumb:
        assert full.format == "PNG" and full.width == 1280 and full.height >= 600
        assert thumb.width == 320 and thumb.height <= 480
    assert "/img/photo.png" in [h.path for h in loopback.hits]  # same-host image loaded


def test_requests_to_other_hosts_are_blocked_in_the_browser(shooter, loopback, tmp_path):
    port = loopback.base_url.rsplit(":", 1)[1]
    loopback.add(
        "/a/2-x",
        f'<html><body><h1>Seite</h1><img src="http://localhost:{port}/tracker.gif"></body></html>',
    )
    loopback.add("/tracker.gif", b"GIF89a", content_type="image/gif")
    shooter.capture(loopback.base_url + "/a/2-x", tmp_path / "2.png", allowed_hosts=["127.0.0.1"])
    assert "/tracker.gif" not in [h.path for h in loopback.hits]


def test_error_page_is_a_capture_error(shooter, loopback, tmp_path):
    with pytest.raises(CaptureError, match="404"):
        shooter.capture(
            loopback.base_url + "/gone", tmp_path / "3.png", allowed_hosts=["127.0.0.1"]
        )


def test_missing_chromium_is_a_clear_capture_error(loopback, tmp_path):
    broken = Screenshotter("/nonexistent/chromium")
    with pytest.raises(CaptureError, match="Chromium not found at /nonexistent/chromium"):
        broken.capture(loopback.base_url + "/", tmp_path / "4.png", allowed_hosts=["127.0.0.1"])
