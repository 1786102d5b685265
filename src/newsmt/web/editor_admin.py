"""The editor area beyond the queue: house style, sources, the pipeline dashboard."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from newsmt.names import StyleError, load_styles
from newsmt.names.house_style import house_styler
from newsmt.pipeline.context import active_names_style
from newsmt.sources.registry import SourceError, add_source
from newsmt.store import AppSetting, Article, Source
from newsmt.translate.engine import ENGINES
from newsmt.web.charts import bar_chart, line_chart
from newsmt.web.editing import Editing, paragraphs
from newsmt.web.editor import DB, Checked, LoggedIn, page, require_admin, settings_of
from newsmt.web.public import article_href

router = APIRouter(include_in_schema=False)

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


def styler_for(request: Request, session):  # type: ignore[no-untyped-def]
    settings = settings_of(request)
    return house_styler(active_names_style(session, settings), settings.names_dir)


def affected(session, styler) -> list[tuple[Article, int]]:  # type: ignore[no-untyped-def]
    """Published articles whose German text the current house style would change."""
    found = []
    for article in session.scalars(select(Article).where(Article.status == "published")):
        lang = article.lang or "ru"
        n = sum(
            styler.apply(p.source, p.german, lang, report_unknown=False).fixed != p.german
            for p in paragraphs(article)
            if p.source and p.german
        )
        if n:
            found.append((article, n))
    return found


@router.get("/edit/namen", response_class=HTMLResponse)
def names_page(
    request: Request, session: DB, web_session: LoggedIn, preview: int = 0
) -> HTMLResponse:
    names_dir = settings_of(request).names_dir
    styles = load_styles(names_dir / "styles.yaml")
    style = active_names_style(session, settings_of(request))
    rows = affected(session, styler_for(request, session)) if preview else None
    return page(
        request,
        "edit/names.html",
        web_session,
        styles=styles,
        style=style,
        affected=rows,
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
        raise HTTPException(422, "a Ukrainian or Russian form is needed")
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
    return RedirectResponse("/edit/namen?preview=1", status_code=303)


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
    return RedirectResponse("/edit/namen?preview=1", status_code=303)


@router.post("/edit/namen/stil")
def choose_style(
    request: Request, session: DB, web_session: Checked, style: Annotated[str, Form(max_length=60)]
) -> Response:
    require_admin(web_session)
    names_dir = settings_of(request).names_dir
    if style not in load_styles(names_dir / "styles.yaml"):
        raise HTTPException(422, f"unknown style {style!r}")
    setting = session.get(AppSetting, "names_style") or AppSetting(key="names_style", value=style)
    setting.value = style
    session.add(setting)
    return RedirectResponse("/edit/namen?preview=1", status_code=303)


@router.post("/edit/namen/anwenden")
def rerun_names(request: Request, session: DB, web_session: Checked) -> Response:
    try:
        styler = styler_for(request, session)
    except StyleError as exc:
        raise HTTPException(422, str(exc)) from exc
    editing = Editing(settings_of(request), request.app.state.db)
    published = session.scalars(select(Article).where(Article.status == "published")).all()
    for article in published:  # rerun_names leaves articles the style does not change alone
        editing.rerun_names(session, article, web_session.user.name, styler)
    session.commit()
    editing.rebuild_static_index()
    return RedirectResponse("/edit/namen?preview=1", status_code=303)


# -- sources -------------------------------------------------------------------------------
@router.get("/edit/quellen", response_class=HTMLResponse)
def sources_page(
    request: Request, session: DB, web_session: LoggedIn, error: str | None = None
) -> HTMLResponse:
    sources = session.scalars(select(Source).order_by(Source.id)).all()
    return page(
        request, "edit/sources.html", web_session, sources=sources, engines=ENGINES, error=error
    )


@router.post("/edit/quellen")
def save_source(
    request: Request,
    web_session: Checked,
    feed_url: Annotated[str, Form(max_length=2000)],
    name: Annotated[str, Form(max_length=200)],
    label: Annotated[str, Form(max_length=200)],
    adapter: Annotated[str, Form(max_length=40)] = "generic",
    lang: Annotated[str, Form(max_length=8)] = "",
    engine: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    require_admin(web_session)
    try:
        add_source(
            request.app.state.db,
            feed_url=feed_url,
            name=name,
            label=label,
            adapter=adapter,
            lang=lang or None,
            engine=engine or None,
        )
    except SourceError as exc:
        return RedirectResponse(f"/edit/quellen?error={exc}", status_code=303)
    return RedirectResponse("/edit/quellen", status_code=303)


@router.post("/edit/quellen/{source_id}/aktiv")
def toggle_source(
    request: Request,
    session: DB,
    web_session: Checked,
    source_id: Annotated[int, PathParam(ge=1, le=2_147_483_647)],
) -> Response:
    require_admin(web_session)
    source = session.get(Source, source_id)
    if source is None:
        raise HTTPException(404, "no such source")
    source.active = not source.active
    return RedirectResponse("/edit/quellen", status_code=303)


# -- dashboard -----------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@router.get("/edit/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, session: DB, web_session: LoggedIn, days: int = 14) -> HTMLResponse:
    days = max(1, min(days, 90))
    today = datetime.now(UTC).date()
    labels = [(today - timedelta(days=d)).isoformat() for d in range(days - 1, -1, -1)]
    since = datetime.now(UTC) - timedelta(days=days)
    published = session.scalars(
        select(Article).where(Article.published_at.is_not(None), Article.published_at >= since)
    ).all()
    per_day: Counter[str] = Counter()
    names_per_day: Counter[str] = Counter()
    latency: dict[str, list[float]] = defaultdict(list)
    for a in published:
        day = a.published_at.date().isoformat()  # type: ignore[union-attr]
        per_day[day] += 1
        names_per_day[day] += len(a.name_changes or [])
        if a.source_published_at:
            latency[day].append((a.published_at - a.source_published_at).total_seconds() / 60)  # type: ignore[operator]
    failed = session.scalars(select(Article).where(Article.status == "failed")).all()
    by_stage = Counter(a.error_stage or "?" for a in failed)
    reasons = Counter((a.error_stage or "?", (a.error or "")[:120]) for a in failed).most_common(20)
    all_latency = [v for values in latency.values() for v in values]
    short = [label[5:] for label in labels]
    return page(
        request,
        "edit/dashboard.html",
        web_session,
        per_day_chart=bar_chart(
            "Veröffentlichte Artikel pro Tag",
            [(s, per_day[day]) for s, day in zip(short, labels, strict=True)],
        ),
        latency_chart=line_chart(
            "Verzögerung Quelle → Veröffentlichung (Minuten)",
            short,
            {
                "Median": [statistics.median(latency[d]) if latency[d] else None for d in labels],
                "95. Perzentil": [percentile(latency[d], 0.95) for d in labels],
            },
        ),
        failures_chart=bar_chart("Fehler nach Stufe", sorted(by_stage.items())),
        names_chart=bar_chart(
            "Korrigierte Namen pro Tag",
            [(s, names_per_day[day]) for s, day in zip(short, labels, strict=True)],
        ),
        reasons=reasons,
        median_latency=statistics.median(all_latency) if all_latency else None,
        p95_latency=percentile(all_latency, 0.95),
        per_day=[(d, per_day[d], names_per_day[d]) for d in labels],
    )
