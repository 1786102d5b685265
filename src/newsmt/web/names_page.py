"""The names page: every person and place the names step knows (built-in and the
editors' own, searchable in any spelling), edits that go to the editors' files under
NEWSMT_HOME/names, the active style, and a preview of each paragraph the change would
touch, before and after.

Every input is checked by the rules of the names files (names/rows.py) and refused with a
German reason instead of written; rows of those files that break the rules (written by
hand) are listed, and admins can remove them here. Editors change and delete their own
entries, admins any (names/editors.py); each change is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.editorial import Editing, paragraphs
from newsmt.names import StyleError
from newsmt.names.editors import (
    EDITABLE_FILES,
    EditorEntry,
    NotAllowed,
    delete_entry,
    delete_line,
    editor_entries,
    line_digest,
    save_person,
    save_place,
)
from newsmt.names.gazetteer import Entity
from newsmt.names.house_style import HouseStyler, house_styler
from newsmt.names.rows import EntryError, LoadProblem, read_text, split_lines
from newsmt.names.styles import load_styles_reporting
from newsmt.pipeline.context import active_names_style
from newsmt.statuses import HELD, PUBLISHED
from newsmt.store import AppSetting, Article, WebSession
from newsmt.store.audit import audit
from newsmt.store.spelling import spelling_key
from newsmt.web.deps import DB
from newsmt.web.diffs import word_diff
from newsmt.web.editor import Checked, LoggedIn, page, require_admin, settings_of
from newsmt.web.public import article_href

router = APIRouter(include_in_schema=False)
KINDS = {"person": "Personen", "place": "Orte", "oblast": "Gebiete"}
PER_PAGE = 50
NOTES = {
    "gespeichert": "Gespeichert. Die Vorschau zeigt, was sich in veröffentlichten Artikeln ändert.",
    "stil": "Stil gewählt.",
    "angewandt": "Namensschritt angewandt.",
    "geloescht": "Eintrag gelöscht; kennen die mitgelieferten Daten den Namen, gelten sie.",
    "zeile": "Zeile aus der Datei entfernt.",
}
FORM_LIMIT = 2000  # longer bodies are refused outright; the rules of rows.py say the rest

# the articles a new house style reaches: those on the site and those waiting for approval
# (they are published in the house style of the day they are approved)
RESTYLED = (PUBLISHED, HELD)


def styler_for(request: Request, session):  # type: ignore[no-untyped-def]
    settings = settings_of(request)
    return house_styler(active_names_style(session, settings), settings.names_dir)


def affected(session, styler) -> list[tuple[Article, list[tuple[str, Markup]]]]:  # type: ignore[no-untyped-def]
    """Articles the current house style would change, each with the paragraphs it
    changes: the text before and after, as a word diff."""
    found = []
    for article in session.scalars(select(Article).where(Article.status.in_(RESTYLED))):
        lang = article.lang or "ru"
        paragraphs_changed = []
        for p in paragraphs(article):
            if p.source and p.german:
                fixed = styler.apply(p.source, p.german, lang, report_unknown=False).fixed
                if fixed != p.german:
                    paragraphs_changed.append((p.label, word_diff(p.german, fixed)))
        if paragraphs_changed:
            found.append((article, paragraphs_changed))
    return found


def editor_of(entity: Entity, entries: dict[str, EditorEntry]) -> EditorEntry | None:
    """The editors' entry behind an entity: by its key, or by its Russian name (a house
    form set for the Russian spelling)."""
    found = entries.get(entity.key)
    if found is None and entity.name_ru:
        found = entries.get(f"{entity.kind}:{entity.name_ru}")
    return found


def all_entries(
    styler: HouseStyler, entries: dict[str, EditorEntry], web_session: WebSession
) -> list[dict[str, str]]:
    """Every person and place the names step knows, built-in and the editors' (theirs
    first), with the German form the active style writes and why, and whether this user
    may change or delete the editors' entry behind it."""
    user, admin = web_session.user.name, web_session.user.role == "admin"
    out = []
    for entity in styler.gazetteer.entities.values():
        house, why = styler.gazetteer.house_form(entity, styler.style)
        editor = editor_of(entity, entries)
        out.append(
            {
                "key": entity.key,
                "kind": entity.kind,
                "name_uk": entity.name_uk,
                "name_ru": entity.name_ru,
                "latin": entity.latin,
                "english": entity.english,
                "country": entity.country,
                "house": house,
                "why": why,
                "origin": "Redaktion" if editor else "mitgeliefert",
                "editor_key": editor.key if editor else "",
                "owner": editor.owner if editor else "",
                "changeable": "ja" if editor is None or editor.may_change(user, admin) else "",
            }  # fmt: skip
        )
    out.sort(key=lambda e: (e["origin"] != "Redaktion", e["house"].casefold()))
    return out


