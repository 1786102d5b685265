"""The desk's flows in a real browser (Debian's Chromium, the site's CSP in force): text
survives an expired session, unsaved changes are warned about, Ctrl+Enter and "save
all", reject asks for a reason and a confirmation, the list's bulk actions, diffs and
restores, the dashboard's charts, and admins disabling a user."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from newsmt.store import Article, WebSession

from .conftest import PASSWORD
from .test_browser import live, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def log_in(page, base: str, name: str = "anna", target: str = "/edit/") -> None:  # noqa: F811
    page.goto(f"{base}/login?next={target}")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{base}{target}")


def watch(page) -> list[str]:  # noqa: F811
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def saved(page, key: str) -> None:  # noqa: F811
    page.locator(f"tr#{key} .saved").wait_for()


def test_typed_text_survives_session_expiry_and_is_never_left(live, web, page):  # noqa: F811
    base, _ = live
    db = web[2]
    problems = watch(page)
    log_in(page, base)
    page.goto(f"{base}/edit/artikel/1")
    lead, body = page.get_by_label("Lead bearbeiten"), page.get_by_label("Absatz 1 bearbeiten")
    lead.fill("Der Präsident traf Soldaten an der Front.")
    body.fill("Wolodymyr Selenskyj ist in Charkiw eingetroffen.")
    # approving with unsaved text asks first; "no" keeps the editor on the page
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Freigeben").click()
    assert asked and "nicht gespeichert" in asked[0]
    assert page.url == f"{base}/edit/artikel/1"
    # the session expires while the editor types
    with db.session() as session:
        session.execute(delete(WebSession))
    page.get_by_role("button", name="Alle speichern").click()
    page.locator("#session-expired").wait_for(state="visible")
    assert lead.input_value() == "Der Präsident traf Soldaten an der Front."  # nothing lost
    # log in again in another tab, come back, save
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="In neuem Tab anmelden").click()
    tab = opened.value
    tab.wait_for_load_state()
    tab.get_by_label("Name").fill("anna")
    tab.get_by_label("Passwort").fill(PASSWORD)
    tab.get_by_role("button", name="Anmelden").click()
    tab.wait_for_url(f"{base}/edit/angemeldet")
    tab.close()
    page.get_by_role("button", name="Jetzt speichern").click()
    saved(page, "lead")
    saved(page, "block-0")
    with db.session() as session:
        article = session.get(Article, 1)
        assert article.lead_de == "Der Präsident traf Soldaten an der Front."
        assert article.blocks_de[0]["text"] == "Wolodymyr Selenskyj ist in Charkiw eingetroffen."
    # Ctrl+Enter saves the paragraph being written
    title = page.get_by_label("Titel bearbeiten")
    title.fill("Selenskyj in Charkiw eingetroffen")
    title.press("Control+Enter")
    saved(page, "title")
    with db.session() as session:
        assert session.get(Article, 1).title_de == "Selenskyj in Charkiw eingetroffen"
    # leaving with unsaved text: the browser's own warning
    title.press_sequentially(" heute")
    kinds: list[str] = []
    page.once("dialog", lambda d: (kinds.append(d.type), d.accept()))
    page.get_by_role("link", name="Prüfliste").click()
    page.wait_for_url(f"{base}/edit/")
    assert kinds == ["beforeunload"]
    assert [p for p in problems if "401" not in p] == [], problems  # the 401 was expected


def test_reject_needs_a_reason_and_a_confirmation_and_can_be_undone(live, page):  # noqa: F811
    base, _ = live
    problems = watch(page)
    log_in(page, base)
    page.goto(f"{base}/edit/artikel/2")
    page.get_by_role("button", name="Ablehnen / zurückziehen").click()
    assert page.url == f"{base}/edit/artikel/2"  # the browser asks for the reason first
    page.get_by_label("Grund der Ablehnung").fill("Meldung ist überholt")
    page.get_by_role("button", name="Ablehnen / zurückziehen").click()
    assert page.url == f"{base}/edit/artikel/2"  # and for the confirmation
    page.get_by_label("Ja, vom Netz nehmen").check()
    page.get_by_role("button", name="Ablehnen / zurückziehen").click()
    page.wait_for_url(f"{base}/edit/artikel/1?ok=abgelehnt&von=2")
    assert page.locator("#flash").inner_text() == "Artikel 2 abgelehnt und zurückgezogen."
    assert page.request.get(f"{base}/artikel/2").status == 404
    page.goto(f"{base}/edit/artikel/2")
    assert "Meldung ist überholt" in page.locator("ol.revisions").inner_text()
    page.get_by_role("button", name="Wiederherstellen").click()
    page.wait_for_url(f"{base}/edit/artikel/2?ok=wiederhergestellt")
    assert page.locator("#review-status").inner_text() == "ungeprüft"
    assert page.request.get(f"{base}/artikel/2").status == 200
    assert problems == [], problems


def test_the_list_filters_and_approves_in_bulk(live, web, page):  # noqa: F811
    base, _ = live
    db = web[2]
    log_in(page, base, target="/edit/artikel")
    page.get_by_label("Suche (Deutsch und Quelle)").fill("Харьков")  # the source's word
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url(f"{base}/edit/artikel?q=*")
    assert page.locator("tbody tr").count() == 3
    page.get_by_label("Artikel 1 auswählen").check()
    page.get_by_label("Artikel 3 auswählen").check()
    page.get_by_role("button", name="Freigeben").click()
    page.locator(".flash", has_text="2 Artikel erledigt.").wait_for()
    assert "Status=published" not in page.url and "status=published" in page.url  # kept
    with db.session() as session:
        reviews = dict(session.execute(select(Article.id, Article.review_status)).all())
    assert reviews == {1: "approved", 2: "unreviewed", 3: "approved"}


def test_diffs_show_the_change_and_a_revision_is_restored(live, web, page):  # noqa: F811
    base, _ = live
    db = web[2]
    log_in(page, base, target="/edit/artikel/1")
    body = page.get_by_label("Absatz 1 bearbeiten")
    body.fill("Wolodymyr Selenskyj traf in Charkiw ein.")
    body.press("Control+Enter")
    saved(page, "block-0")
    page.locator("tr#block-0 details.diff summary").click()
    diff = page.locator("tr#block-0 details.diff")
    assert diff.locator("del").first.inner_text() == "kam"
    assert diff.locator("ins").first.inner_text() == "traf"
    page.reload()
    page.get_by_role("button", name="Text vor dieser Änderung wiederherstellen").click()
    page.wait_for_url(f"{base}/edit/artikel/1?ok=version#block-0")
    assert (
        page.locator("tr#block-0 .german").inner_text() == "Wolodymyr Selenskyj kam in Charkiw an."
    )
    with db.session() as session:
        assert (
            session.get(Article, 1).blocks_de[0]["text"] == "Wolodymyr Selenskyj kam in Charkiw an."
        )


def test_dashboard_charts_are_drawn_under_the_csp(live, page):  # noqa: F811
    base, _ = live
    problems = watch(page)
    log_in(page, base, target="/edit/dashboard")
    for days in (90, 1):  # one day alone is still drawn
        page.goto(f"{base}/edit/dashboard?days={days}")
        page.wait_for_function("document.querySelectorAll('canvas.chart').length === 4")
        painted = page.evaluate(
            """() => Array.from(document.querySelectorAll('canvas.chart')).map(c => {
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })"""
        )
        assert all(n > 500 for n in painted), (days, painted)
        assert page.evaluate("typeof Chart") == "function"
    assert problems == [], problems  # no CSP violation, no script error


def test_an_admin_disables_a_user_in_the_browser(live, page):  # noqa: F811
    base, _ = live
    log_in(page, base, "anna")
    anna = page
    other = page.context.browser.new_context().new_page()
    log_in(other, base, "boss", "/edit/benutzer")
    other.get_by_role("button", name="deaktivieren").first.click()
    other.locator(".flash", has_text="deaktiviert").wait_for()
    anna.goto(f"{base}/edit/")
    assert anna.url.startswith(f"{base}/login")  # her session ended
    other.goto(f"{base}/edit/protokoll")
    assert "Benutzer deaktiviert" in other.locator("table.audit").inner_text()


def test_working_together_claims_and_comments(live, page):  # noqa: F811
    base, _ = live
    log_in(page, base, "boss", "/edit/artikel/1")
    page.get_by_role("button", name="Bearbeitung übernehmen").click()
    page.wait_for_url(f"{base}/edit/artikel/1?ok=uebernommen")
    page.get_by_label("Kommentar").fill("Ich prüfe die Zahlen")
    page.get_by_role("button", name="Kommentieren").click()
    page.wait_for_url(f"{base}/edit/artikel/1?ok=kommentiert#kommentare")
    anna = page.context.browser.new_context().new_page()
    log_in(anna, base, "anna", "/edit/")
    row = anna.locator("tr", has_text="Selenskyj besuchte Charkiw (1)")
    assert "boss bearbeitet gerade" in row.inner_text()
    assert "boss: Ich prüfe die Zahlen" in row.inner_text()
    anna.goto(f"{base}/edit/artikel/1")
    assert "boss bearbeitet gerade" in anna.locator("#claim").inner_text()
    page.get_by_role("button", name="Bearbeitung beenden").click()
    page.wait_for_url(f"{base}/edit/artikel/1?ok=abgegeben")
    anna.reload()
    assert anna.locator("#claim").count() == 0


def test_names_page_finds_edits_and_previews_before_and_after(live, page):  # noqa: F811
    base, _ = live
    log_in(page, base, "anna", "/edit/namen")
    page.get_by_label("Name in beliebiger Schreibung").fill("Kharkiv")
    page.get_by_role("search", name="Namen suchen").get_by_role("button", name="Suchen").click()
    row = page.locator("table.names tbody tr").first
    assert "Charkiw" in row.inner_text() and "Харків" in row.inner_text()
    row.get_by_role("link", name="bearbeiten").click()
    assert page.locator("#o-uk").input_value() == "Харків"  # the form is filled for a fix
    page.locator("#o-house").fill("Charkow")
    page.get_by_role("button", name="Ort speichern").click()
    page.wait_for_url(f"{base}/edit/namen?preview=1&ok=gespeichert")
    assert page.get_by_role("status").filter(has_text="Gespeichert.").is_visible()
    preview = page.locator("section.preview").first
    assert preview.locator("td del").first.inner_text() == "Charkiw"
    assert preview.locator("td ins").first.inner_text() == "Charkow"


def test_retry_publishing_mode_and_search_in_any_spelling(live, web, page):  # noqa: F811
    base, _ = live
    db = web[2]
    with db.session() as session:
        article = session.get(Article, 1)
        article.status, article.error_stage, article.error = "failed", "captured", "Timeout"
    log_in(page, base, "boss", "/edit/artikel/1")
    page.get_by_role("button", name="Erneut versuchen").click()
    page.wait_for_url(f"{base}/edit/artikel/1?ok=wiederholt")
    assert "in Arbeit" in page.locator("main").inner_text()
    page.goto(f"{base}/edit/quellen")
    page.get_by_label("Veröffentlichung für korr-ru").select_option("after-approval")
    page.get_by_role("button", name="ändern").click()
    page.wait_for_url(f"{base}/edit/quellen?ok=1")
    assert page.get_by_role("status").filter(has_text="Gespeichert.").is_visible()
    assert page.get_by_label("Veröffentlichung für korr-ru").input_value() == "after-approval"
    page.goto(f"{base}/")
    page.get_by_label("Suche", exact=True).fill("Zelensky")  # neither German nor the source
    page.get_by_role("banner").get_by_role("button", name="Suchen").click()
    page.wait_for_url(f"{base}/suche?q=Zelensky")
    assert "Selenskyj besuchte Charkiw (2)" in page.locator("main").inner_text()


def test_the_riskiest_article_comes_first_and_its_risky_sentence_is_marked(live, web, page):  # noqa: F811
    base, _ = live
    db = web[2]
    with db.session() as session:
        article = session.get(Article, 2)
        article.risk = 0.8
        article.risks = [
            {"where": "block 0", "sentence": "Wolodymyr Selenskyj kam in Charkiw an.", "risk": 0.8,
             "reasons": ["Konfidenz der Engine 20 %"], "confidence": 0.2},
        ]  # fmt: skip
    log_in(page, base)
    first = page.locator("table.queue tbody tr").first
    assert "Selenskyj besuchte Charkiw (2)" in first.inner_text() and "80" in first.inner_text()
    first.get_by_role("link", name="Selenskyj besuchte Charkiw (2)").click()
    page.wait_for_url(f"{base}/edit/artikel/2")
    marked = page.locator("tr#block-0 span.risky")
    assert marked.is_visible() and marked.inner_text() == "Wolodymyr Selenskyj kam in Charkiw an."
    assert "Konfidenz der Engine 20 %" in page.locator("tr#block-0 ul.risks").inner_text()
    assert page.locator("#article-risk").inner_text() == "80 von 100"
