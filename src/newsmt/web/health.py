"""`/healthz` for load balancers and `/metrics` for Prometheus, both read from the database,
so any web worker answers for the whole line (runners and workers write only there)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from newsmt.pipeline.table import NEXT_STAGE, STAGES
from newsmt.statuses import FAILED, PENDING
from newsmt.store import Article, ArticleEvent, Database, Source

router = APIRouter()
STAGE_SECONDS_BUCKETS = (
    0.01,
    0.05,
    0.1,
    0.5,
    1.0,
    2.0,
    5.0,
    10.0,
    30.0,
    60.0,
    120.0,
    300.0,
    float("inf"),
)
DURATION_WINDOW = timedelta(hours=24)  # stage durations of the last day
_MILLISECONDS = re.compile(r"^(\d+) ms$")
_ENGINE_TOKENS = re.compile(r"^(\d+) tokens in (\d+) ms$")


def discovery_state(session: Session, stale_after: timedelta) -> dict[str, Any]:
    """The newest successful poll of an active source. Stale when it is older than
    `stale_after`, counting from the oldest active source's creation before any success."""
    last = session.scalar(
        select(func.max(Source.last_polled_at)).where(
            Source.active.is_(True), Source.last_error.is_(None)
        )
    )
    since = last or session.scalar(
        select(func.min(Source.created_at)).where(Source.active.is_(True))
    )
    if since is None:  # no sources: nothing to discover
        return {"last_success": None, "age_seconds": None, "stale": False}
    age = datetime.now(UTC) - since.replace(tzinfo=since.tzinfo or UTC)
    return {
        "last_success": last.isoformat() if last else None,
        "age_seconds": round(age.total_seconds()),
        "stale": age > stale_after,
    }


def broker_state(url: str) -> str:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}"
    return "ok"


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> JSONResponse:
    """200 when the database answers and discovery is not stale; 503 otherwise, saying which."""
    settings = request.app.state.settings
    db: Database = request.app.state.db
    checks: dict[str, Any] = {}
    healthy = True
    try:
        with db.session() as session:
            session.execute(text("SELECT 1"))
            stale_after = timedelta(seconds=settings.discovery_stale_seconds)
            checks["discovery"] = discovery_state(session, stale_after)
        checks["database"] = "ok"
        healthy = not checks["discovery"]["stale"]
    except Exception as exc:  # a health check reports; it never raises
        checks["database"] = f"unavailable: {type(exc).__name__}"
        healthy = False
    if settings.broker_url:  # the distributed runner: its broker must answer too
        checks["broker"] = broker_state(settings.broker_url)
        healthy = healthy and checks["broker"] == "ok"
    body = {"status": "ok" if healthy else "failing", "checks": checks}
    return JSONResponse(body, status_code=200 if healthy else 503)


class LineCollector(Collector):
    """Computed at each scrape from the database: a bounded number of grouped queries."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[Any]:
        with self.db.session() as session:
            by_status = GaugeMetricFamily(
                "newsmt_articles", "Articles by status.", labels=["status"]
            )
            for status, count in session.execute(
                select(Article.status, func.count()).group_by(Article.status)
            ):
                by_status.add_metric([status], count)
            yield by_status
            failures = GaugeMetricFamily(
                "newsmt_failed_articles", "Failed articles by the stage they failed in.",
                labels=["stage"],
            )  # fmt: skip
            for stage, count in session.execute(
                select(Article.error_stage, func.count())
                .where(Article.status == FAILED)
                .group_by(Article.error_stage)
            ):
                failures.add_metric([stage or "unknown"], count)
            yield failures
            queue = GaugeMetricFamily(
                "newsmt_queue_depth", "Articles waiting for a stage.", labels=["stage"]
            )
            waiting = dict(
                session.execute(
                    select(Article.stage, func.count())
                    .where(Article.status == PENDING)
                    .group_by(Article.stage)
                ).all()
            )
            for done in STAGES[:-1]:
                queue.add_metric([NEXT_STAGE[done]], waiting.get(done, 0))
            yield queue
            yield self._durations(session)
            yield self._engine_speed(session)

    def _engine_speed(self, session: Session) -> GaugeMetricFamily:
        since = datetime.now(UTC) - DURATION_WINDOW
        tokens, milliseconds = 0, 0
        rows = session.scalars(
            select(ArticleEvent.message).where(
                ArticleEvent.outcome == "engine", ArticleEvent.created_at >= since
            )
        )
        for message in rows:
            if message and (match := _ENGINE_TOKENS.match(message)):
                tokens += int(match.group(1))
                milliseconds += int(match.group(2))
        family = GaugeMetricFamily(
            "newsmt_engine_tokens_per_second",
            "Target tokens the translation engine produced per second, over the last 24 hours.",
        )
        family.add_metric([], tokens / (milliseconds / 1000) if milliseconds else 0.0)
        return family

    def _durations(self, session: Session) -> HistogramMetricFamily:
        since = datetime.now(UTC) - DURATION_WINDOW
        seconds: dict[str, list[float]] = {}
        rows = session.execute(
            select(ArticleEvent.stage, ArticleEvent.message).where(
                ArticleEvent.outcome == "ok", ArticleEvent.created_at >= since
            )
        )
        for stage, message in rows:
            if message and (match := _MILLISECONDS.match(message)):
                seconds.setdefault(stage, []).append(int(match.group(1)) / 1000)
        family = HistogramMetricFamily(
            "newsmt_stage_duration_seconds",
            "Time each stage took per article, over the last 24 hours.",
            labels=["stage"],
        )
        for stage, values in sorted(seconds.items()):
            buckets = [
                ("+Inf" if bound == float("inf") else str(bound), sum(v <= bound for v in values))
                for bound in STAGE_SECONDS_BUCKETS
            ]
            family.add_metric([stage], buckets, sum_value=sum(values))
        return family


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    registry = CollectorRegistry()
    registry.register(LineCollector(request.app.state.db))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
