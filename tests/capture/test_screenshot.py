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


def test_a_crashed_chromium_is_replaced(shooter, loopback, tmp_path):
    """kill -9 on the browser between two screenshots: the next one starts a new one."""
    import os
    import signal
    from pathlib import Path

    loopback.add("/a/5-x", "<html><body><h1>Seite</h1></body></html>")
    shooter.capture(loopback.base_url + "/a/5-x", tmp_path / "5.png", allowed_hosts=["127.0.0.1"])
    marker = f"--proxy-server={shooter.proxy.address}"
    killed = 0
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            os.kill(int(proc.name), signal.SIGKILL)
            killed += 1
    assert killed
    shot = shooter.capture(
        loopback.base_url + "/a/5-x", tmp_path / "6.png", allowed_hosts=["127.0.0.1"]
    )
    assert shot.full_page.exists()


def test_a_decompression_bomb_is_a_capture_error_not_a_crash(tmp_path):
    from newsmt.capture.screenshot import make_thumbnail

    bomb = tmp_path / "bomb.png"
    Image.new("1", (20_000, 12_000)).save(bomb)  # 240 megapixels, a few kB on disk
    with pytest.raises(CaptureError, match="exceeds"):
        make_thumbnail(bomb, tmp_path / "thumb.png")
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(CaptureError, match="thumbnail failed"):
        make_thumbnail(garbage, tmp_path / "thumb2.png")


def test_a_very_long_page_is_cut_at_the_height_limit(shooter, loopback, tmp_path):
    from newsmt.capture.screenshot import MAX_PAGE_HEIGHT

    loopback.add("/a/7-x", '<html><body><div style="height:200000px">lang</div></body></html>')
    shot = shooter.capture(
        loopback.base_url + "/a/7-x", tmp_path / "7.png", allowed_hosts=["127.0.0.1"]
    )
    with Image.open(shot.full_page) as full:
        assert full.height == MAX_PAGE_HEIGHT
