"""Diffs and restores: word by word between the machine's output and the current text,
per paragraph and for the whole article, between any two revisions; any revision can be
undone, and the undo is itself a revision."""

from __future__ import annotations

from sqlalchemy import select

from newsmt.store import Article, Revision
from newsmt.web.diffs import word_diff

from .conftest import csrf_of, login


def test_word_diff_marks_only_the_changed_words():
    diff = str(word_diff("Der Präsident kam in Kiew an.", "Der Präsident traf in Kyjiw ein."))
    assert diff == (
        "Der Präsident <del>kam</del><ins>traf</ins> in <del>Kiew</del><ins>Kyjiw</ins> "
        "<del>an</del><ins>ein</ins>."
    )
    assert "&lt;b&gt;" in str(word_diff("<b>", "<b>x"))  # text is escaped, never markup


def edit(client, token, key, text):  # type: ignore[no-untyped-def]
    client.post(f"/edit/artikel/1/absatz/{key}", data={"csrf_token": token, "text": text})


def test_machine_output_against_the_current_text_and_between_revisions(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/1")
    edit(client, token, "block-0", "Wolodymyr Selenskyj ist in Charkiw eingetroffen.")
    edit(client, token, "block-0", "Wolodymyr Selenskyj ist am Morgen in Charkiw eingetroffen.")
    edit(client, token, "lead", "Der Präsident traf Soldaten.")
    page = client.get("/edit/artikel/1").text
    # per paragraph: the machine's output against the current text
    assert "Geändert gegenüber der Maschine" in page
    assert "<del>kam</del><ins>ist</ins>" in page
    whole = client.get("/edit/artikel/1/vergleich").text  # default: machine → now
    assert whole.count('class="changed"') == 2  # the body paragraph and the lead
    assert "<del>kam</del><ins>ist am Morgen</ins>" in whole
    with db.session() as session:
        first, second, _ = session.scalars(
            select(Revision.id).where(Revision.article_id == 1).order_by(Revision.id)
        ).all()
    between = client.get(f"/edit/artikel/1/vergleich?von={first}&bis={second}").text
    assert between.count('class="changed"') == 1 and "ist<ins> am Morgen</ins> in" in between
    assert client.get("/edit/artikel/1/vergleich?von=999").status_code == 404


def test_any_revision_can_be_restored_and_the_restore_is_a_revision(web):
    client, _, db = web
    login(client)
    token = csrf_of(client, "/edit/artikel/1")
    edit(client, token, "block-0", "Erste Fassung.")
    edit(client, token, "block-0", "Zweite Fassung.")
    with db.session() as session:
        first = session.scalars(
            select(Revision.id).where(Revision.article_id == 1).order_by(Revision.id)
        ).first()
    restored = client.post(
        f"/edit/artikel/1/version/{first}", data={"csrf_token": token}, follow_redirects=False
    )
    assert restored.headers["location"] == "/edit/artikel/1?ok=version#block-0"
    with db.session() as session:
        assert (
            session.get(Article, 1).blocks_de[0]["text"] == "Wolodymyr Selenskyj kam in Charkiw an."
        )
        assert session.scalar(select(Revision.new).order_by(Revision.id.desc())) == (
            "Wolodymyr Selenskyj kam in Charkiw an."
        )
    assert "kam in Charkiw an" in client.get("/artikel/1").text  # public again
    assert client.post("/edit/artikel/2/version/1", data={"csrf_token": token}).status_code == 404
