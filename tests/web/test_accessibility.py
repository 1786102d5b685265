"""WCAG 2 A/AA checks with axe-core in Chromium on the public and the editor pages:
labels, contrast, landmarks, names of links and buttons, document language."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmt.capture.screenshot import CHROMIUM_ARGS

from .conftest import PASSWORD
from .test_browser import live  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = (Path(__file__).parents[1] / "fixtures" / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.evaluate(AXE)
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_pages_pass_axe(live):  # noqa: F811
    base, _settings = live
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        # axe is injected by the test, so this context (only) ignores the site's CSP
        page = browser.new_context(bypass_csp=True).new_page()
        found: dict[str, list[str]] = {}
        for path in ("/", "/artikel/1", "/suche?q=Charkiw", "/login"):
            page.goto(base + path)
            found[path] = violations(page)
        page.goto(base + "/login")
        page.get_by_label("Name").fill("boss")  # an admin sees every page
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(base + "/edit/")
        box = page.get_by_label("Absatz 1 bearbeiten")  # an edit: diffs and a revision
        page.goto(base + "/edit/artikel/1")
        box.fill("Wolodymyr Selenskyj ist in Charkiw eingetroffen.")
        box.press("Control+Enter")
        page.get_by_role("status").filter(has_text="gespeichert").wait_for()
        page.locator("#comment-text").fill("Bitte Zahl prüfen")
        page.get_by_role("button", name="Kommentieren").click()
        page.wait_for_load_state()
        for path in (
            "/edit/",
            "/edit/artikel/1",
            "/edit/artikel",
            "/edit/artikel?status=published&sortierung=alt",
            "/edit/artikel/1/vergleich",
            "/edit/namen?q=Charkiw&preview=1",
            "/edit/quellen",
            "/edit/dashboard",
            "/edit/benutzer",
            "/edit/protokoll",
            "/edit/angemeldet",
            "/edit/artikel/999",
        ):
            page.goto(base + path)
            found[path] = violations(page)
        browser.close()
    assert {path: v for path, v in found.items() if v} == {}
