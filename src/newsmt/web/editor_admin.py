"""The editor area beyond the articles: sources and the pipeline dashboard."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from newsmt.sources.extract import adapter_names
from newsmt.sources.registry import SourceError, add_source
from newsmt.statuses import IMMEDIATELY, PUBLISH_MODE_DE, PUBLISH_MODES
from newsmt.store import Article, Source
from newsmt.store.audit import audit
from newsmt.translate.engine import ENGINES
from newsmt.web.charts import bar_chart, line_chart
from newsmt.web.editor import DB, Checked, LoggedIn, page, require_admin

router = APIRouter(include_in_schema=False)


# -- sources -------------------------------------------------------------------------------
@router.get("/edit/quellen", response_class=HTMLResponse)
def sources_page(
    request: Request, session: DB, web_session: LoggedIn, error: str | None = None
) -> HTMLResponse:
    sources = session.scalars(select(Source).order_by(Source.id)).all()
    return page(
        request,
        "edit/sources.html",
        web_session,
        sources=sources,
        engines=ENGINES,
        adapters=adapter_names(),
        modes=PUBLISH_MODE_DE,
        error=error,
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
    publish: Annotated[str, Form(max_length=20)] = IMMEDIATELY,
) -> Response:
    require_admin(web_session)
    db = request.app.state.db
    with db.session() as session:  # what the form does not show stays as it was
        known = session.scalar(select(Source).where(Source.name == name))
        kept = (known.edition_priority, known.poll_interval) if known else (None, None)
    try:
        add_source(
            db,
            feed_url=feed_url,
            name=name,
            label=label,
            adapter=adapter,
            lang=lang or None,
            engine=engine or None,
            edition_priority=kept[0],
            poll_interval=kept[1],
            publish=publish,
        )
    except SourceError as exc:
        return RedirectResponse(f"/edit/quellen?error={quote(str(exc))}", status_code=303)
    with db.session() as session:
        audit(session, web_session.user.name, "source saved", name, f"publish {publish}")
    return RedirectResponse("/edit/quellen", status_code=303)


@router.post("/edit/quellen/{source_id}/veroeffentlichung")
def set_publish_mode(
    request: Request,
    session: DB,
    web_session: Checked,
    source_id: Annotated[int, PathParam(ge=1, le=2_147_483_647)],
    publish: Annotated[str, Form(max_length=20)],
) -> Response:
    require_admin(web_session)
    source = session.get(Source, source_id)
    if source is None:
        raise HTTPException(404, "Quelle nicht gefunden.")
    if publish not in PUBLISH_MODES:
        raise HTTPException(422, "Unbekannte Veröffentlichungsart.")
    source.publish_mode = None if publish == IMMEDIATELY else publish
    audit(session, web_session.user.name, "publish mode", source.name, publish)
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
        raise HTTPException(404, "Quelle nicht gefunden.")
    source.active = not source.active
    audit(session, web_session.user.name, "source active" if source.active else "source paused",
          source.name)  # fmt: skip
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