def form_values(entry: dict[str, str], editor: EditorEntry | None) -> dict[str, str]:
    """The person or place form filled for a fix: an editors' entry as its file has it
    (so saving replaces it), a shipped one as the names step sees it (saving adds the
    editors' correction)."""
    main = editor.main if editor else {}
    house = (editor.house if editor else "") or entry["house"]
    if entry["kind"] == "person":
        return {
            "kind": "person",
            "original": editor.key if editor else "",
            "name_uk": entry["name_uk"],
            "name_ru": entry["name_ru"],
            "latin": main.get("latin") or entry["latin"],
            "country": entry["country"],
            "role": main.get("role", ""),
            "house": house,
        }
    return {
        "kind": "place",
        "original": editor.key if editor else "",
        "name_uk": entry["name_uk"],
        "aliases_ru": main.get("aliases_ru") or entry["name_ru"],
        "place_kind": main.get("kind") or "city",
        "house": house,
    }


def load_problems(problems: list[LoadProblem], names_dir: Path) -> list[dict[str, object]]:
    """The rows the names step skips, for the page: where, why, the line itself, and for
    a row of a file the page writes, what an admin needs to remove it."""
    out: list[dict[str, object]] = []
    lines_of: dict[Path, list[str]] = {}
    for problem in problems:
        item: dict[str, object] = {"problem": str(problem), "file": "", "line": problem.line}
        path = Path(problem.file)
        if problem.line and path.parent == names_dir and path.name in EDITABLE_FILES:
            if path not in lines_of:
                lines_of[path] = split_lines(read_text(path, path.name)[0])
            lines = lines_of[path]
            if problem.line <= len(lines):
                text = lines[problem.line - 1]
                item.update(file=path.name, text=text[:300], digest=line_digest(text))
        out.append(item)
    return out


def matching(listed: list[dict[str, str]], q: str, kind: str) -> list[dict[str, str]]:
    """The entries of one kind found by a search in any spelling."""
    wanted = q.casefold().strip()
    key = spelling_key(q) if wanted else ""
    out = []
    for entry in listed:
        if kind and entry["kind"] != kind:
            continue
        spellings = [entry[f] for f in ("name_uk", "name_ru", "latin", "english", "house")]
        if wanted and not (
            any(wanted in s.casefold() for s in spellings if s)
            or (key and any(spelling_key(s) == key for s in spellings if s))
        ):
            continue
        out.append(entry)
    return out


