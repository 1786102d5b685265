"""Screenshots of the original page: full-page PNG plus a thumbnail.

Playwright drives Debian's Chromium (Playwright's own browser download is neither
needed nor wanted). Every connection Chromium makes goes through `GuardProxy`, which
lets through only the article's own hosts and ports, by every route (navigation,
subresources and their redirects, iframes, fetch, WebSocket, popups, prefetch), and
never to a name that resolves to a private address; service workers are blocked and
popups closed. Playwright's request routing stays as a second, in-page line. So a
screenshot never makes the machine contact a third party or an internal service: the
picture shows the page as served by the source's own hosts.

Images are decoded with explicit limits: the page is captured at most MAX_PAGE_HEIGHT
pixels tall, and a PNG over MAX_PIXELS is refused before it is decoded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image

from newsmt.capture.guard_proxy import GuardProxy, Resolver, system_resolver
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
# For screenshots of other people's pages only: everything through the guard proxy.
GUARD_ARGS = [
    "--disable-features=NetworkPrediction,Prerender2,DnsOverHttps",
    "--dns-prefetch-disable",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    # Nothing may go direct: loopback is proxied too, and names resolve to nothing.
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the proxy itself
]
THUMBNAIL_WIDTH = 320
THUMBNAIL_MAX_HEIGHT = 480
MAX_PAGE_HEIGHT = 16_000  # pixels of page captured; longer pages are cut
MAX_PIXELS = 1280 * MAX_PAGE_HEIGHT * 2  # refuse anything larger before decoding


class CaptureError(Exception):
    """The page could not be captured; recorded on the article, publication goes on."""


@dataclass
class Screenshot:
    full_page: Path
    thumbnail: Path


class Screenshotter:
    """One Chromium per run, started on first use and reused for every article."""

    def __init__(
        self,
        chromium_path: str,
        *,
        timeout_ms: int = 30_000,
        viewport_width: int = 1280,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.chromium_path = chromium_path
        self.timeout_ms = timeout_ms
        self.viewport_width = viewport_width
        self.resolver = resolver
        self.proxy: GuardProxy | None = None
        self._playwright: Any = None
        self._browser: Any = None

    def _ensure_browser(self) -> Any:
        if self._browser is not None and not self._browser.is_connected():
            log.warning("Chromium is gone; starting a new one")
            self._close_browser()
        if self._browser is None:
            if not Path(self.chromium_path).exists():
                raise CaptureError(
                    f"Chromium not found at {self.chromium_path}: install Debian's `chromium` "
                    "package or set NEWSMT_CHROMIUM_PATH"
                )
            from playwright.sync_api import sync_playwright

            if self.proxy is None:
                self.proxy = GuardProxy(self.resolver)
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=self.chromium_path,
                headless=True,
                args=[*CHROMIUM_ARGS, *GUARD_ARGS, f"--proxy-server={self.proxy.address}"],
            )
        return self._browser

    def capture(self, url: str, target: Path, *, allowed_hosts: Iterable[str]) -> Screenshot:
        from playwright.sync_api import Error as PlaywrightError

        allowed = list(allowed_hosts)
        context = None
        for attempt in (1, 2):  # a crashed Chromium is replaced once, then it is an error
            try:
                browser = self._ensure_browser()
                context = browser.new_context(
                    viewport={"width": self.viewport_width, "height": 900},
                    java_script_enabled=True,
                    locale="uk-UA",
                    service_workers="block",
                )
                break
            except PlaywrightError as exc:
                self._close_browser()
                if attempt == 2:
                    raise CaptureError(f"could not start Chromium: {exc}") from exc
        assert context is not None and self.proxy is not None
        self.proxy.allow(url, allowed)
        try:
            page = context.new_page()
            context.on("page", _close_popup)  # every page after the article's own

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
            height = int(page.evaluate("document.documentElement.scrollHeight") or 900)
            page.screenshot(
                path=str(target),
                full_page=True,
                timeout=self.timeout_ms,
                clip={
                    "x": 0,
                    "y": 0,
                    "width": self.viewport_width,
                    "height": max(1, min(height, MAX_PAGE_HEIGHT)),
                },
            )
        except PlaywrightError as exc:
            raise CaptureError(f"screenshot failed: {exc.message.splitlines()[0]}") from exc
        finally:
            try:
                context.close()
            except PlaywrightError:
                self._close_browser()
        thumbnail = target.with_name(target.stem + "-thumb.png")
        make_thumbnail(target, thumbnail)
        return Screenshot(full_page=target, thumbnail=thumbnail)

    def _close_browser(self) -> None:
        for closer in (self._browser, self._playwright):
            try:
                if closer is self._playwright and closer is not None:
                    closer.stop()
                elif closer is not None:
                    closer.close()
            except Exception:  # a crashed browser may fail to close; it is gone anyway
                log.debug("closing Chromium failed", exc_info=True)
        self._browser = self._playwright = None

    def close(self) -> None:
        self._close_browser()
        if self.proxy is not None:
            self.proxy.close()
            self.proxy = None


def _close_popup(page: Any) -> None:
    """window.open and target=_blank pages are never needed for the picture."""
    try:
        page.close()
    except Exception:
        log.debug("closing a popup failed", exc_info=True)


def make_thumbnail(source: Path, target: Path) -> None:
    """The top of the page, scaled to a fixed width: what a reader recognises. The size is
    checked before anything is decoded: a decompression bomb is a CaptureError."""
    try:
        _thumbnail(source, target)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise CaptureError(f"thumbnail failed: {exc}") from exc


def _thumbnail(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        if image.width * image.height > MAX_PIXELS:
            raise CaptureError(
                f"screenshot of {image.width}×{image.height} pixels exceeds {MAX_PIXELS} pixels"
            )
        ratio = THUMBNAIL_WIDTH / image.width
        crop_height = min(image.height, int(THUMBNAIL_MAX_HEIGHT / ratio))
        top = image.crop((0, 0, image.width, crop_height))
        top.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT))
        top.save(target, format="PNG", optimize=True)
