"""The names page: every person and place the names step knows (built-in and the
editors' own, searchable in any spelling), edits that go to the editors' files under
NEWSMT_HOME/names, the active style, and a preview of each paragraph the change would
touch, before and after."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select

from newsmt.names import StyleError, load_styles
from newsmt.names.gazetteer import read_rows
from newsmt.names.house_style import house_styler
from newsmt.pipeline.context import active_names_style
from newsmt.statuses import HELD, PUBLISHED
from newsmt.store import AppSetting, Article
from newsmt.store.audit import audit
from newsmt.store.spelling import spelling_key
from newsmt.web.deps import DB
from newsmt.web.diffs import word_diff
from newsmt.web.editing import Editing, paragraphs
from newsmt.web.editor import Checked, LoggedIn, page, require_admin, settings_of
from newsmt.web.public import article_href

router = APIRouter(include_in_schema=False)
KINDS = {"person": "Personen", "place": "Orte", "oblast": "Gebiete"}
PER_PAGE = 50
NOTES = {
    "gespeichert": "Gespeichert. Die Vorschau zeigt, was sich in veröffentlichten Artikeln ändert.",
    "stil": "Stil gewählt.",
    "angewandt": "Namensschritt angewandt.",
}

FILES = {
    "person": ("persons.tsv", ["name_uk", "name_ru", "latin", "country", "role", "english"]),
    "place": ("places-extra.tsv", ["name_uk", "kind", "aliases_ru", "aliases_uk", "english"]),
    "established": ("established.tsv", ["kind", "source", "house_de", "reason"]),
}


def append_row(names_dir: Path, kind: str, row: dict[str, str]) -> None:
    name, columns = FILES[kind]
    names_dir.mkdir(parents=True, exist_ok=True)
    path = names_dir / name
    new = not path.exists()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    if new:
        writer.writerow(columns)
    writer.writerow([" ".join(row.get(c, "").split()) for c in columns])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())


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


def editors_names(names_dir: Path) -> set[str]:
    """Cyrillic names the editors' own files (NEWSMT_HOME/names) carry."""
    out: set[str] = set()
    for name, _ in FILES.values():
        path = names_dir / name
        if path.exists():
            for row in read_rows(path.read_text("utf-8")):
                out.update(v for k, v in row.items() if k in ("name_uk", "name_ru", "source") and v)
    return out


def all_entries(styler, names_dir: Path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Every person and place the names step knows, built-in and the editors' (theirs
    first), with the German form the active style writes and why."""
    ours = editors_names(names_dir)
    out = []
    for entity in styler.gazetteer.entities.values():
        house, why = styler.gazetteer.house_form(entity, styler.style)
        origin = "Redaktion" if {entity.name_uk, entity.name_ru} & ours else "mitgeliefert"
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
                "origin": origin,
            }  # fmt: skip
        )
    out.sort(key=lambda e: (e["origin"] != "Redaktion", e["house"].casefold()))
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
    names_dir = settings_of(request).names_dir
    styles = load_styles(names_dir / "styles.yaml")
    style = active_names_style(session, settings_of(request))
    styler = styler_for(request, session)
    everything = all_entries(styler, names_dir)
    listed = matching(everything, q, art if art in KINDS else "")
    seite = max(1, seite)
    shown = listed[(seite - 1) * PER_PAGE : seite * PER_PAGE]
    editing = next((e for e in everything if e["key"] == bearbeiten), None)
    return page(
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
        editing=editing,
        message=NOTES.get(ok),
        href=article_href,
    )


@router.post("/edit/namen/person")
def add_person(
    request: Request,
    web_session: Checked,
    name_uk: Annotated[str, Form(max_length=200)] = "",
    name_ru: Annotated[str, Form(max_length=200)] = "",
    latin: Annotated[str, Form(max_length=200)] = "",
    country: Annotated[str, Form(max_length=2)] = "UA",
    role: Annotated[str, Form(max_length=200)] = "",
    house: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if not (name_uk or name_ru):
        raise HTTPException(422, "Eine ukrainische oder russische Form fehlt.")
    names_dir = settings_of(request).names_dir
    append_row(
        names_dir,
        "person",
        {
            "name_uk": name_uk,
            "name_ru": name_ru,
            "latin": latin,
            "country": country.upper(),
            "role": role,
        },
    )
    if house:
        reason = f"set by {web_session.user.name} on {datetime.now(UTC).date()}"
        append_row(
            names_dir,
            "established",
            {"kind": "person", "source": name_uk or name_ru, "house_de": house, "reason": reason},
        )
    with request.app.state.db.session() as session:
        audit(session, web_session.user.name, "name saved", name_uk or name_ru, house or latin)
    return RedirectResponse("/edit/namen?preview=1&ok=gespeichert", status_code=303)


@router.post("/edit/namen/ort")
def add_place(
    request: Request,
    web_session: Checked,
    name_uk: Annotated[str, Form(min_length=1, max_length=200)],
    aliases_ru: Annotated[str, Form(max_length=500)] = "",
    kind: Annotated[str, Form(max_length=30)] = "city",
    house: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    names_dir = settings_of(request).names_dir
    append_row(names_dir, "place", {"name_uk": name_uk, "kind": kind, "aliases_ru": aliases_ru})
    if house:
        reason = f"set by {web_session.user.name} on {datetime.now(UTC).date()}"
        append_row(
            names_dir,
            "established",
            {"kind": "place", "source": name_uk, "house_de": house, "reason": reason},
        )
    with request.app.state.db.session() as session:
        audit(session, web_session.user.name, "place saved", name_uk, house)
    return RedirectResponse("/edit/namen?preview=1&ok=gespeichert", status_code=303)


@router.post("/edit/namen/stil")
def choose_style(
    request: Request, session: DB, web_session: Checked, style: Annotated[str, Form(max_length=60)]
) -> Response:
    require_admin(web_session)
    names_dir = settings_of(request).names_dir
    if style not in load_styles(names_dir / "styles.yaml"):
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
