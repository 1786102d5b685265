"""The editor's round trip in a real browser (Debian's Chromium via Playwright): log in,
open the queue, edit a paragraph (htmx, under the CSP), approve, and see the public
page's disclaimer change — checked in a screenshot, not only in the HTML."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from PIL import Image, ImageStat

from newsmt.capture.screenshot import CHROMIUM_ARGS

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(web):
    client, settings, db = web
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(client.app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # a loaded machine starts slowly; wait on the signal
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", settings
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="de-DE"
        )  # a phone
        page = context.new_page()
        yield page
        browser.close()


def test_editor_round_trip_in_chromium(live, page, tmp_path):
    base, settings = live
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{base}/artikel/1")
    assert "weder überprüft" in page.locator("#disclaimer").inner_text()

    page.goto(f"{base}/edit/")
    assert page.url.startswith(f"{base}/login")
    page.keyboard.press("Tab")  # keyboard users land on the skip link first
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.get_by_label("Name").fill("anna")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{base}/edit/")
    assert page.get_by_role("heading", name="Zu prüfen (3)").is_visible()

    page.get_by_role("link", name="Selenskyj besuchte Charkiw (1)").click()
    page.wait_for_url(f"{base}/edit/artikel/1")
    box = page.get_by_label("Absatz 1 bearbeiten")
    box.fill("Wolodymyr Selenskyj ist in Charkiw eingetroffen.")
    box.locator("xpath=..").get_by_role("button", name="Speichern").click()
    page.get_by_role("status").filter(has_text="gespeichert").wait_for()  # swapped in by htmx
    assert "ist in Charkiw eingetroffen" in page.locator("tr#block-0 .german").inner_text()

    page.get_by_role("button", name="Freigeben").click()
    page.wait_for_url(f"{base}/edit/artikel/2?ok=freigegeben&von=1")  # on to the next one
    assert page.locator("#flash").inner_text() == "Artikel 1 freigegeben."
    page.goto(f"{base}/edit/artikel/1")
    assert page.locator("#review-status").inner_text() == "freigegeben"

    page.goto(f"{base}/artikel/1")
    disclaimer = page.locator("#disclaimer")
    assert "von der Redaktion von Ukraine-Nachrichten überprüft" in disclaimer.inner_text()
    assert disclaimer.is_visible()
    assert "ist in Charkiw eingetroffen" in page.locator("article").inner_text()

    shot = tmp_path / "public-article.png"
    page.screenshot(path=str(shot))  # the first screen, as a reader sees it
    bbox = disclaimer.bounding_box()
    assert bbox is not None and bbox["y"] + bbox["height"] <= 844, (
        "disclaimer below the first screen"
    )
    image = Image.open(shot).convert("RGB")
    scale = image.width / 390
    region = image.crop(
        tuple(
            int(v * scale)
            for v in (bbox["x"], bbox["y"], bbox["x"] + bbox["width"], bbox["y"] + bbox["height"])
        )
    )
    # the reviewed disclaimer is drawn: green-tinted box with dark text in it
    data = region.tobytes()
    dark = sum(1 for i in range(0, len(data), 3) if data[i] + data[i + 1] + data[i + 2] < 200)
    assert dark > 200, "no text pixels where the disclaimer is"
    assert ImageStat.Stat(region).mean[1] > ImageStat.Stat(region).mean[0]  # green background
    assert problems == [], problems
