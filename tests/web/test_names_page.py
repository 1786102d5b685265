"""The names page under editors' mistakes: what would break the names files is refused
with a German reason, a bad row written by hand is skipped and listed (articles still
get their names step, the preview and "anwenden" still answer), and editors change and
delete their own entries, admins any, each audited."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from newsmt.editorial import accounts
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.stages import names as names_step
from newsmt.store import Article, AuditEntry

from .conftest import PASSWORD, csrf_of, login

PLACES = "name_uk\tkind\taliases_ru\taliases_uk\tenglish\n"


def audited(db, action: str) -> list[tuple[str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        return [(r.user, r.target, r.detail) for r in rows]


def test_an_entry_of_only_spaces_is_refused_with_a_german_reason(web):
    client, settings, _ = web
    login(client)
    token = csrf_of(client, "/edit/namen")
    answer = client.post(
        "/edit/namen/ort", data={"csrf_token": token, "name_uk": "   ", "aliases_ru": "Харьков"}
    )
    assert answer.status_code == 422
    assert '<p class="error" role="alert">Ukrainisch fehlt (nur Leerzeichen zählen nicht).' in (
        answer.text
    )
    assert 'value="Харьков"' in answer.text  # what the editor typed is still in the form
    answer = client.post(
        "/edit/namen/person", data={"csrf_token": token, "name_uk": " ", "name_ru": "\t"}
    )
    assert answer.status_code == 422
    assert "Eine ukrainische oder russische Form fehlt." in answer.text
    for field, value, why in [
        ("name_uk", "Київ\tKyiv", "enthält einen Tabulator"),
        ("name_uk", "Х", "mindestens zwei Buchstaben"),
        ("house", "Kyiv|Kiew", "senkrechten Strich"),
        ("name_uk", "К" * 201, "höchstens 200 Zeichen"),
    ]:
        data = {"csrf_token": token, "name_uk": "Тестове", field: value}
        answer = client.post("/edit/namen/ort", data=data)
        assert answer.status_code == 422 and why in answer.text, (field, value)
    assert not (settings.names_dir / "places-extra.tsv").exists()
    assert not (settings.names_dir / "persons.tsv").exists()


def test_a_bad_row_written_by_hand_is_listed_and_articles_still_get_their_names_step(web):
    """The incident: a place of spaces in the editors' file failed every later article at
    the names step, `newsmt names apply`, the preview and "anwenden"."""
    client, settings, db = web
    settings.names_dir.mkdir(parents=True)
    (settings.names_dir / "places-extra.tsv").write_text(
        PLACES + "   \tcity\t\t\t\n", encoding="utf-8"
    )
    (settings.names_dir / "established.tsv").write_text(
        "kind\tsource\thouse_de\treason\nplace\tХарків\tCharkow\tby hand\n", encoding="utf-8"
    )
    login(client)
    page = client.get("/edit/namen?preview=1")
    assert page.status_code == 200
    assert f"{settings.names_dir / 'places-extra.tsv'}, Zeile 2: name_uk fehlt" in page.text
    assert "Zeile entfernen" not in page.text  # an editor sees it, an admin removes it
    assert "<del>Charkiw</del><ins>Charkow</ins>" in page.text
    token = csrf_of(client, "/edit/namen")
    answer = client.post("/edit/namen/anwenden", data={"csrf_token": token})
    assert answer.status_code == 200 and "Namensschritt angewandt." in answer.text
    with db.session() as session:
        assert (
            session.get(Article, 1).blocks_de[0]["text"] == "Wolodymyr Selenskyj kam in Charkow an."
        )
        # the pipeline's names step on an article fresh from the engine
        article = session.get(Article, 2)
        article.title_de = "Selenski besuchte Charkiw"
        names_step(PipelineContext(settings=settings, db=db), session, article)
        assert article.title_de == "Selenskyj besuchte Charkow"
    # and the command line, on the same editors' files
    line = {
        "src_lang": "ru",
        "src": "Зеленский прибыл в Харьков.",
        "mt": "Selenski kam in Charkiw an.",
    }
    result = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "names", "apply"],
        input=json.dumps(line, ensure_ascii=False) + "\n",
        capture_output=True,
        text=True,
        env={"NEWSMT_HOME": str(settings.home), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["fixed"] == "Selenskyj kam in Charkow an."
    assert "places-extra.tsv, Zeile 2" in result.stderr
    # an admin removes the row from the page
    login(client, "boss")
    page = client.get("/edit/namen").text
    form = re.search(r'action="/edit/namen/zeile".*?</form>', page).group(0)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    answer = client.post("/edit/namen/zeile", data=fields)
    assert "Zeile aus der Datei entfernt." in answer.text and "Zeile 2" not in answer.text
    assert (settings.names_dir / "places-extra.tsv").read_text(encoding="utf-8") == PLACES
    assert [(u, t) for u, t, _ in audited(db, "names line removed")] == [
        ("boss", "places-extra.tsv:2")
    ]


def test_editors_edit_and_delete_their_own_entries_admins_any_each_audited(web):
    client, settings, db = web
    with db.session() as session:
        accounts.add_user(session, "carl", PASSWORD, "editor")
    login(client)
    token = csrf_of(client, "/edit/namen")
    client.post(
        "/edit/namen/ort",
        data={
            "csrf_token": token,
            "name_uk": "Тестове",
            "aliases_ru": "Тестово",
            "house": "Testowe",
        },
    )
    assert audited(db, "place saved") == [("anna", "Тестове", "Testowe")]
    listed = client.get("/edit/namen", params={"q": "Testowe"}).text
    assert "angelegt von anna" in listed and 'aria-label="Testowe löschen"' in listed
    # anna opens her entry: the form holds it as the file has it, and saving replaces it
    form = client.get("/edit/namen", params={"bearbeiten": "place:Тестове"}).text
    assert 'name="original" value="place:Тестове"' in form and 'value="Тестово"' in form
    answer = client.post(
        "/edit/namen/ort",
        data={"csrf_token": token, "original": "place:Тестове", "name_uk": "Тестове",
              "aliases_ru": "Тестово|Тестовое", "house": "Testowo"},
    )  # fmt: skip
    assert answer.status_code == 200 and "Gespeichert." in answer.text
    assert audited(db, "place changed") == [("anna", "Тестове", "Testowo")]
    places = (settings.names_dir / "places-extra.tsv").read_text(encoding="utf-8")
    assert places.count("Тестове") == 1 and "Тестово|Тестовое" in places
    # carl, another editor, may neither change nor delete it
    login(client, "carl")
    token = csrf_of(client, "/edit/namen")
    listed = client.get("/edit/namen", params={"q": "Testowo"}).text
    assert "angelegt von anna" in listed and "Testowo löschen" not in listed
    answer = client.post("/edit/namen/loeschen", data={"csrf_token": token, "key": "place:Тестове"})
    assert answer.status_code == 403
    assert "Diesen Eintrag hat anna angelegt" in answer.text
    answer = client.post("/edit/namen/ort", data={"csrf_token": token, "name_uk": "Тестове"})
    assert answer.status_code == 403
    # anna deletes her entry; an admin deletes carl's
    login(client)
    token = csrf_of(client, "/edit/namen")
    answer = client.post("/edit/namen/loeschen", data={"csrf_token": token, "key": "place:Тестове"})
    assert answer.status_code == 200 and "Eintrag gelöscht" in answer.text
    assert "Testowo" not in client.get("/edit/namen", params={"q": "Тестове"}).text
    assert audited(db, "place deleted") == [("anna", "Тестове", "angelegt von anna")]
    login(client, "carl")
    token = csrf_of(client, "/edit/namen")
    client.post("/edit/namen/person", data={"csrf_token": token, "name_ru": "Карл Тестов"})
    login(client, "boss")
    token = csrf_of(client, "/edit/namen")
    answer = client.post(
        "/edit/namen/loeschen", data={"csrf_token": token, "key": "person:Карл Тестов"}
    )
    assert answer.status_code == 200 and "Eintrag gelöscht" in answer.text
    assert audited(db, "name deleted") == [("boss", "Карл Тестов", "angelegt von carl")]
    assert "Карл Тестов" not in (settings.names_dir / "persons.tsv").read_text(encoding="utf-8")


FIELDS = ("name_uk", "aliases_ru", "kind", "house", "name_ru", "latin", "country", "role")


@given(values=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), min_size=1))
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_of_the_names_page_makes_a_server_error(web, values):
    """Arbitrary text in the person and place forms: saved or refused in German, and the
    page, its preview and the names step answer afterwards."""
    client, _, _ = web
    editor = TestClient(client.app, raise_server_exceptions=False)
    login(editor)
    token = csrf_of(editor, "/edit/namen")
    for path in ("/edit/namen/ort", "/edit/namen/person"):
        answer = editor.post(path, data={"csrf_token": token, **values}, follow_redirects=False)
        assert answer.status_code in (303, 422), (path, values, answer.text[:300])
    assert editor.get("/edit/namen?preview=1").status_code == 200
    answer = editor.post("/edit/namen/anwenden", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
