"""Many editors at once on one article: no save is lost, none overwrites text its editor
never saw, and no decision is taken on a view that is out of date (SQLite and
PostgreSQL)."""

from __future__ import annotations

import re
import threading

from fastapi.testclient import TestClient
from sqlalchemy import select

from newsmt.editorial import accounts
from newsmt.editorial.decisions import text_version
from newsmt.store import Article, Revision

from .conftest import PASSWORD, csrf_of, login

# the body's paragraphs share one column: a save that wrote back the whole column would
# lose its neighbours' text
PARAGRAPHS = ("block-0", "block-1", "block-2", "block-3", "title")
ROUNDS = 4


def editors(web, count: int) -> list[tuple[TestClient, str]]:  # type: ignore[no-untyped-def]
    client, _, db = web
    with db.session() as session:
        for n in range(count):
            accounts.add_user(session, f"editor{n}", PASSWORD, "editor")
    out = []
    for n in range(count):
        own = TestClient(client.app)
        login(own, f"editor{n}")
        out.append((own, csrf_of(own, "/edit/artikel/1")))
    return out


def at_once(team, edit) -> list[int]:  # type: ignore[no-untyped-def]
    """Every editor saves `edit(n)` (paragraph key, text) at the same moment."""
    barrier = threading.Barrier(len(team))
    answers: list[int] = []

    def save(n: int) -> None:
        client, token = team[n]
        key, text = edit(n)
        barrier.wait()
        answer = client.post(
            f"/edit/artikel/1/absatz/{key}",
            data={"csrf_token": token, "text": text},
            headers={"HX-Request": "true"},
        )
        answers.append(answer.status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(team))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_editors_saving_different_paragraphs_at_once_all_survive(web):
    """N editors × M rounds: in every round each editor saves another paragraph of the
    same article at the same moment; afterwards every paragraph has its editor's text."""
    _, _, db = web
    with db.session() as session:
        article = session.get(Article, 1)
        article.blocks = [{"kind": "p", "text": f"Абзац {n}.", "links": []} for n in range(4)]
        article.blocks_de = [{"kind": "p", "text": f"Absatz {n}.", "links": []} for n in range(4)]
    team = editors(web, len(PARAGRAPHS))
    for round_ in range(ROUNDS):
        answers = at_once(
            team, lambda n, r=round_: (PARAGRAPHS[n], f"Runde {r}: Text von Redakteur {n}.")
        )
        assert answers == [200] * len(team)
        with db.session() as session:
            article = session.get(Article, 1)
            texts = [b["text"] for b in article.blocks_de] + [article.title_de]
            assert texts == [f"Runde {round_}: Text von Redakteur {n}." for n in range(5)]
    with db.session() as session:
        saved = session.scalars(select(Revision).where(Revision.action == "edit")).all()
        assert len(saved) == ROUNDS * len(PARAGRAPHS)
    for client, _ in team:
        client.close()


