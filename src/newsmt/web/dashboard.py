"""The pipeline dashboard: articles per day, the delay from the source's publication to
ours, names corrected, and failures with links to the failed articles.

Charts are drawn by Chart.js (vendored under /static/vendor, MIT) from numbers in data
attributes, by /static/dashboard.js: no inline script, and Chart.js sets its canvas
sizes through the CSSOM, which the CSP's style-src 'self' allows. Every chart has its
numbers in a table beside it, for screen readers and for browsers without JavaScript.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Annotated

from annotated_types import Ge, Le
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from sqlalchemy import select

from newsmt.pipeline.table import STAGE_DE
from newsmt.statuses import FAILED
from newsmt.store import Article
from newsmt.web.deps import DB, AsciiDigits
from newsmt.web.editor import LoggedIn, page

router = APIRouter(include_in_schema=False)
Days = Annotated[int, Ge(1), Le(90), AsciiDigits, Query()]  # the charts cover 1 to 90 days


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def duration(minutes: float | None) -> str:
    """A delay as an editor says it: minutes, hours or days, whichever reads best."""
    if minutes is None:
        return "–"
    if minutes < 90:
        return f"{minutes:.0f} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h".replace(".", ",")
    return f"{minutes / 1440:.1f} Tage".replace(".", ",")


def unit_for(values: list[float | None]) -> tuple[str, float]:
    """The unit a delay chart's axis uses, and the divisor from minutes."""
    top = max((v for v in values if v is not None), default=0.0)
    if top < 90:
        return "Minuten", 1.0
    if top < 48 * 60:
        return "Stunden", 60.0
    return "Tage", 1440.0


def chart(kind: str, title: str, labels: list[str], series: dict[str, list[float | None]],
          unit: str) -> Markup:  # fmt: skip
    """A canvas Chart.js draws, its numbers in data attributes (never inline script)."""
    data = json.dumps({"type": kind, "labels": labels, "series": series, "unit": unit})
    return Markup(
        f'<canvas class="chart" role="img" aria-label="{escape(title)}" '
        f'data-chart="{escape(data)}"></canvas>'
    )


@router.get("/edit/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request, session: DB, web_session: LoggedIn, days: Days = 14
) -> HTMLResponse:
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
        assert a.published_at is not None
        day = a.published_at.date().isoformat()
        per_day[day] += 1
        names_per_day[day] += len(a.name_changes or [])
        if a.source_published_at:
            latency[day].append((a.published_at - a.source_published_at).total_seconds() / 60)
    failed = session.scalars(select(Article).where(Article.status == FAILED)).all()
    by_stage = Counter(a.error_stage or "?" for a in failed)
    examples: dict[tuple[str, str], list[int]] = defaultdict(list)
    for a in failed:
        examples[(a.error_stage or "?", (a.error or "")[:120])].append(a.id)
    reasons = sorted(examples.items(), key=lambda item: -len(item[1]))[:20]
    all_latency = [v for values in latency.values() for v in values]
    short = [f"{label[8:10]}.{label[5:7]}." for label in labels]  # 01.12.
    median = [statistics.median(latency[d]) if latency[d] else None for d in labels]
    p95 = [percentile(latency[d], 0.95) for d in labels]
    unit, divisor = unit_for(median + p95)
    scaled = {
        "Median": [None if v is None else round(v / divisor, 2) for v in median],
        "95. Perzentil": [None if v is None else round(v / divisor, 2) for v in p95],
    }
    stages = sorted(by_stage)
    return page(
        request,
        "edit/dashboard.html",
        web_session,
        days=days,
        per_day_chart=chart(
            "bar",
            "Veröffentlichte Artikel pro Tag",
            short,
            {"Artikel": [per_day[d] for d in labels]},
            "Artikel",
        ),  # fmt: skip
        latency_chart=chart("line", f"Verzögerung in {unit}", short, scaled, unit),
        names_chart=chart(
            "bar",
            "Korrigierte Namen pro Tag",
            short,
            {"Namen": [names_per_day[d] for d in labels]},
            "Namen",
        ),  # fmt: skip
        failures_chart=chart(
            "bar",
            "Fehlgeschlagene Artikel nach Schritt",
            [STAGE_DE.get(s, s) for s in stages],
            {"Artikel": [by_stage[s] for s in stages]},
            "Artikel",
        ),  # fmt: skip
        reasons=reasons,
        stage_names=STAGE_DE,
        by_stage=[(s, STAGE_DE.get(s, s), by_stage[s]) for s in stages],
        median_latency=duration(statistics.median(all_latency) if all_latency else None),
        p95_latency=duration(percentile(all_latency, 0.95)),
        per_day=[
            (label, per_day[d], names_per_day[d], duration(m), duration(p))
            for label, d, m, p in zip(short, labels, median, p95, strict=True)
        ],
    )