def show(
    request: Request,
    session: Session,
    web_session: WebSession,
    *,
    preview: int = 0,
    q: str = "",
    art: str = "",
    seite: int = 1,
    bearbeiten: str = "",
    form: dict[str, str] | None = None,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The names page; after a refused save, with the editor's input in its form and
    the reason (`error`) above it."""
    names_dir = settings_of(request).names_dir
    styles, style_problems = load_styles_reporting(names_dir / "styles.yaml")
    style = active_names_style(session, settings_of(request))
    try:
        styler = styler_for(request, session)
    except StyleError as exc:  # the active style is gone from the editors' styles.yaml
        styler = house_styler("default", names_dir)
        error = error or f"Der aktive Stil ist nicht verwendbar ({exc}); gezeigt wird default."
    entries = editor_entries(names_dir)
    everything = all_entries(styler, entries, web_session)
    listed = matching(everything, q, art if art in KINDS else "")
    seite = max(1, seite)
    shown = listed[(seite - 1) * PER_PAGE : seite * PER_PAGE]
    if form is None and bearbeiten:
        chosen = next((e for e in everything if e["key"] == bearbeiten), None)
        if chosen is not None and chosen["kind"] != "oblast" and chosen["changeable"]:
            form = form_values(chosen, entries.get(chosen["editor_key"]))
    response = page(
        request,
        "edit/names.html",
        web_session,
        styles=styles,
        style=style,
        affected=affected(session, styler) if preview else None,
        entries=shown,
        total=len(listed),
        q=q,
        art=art,
        kinds=KINDS,
        seite=seite,
        more=len(listed) > seite * PER_PAGE,
        f=form or {},
        problems=load_problems([*styler.gazetteer.problems, *style_problems], names_dir),
        message=message,
        error=error,
        href=article_href,
    )
    response.status_code = status
    return response


@router.get("/edit/namen", response_class=HTMLResponse)
def names_page(
    request: Request,
    session: DB,
    web_session: LoggedIn,
    preview: int = 0,
    q: str = "",
    art: str = "",
    seite: int = 1,
    bearbeiten: str = "",
    ok: str = "",
) -> HTMLResponse:
    return show(
        request,
        session,
        web_session,
        preview=preview,
        q=q,
        art=art,
        seite=seite,
        bearbeiten=bearbeiten,
        message=NOTES.get(ok),
    )


def _saved(
    request: Request, session: Session, web_session: WebSession, form: dict[str, str]
) -> Response:
    """Check and write a person or place from the page's form, audit it, or show the
    form again with the reason in German (422; 403 for someone else's entry)."""
    names_dir = settings_of(request).names_dir
    user, admin = web_session.user.name, web_session.user.role == "admin"
    person = form["kind"] == "person"
    try:
        if person:
            key, previous = save_person(names_dir, form, user, admin, form["original"])
        else:
            values = {**form, "kind": form["place_kind"]}
            key, previous = save_place(names_dir, values, user, admin, form["original"])
    except EntryError as exc:
        status = 403 if isinstance(exc, NotAllowed) else 422
        return show(request, session, web_session, form=form, error=str(exc), status=status)
    action = f"{'name' if person else 'place'} {'changed' if previous else 'saved'}"
    detail = form["house"] or (form.get("latin", "") if person else "")
    if previous is not None and previous.key != key:
        detail = f"{detail} (vorher {previous.key.split(':', 1)[1]})".strip()
    audit(session, user, action, key.split(":", 1)[1], detail)
    return RedirectResponse("/edit/namen?preview=1&ok=gespeichert", status_code=303)


FormText = Annotated[str, Form(max_length=FORM_LIMIT)]


@router.post("/edit/namen/person")
def add_person(
    request: Request,
    session: DB,
    web_session: Checked,
    name_uk: FormText = "",
    name_ru: FormText = "",
    latin: FormText = "",
    country: FormText = "UA",
    role: FormText = "",
    house: FormText = "",
    original: FormText = "",
) -> Response:
    form = {"kind": "person", "original": original, "name_uk": name_uk, "name_ru": name_ru}
    form |= {"latin": latin, "country": country, "role": role, "house": house}
    return _saved(request, session, web_session, form)


@router.post("/edit/namen/ort")
def add_place(
    request: Request,
    session: DB,
    web_session: Checked,
    name_uk: FormText = "",
    aliases_ru: FormText = "",
    kind: FormText = "city",
    house: FormText = "",
    original: FormText = "",
) -> Response:
    form = {"kind": "place", "original": original, "name_uk": name_uk}
    form |= {"aliases_ru": aliases_ru, "place_kind": kind, "house": house}
    return _saved(request, session, web_session, form)


@router.post("/edit/namen/loeschen")
def delete_name(
    request: Request, session: DB, web_session: Checked, key: FormText = ""
) -> Response:
    """Delete an editors' entry: its author or an admin."""
    user, admin = web_session.user.name, web_session.user.role == "admin"
    try:
        entry = delete_entry(settings_of(request).names_dir, key, user, admin)
    except EntryError as exc:
        status = 403 if isinstance(exc, NotAllowed) else 409
        return show(request, session, web_session, error=str(exc), status=status)
    action = "name deleted" if entry.kind == "person" else "place deleted"
    audit(session, user, action, key.split(":", 1)[1], f"angelegt von {entry.owner or '?'}")
    return RedirectResponse("/edit/namen?preview=1&ok=geloescht", status_code=303)


@router.post("/edit/namen/zeile")
def remove_line(
    request: Request,
    session: DB,
    web_session: Checked,
    datei: Annotated[str, Form(max_length=60)],
    zeile: Annotated[int, Form(ge=1, le=10_000_000)],
    pruefsumme: Annotated[str, Form(max_length=64)],
) -> Response:
    """Remove a row the names step skips from an editors' file (admins): the way back
    from a bad row without opening the file."""
    require_admin(web_session)
    try:
        text = delete_line(settings_of(request).names_dir, datei, zeile, pruefsumme)
    except EntryError as exc:
        return show(request, session, web_session, error=str(exc), status=409)
    audit(session, web_session.user.name, "names line removed", f"{datei}:{zeile}", text)
    return RedirectResponse("/edit/namen?ok=zeile", status_code=303)


@router.post("/edit/namen/stil")
def choose_style(
    request: Request, session: DB, web_session: Checked, style: Annotated[str, Form(max_length=60)]
) -> Response:
    require_admin(web_session)
    names_dir = settings_of(request).names_dir
    if style not in load_styles_reporting(names_dir / "styles.yaml")[0]:
        raise HTTPException(422, f"Unbekannter Stil {style!r}.")
    setting = session.get(AppSetting, "names_style") or AppSetting(key="names_style", value=style)
    setting.value = style
    session.add(setting)
    audit(session, web_session.user.name, "names style", style)
    return RedirectResponse("/edit/namen?preview=1&ok=stil", status_code=303)


@router.post("/edit/namen/anwenden")
def rerun_names(request: Request, session: DB, web_session: Checked) -> Response:
    try:
        styler = styler_for(request, session)
    except StyleError as exc:
        raise HTTPException(422, str(exc)) from exc
    editing = Editing(settings_of(request), request.app.state.db)
    articles = session.scalars(select(Article).where(Article.status.in_(RESTYLED))).all()
    changed = 0
    for article in articles:  # rerun_names leaves articles the style does not change alone
        changed += bool(editing.rerun_names(session, article, web_session.user.name, styler))
    audit(session, web_session.user.name, "names applied", f"{changed} articles")
    session.commit()
    editing.rebuild_static_index()
    return RedirectResponse("/edit/namen?preview=1&ok=angewandt", status_code=303)
