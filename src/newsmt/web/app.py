"""FastAPI app serving the published site from NEWSMT_HOME/site."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def create_app(site_dir: Path) -> FastAPI:
    site_dir.mkdir(parents=True, exist_ok=True)
    app = FastAPI(title="newsmt", docs_url=None, redoc_url=None)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/", StaticFiles(directory=site_dir, html=True), name="site")
    return app