def test_a_save_against_an_older_version_of_the_paragraph_is_refused_and_shown(web):
    """Two editors open the same paragraph; the first saves; the second's save, written
    against text they never saw, is refused with 409 and a page with both texts and a
    word diff, so nothing typed is lost."""
    (first, first_token), (second, second_token) = editors(web, 2)
    _, _, db = web
    form = second.get("/edit/artikel/1").text
    basis = re.search(r'name="basis" value="([0-9a-f]+)"', form[form.index('id="block-0"') :])
    assert basis is not None, "the form carries the version it was written against"
    assert basis.group(1) == text_version("Wolodymyr Selenskyj kam in Charkiw an.")
    saved = first.post(
        "/edit/artikel/1/absatz/block-0",
        data={"csrf_token": first_token, "text": "Selenskyj traf in Charkiw ein.",
              "basis": basis.group(1)},
    )  # fmt: skip
    assert saved.status_code in (200, 303)
    refused = second.post(
        "/edit/artikel/1/absatz/block-0",
        data={"csrf_token": second_token, "text": "Selenskyj kam gestern in Charkiw an.",
              "basis": basis.group(1)},
    )  # fmt: skip
    assert refused.status_code == 409
    assert "Selenskyj kam gestern in Charkiw an." in refused.text  # their own text
    assert "Selenskyj traf in Charkiw ein." in refused.text  # the current text
    assert "<del>" in refused.text and "<ins>" in refused.text  # and what differs
    with db.session() as session:
        assert session.get(Article, 1).blocks_de[0]["text"] == "Selenskyj traf in Charkiw ein."
    fragment = second.post(
        "/edit/artikel/1/absatz/block-0",
        data={"csrf_token": second_token, "text": "Noch ein Versuch.", "basis": basis.group(1)},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 409 and "Noch ein Versuch." in fragment.text


def test_a_decision_on_an_outdated_view_is_refused(web):
    (first, first_token), (second, second_token) = editors(web, 2)
    _, _, db = web
    page = second.get("/edit/artikel/1").text
    seen = re.search(r'name="gesehen" value="([0-9a-f]+)"', page)
    assert seen is not None, "decision forms carry the view they were taken on"
    first.post(
        "/edit/artikel/1/absatz/title",
        data={"csrf_token": first_token, "text": "Ein neuer Titel."},
    )
    refused = second.post(
        "/edit/artikel/1/freigeben",
        data={"csrf_token": second_token, "gesehen": seen.group(1)},
        follow_redirects=False,
    )
    assert refused.status_code == 409
    assert "inzwischen geändert" in refused.text
    with db.session() as session:
        assert session.get(Article, 1).review_status == "unreviewed"


def test_an_editor_s_own_save_keeps_their_view_current_and_another_s_does_not(web):
    """The desk moves its decision forms from the view before an editor's save to the view
    after it (desk.js follows the answer's headers): approving after one's own edit works,
    approving after someone else's edit in between is refused."""
    (first, first_token), (second, second_token) = editors(web, 2)
    _, _, db = web

    def save(client, token, key: str, text: str):  # type: ignore[no-untyped-def]
        answer = client.post(
            f"/edit/artikel/1/absatz/{key}",
            data={"csrf_token": token, "text": text},
            headers={"HX-Request": "true"},
        )
        assert answer.status_code == 200
        return answer.headers["X-Newsmt-View-Before"], answer.headers["X-Newsmt-View"]

    page = first.get("/edit/artikel/1").text
    seen = re.search(r'name="gesehen" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    before, after = save(first, first_token, "title", "Der Titel der Ersten.")
    assert before == seen and after != seen
    # someone else saves another paragraph: the first editor's chain stops at `after`
    save(second, second_token, "block-0", "Der Absatz des Zweiten.")
    refused = first.post(
        "/edit/artikel/1/freigeben",
        data={"csrf_token": first_token, "gesehen": after},
        follow_redirects=False,
    )
    assert refused.status_code == 409
    # seen afresh, and then one's own save only: the decision goes through
    page = first.get("/edit/artikel/1").text
    seen = re.search(r'name="gesehen" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    before, after = save(first, first_token, "title", "Der Titel, noch einmal.")
    assert before == seen
    approved = first.post(
        "/edit/artikel/1/freigeben",
        data={"csrf_token": first_token, "gesehen": after},
        follow_redirects=False,
    )
    assert approved.status_code == 303
    with db.session() as session:
        assert session.get(Article, 1).review_status == "approved"


def test_an_article_without_german_text_cannot_be_approved_single_or_bulk(web):
    client, _, db = web
    with db.session() as session:
        article = session.get(Article, 2)
        article.status, article.stage, article.title_de = "failed", "captured", None
        article.blocks_de = article.lead_de = article.background_de = None
        article.attempts = 1
    login(client, "boss")
    token = csrf_of(client, "/edit/artikel/2")
    refused = client.post("/edit/artikel/2/freigeben", data={"csrf_token": token})
    assert refused.status_code == 409 and "keinen deutschen Text" in refused.text
    bulk = client.post(
        "/edit/artikel/sammel",
        data={"csrf_token": token, "action": "freigeben", "ids": ["2", "3"]},
        follow_redirects=False,
    )
    assert bulk.status_code == 303 and "erledigt=1&uebersprungen=1" in bulk.headers["location"]
    with db.session() as session:
        assert session.get(Article, 2).review_status == "unreviewed"
        assert session.get(Article, 3).review_status == "approved"
