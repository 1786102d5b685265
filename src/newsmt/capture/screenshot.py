"""Screenshots of the original page: full-page PNG plus a thumbnail.

Playwright drives Debian's Chromium (Playwright's own browser download is neither
needed nor wanted). Requests to hosts the newsroom did not add are aborted inside the
browser too, so a screenshot never makes the machine contact a third party (ads,
trackers, CDNs): the picture shows the page as served by the source's own hosts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from newsmt.sources.fetch import host_allowed

log = logging.getLogger("newsmt.capture")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
THUMBNAIL_WIDTH = 320
THUMBNAIL_MAX_HEIGHT = 480


class CaptureError(Exception):
    """The page could not be captured; recorded on the article, publication goes on."""


@dataclass
class Screenshot:
    full_page: Path
    thumbnail: Path


class Screenshotter:
    """One Chromium per run, started on first use and reused for every article."""

    def __init__(
        self, chromium_path: str, *, timeout_ms: int = 30_000, viewport_width: int = 1280
    ) -> None:
        self.chromium_path = chromium_path
        self.timeout_ms = timeout_ms
        self.viewport_width = viewport_width
        self._playwright = None
        self._browser = None

    def _ensure_browser(self):  # type: ignore[no-untyped-def]
        if self._browser is None:
            if not Path(self.chromium_path).exists():
                raise CaptureError(
                    f"Chromium not found at {self.chromium_path}: install Debian's `chromium` "
                    "package or set NEWSMT_CHROMIUM_PATH"
                )
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=self.chromium_path, headless=True, args=CHROMIUM_ARGS
            )
        return self._browser

    def capture(self, url: str, target: Path, *, allowed_hosts: Iterable[str]) -> Screenshot:
        from playwright.sync_api import Error as PlaywrightError

        allowed = list(allowed_hosts)
        try:
            browser = self._ensure_browser()
            context = browser.new_context(
                viewport={"width": self.viewport_width, "height": 900},
                java_script_enabled=True,
                locale="uk-UA",
            )
        except PlaywrightError as exc:
            raise CaptureError(f"could not start Chromium: {exc}") from exc
        try:
            page = context.new_page()

            def guard(route) -> None:  # type: ignore[no-untyped-def]
                host = urlsplit(route.request.url).hostname or ""
                if route.request.url.startswith("data:") or host_allowed(host, allowed):
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", guard)
            response = page.goto(url, wait_until="load", timeout=self.timeout_ms)
            if response is None or response.status >= 400:
                status = response.status if response else "no response"
                raise CaptureError(f"original page answered {status}")
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), full_page=True, timeout=self.timeout_ms)
        except PlaywrightError as exc:
            raise CaptureError(f"screenshot failed: {exc.message.splitlines()[0]}") from exc
        finally:
            context.close()
        thumbnail = target.with_name(target.stem + "-thumb.png")
        make_thumbnail(target, thumbnail)
        return Screenshot(full_page=target, thumbnail=thumbnail)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = None


def make_thumbnail(source: Path, target: Path) -> None:
    """The top of the page, scaled to a fixed width: what a reader recognises."""
    with Image.open(source) as image:
        ratio = THUMBNAIL_WIDTH / image.width
        crop_height = min(image.height, int(THUMBNAIL_MAX_HEIGHT / ratio))
        top = image.crop((0, 0, image.width, crop_height))
        top.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT))
        top.save(target, format="PNG", optimize=True)
