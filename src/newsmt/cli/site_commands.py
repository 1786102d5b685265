"""`newsmt serve` and `newsmt demo`."""

from __future__ import annotations

from typing import Annotated

import typer

from newsmt.cli.common import (
    ModelDir,
    app,
    console,
    fail,
    open_context,
    settings,
)
from newsmt.cli.pipeline_commands import run_pipeline
from newsmt.config import Settings

# -- serve -----------------------------------------------------------------------------------
site_app = typer.Typer(help="The static export under $NEWSMT_HOME/site.", no_args_is_help=True)
app.add_typer(site_app, name="site")


@site_app.command("rebuild")
def site_rebuild() -> None:
    """Rewrite the static index, every archive page and the feeds from the database, one
    page at a time (bounded memory); a normal run updates only what a publish touched."""
    from newsmt.pipeline import LocalRunner

    ctx = open_context(settings())
    try:
        written = LocalRunner(ctx).rebuild_index(full=True)
    finally:
        ctx.close()
    console.print(f"wrote {len(written)} files under {ctx.settings.site_dir}")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the site, the JSON API and the editor area (/edit/) over HTTP."""
    import uvicorn

    from newsmt.store import Database
    from newsmt.store.db import SchemaOutdated

    s = settings()
    db = Database(s.resolved_database_url)
    try:  # refused here, with the command to run, rather than in each worker's traceback
        db.prepare()
    except SchemaOutdated as exc:
        raise fail(str(exc)) from None
    finally:
        db.dispose()
    console.print(f"serving {s.home} on http://{host}:{port}/ (editors: /edit/)")
    uvicorn.run(
        "newsmt.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,  # requests are counted by the reverse proxy; logs stay for errors
        **proxy_options(s),  # type: ignore[arg-type]
    )


def proxy_options(s: Settings) -> dict[str, object]:
    """X-Forwarded-For only from NEWSMT_TRUSTED_PROXIES; uvicorn trusts loopback else."""
    return {"proxy_headers": bool(s.trusted_proxies), "forwarded_allow_ips": s.trusted_proxies}


# -- demo ------------------------------------------------------------------------------------
@app.command("demo")
def demo(
    offline: Annotated[
        bool, typer.Option("--offline", help="Tiny local model, no downloads.")
    ] = False,
    model_dir: ModelDir = None,
) -> None:
    """Run the whole line on two bundled sample articles served from a loopback server."""
    from newsmt.demo import RU_FEED, UK_FEED, serve_samples
    from newsmt.sources.registry import add_source
    from newsmt.translate import ModelNotInstalledError
    from newsmt.translate.models import install_model, make_tiny_model

    base = settings()
    if model_dir is None and offline:
        model_dir = base.home / "models" / "tiny-random"
    s = settings(model_dir=model_dir, politeness_delay=0.0)
    try:
        if offline and not (s.resolved_model_dir / "model.bin").exists():
            console.print("building the tiny offline model (translations will be nonsense)…")
            make_tiny_model(s.resolved_model_dir)
        elif not offline:
            install_model(s.model_repo, s.resolved_model_dir)
    except ModelNotInstalledError as exc:
        raise fail(str(exc)) from exc
    server = serve_samples()
    try:
        ctx = open_context(s)
        for name, path, lang in (
            ("korrespondent-ru-demo", RU_FEED, "ru"),
            ("korrespondent-ua-demo", UK_FEED, "uk"),
        ):
            add_source(
                ctx.db,
                feed_url=server.base_url + path,
                name=name,
                label="Korrespondent.net",
                lang=lang,
                adapter="korrespondent",
            )
        ctx.close()
        code = run_pipeline(s)
    finally:
        server.stop()
    if code:
        raise typer.Exit(code)
    index = s.site_dir / "index.html"
    print(f"Site: {index}")
    console.print(f"serve it with: newsmt serve  (NEWSMT_HOME={s.home})")
    if offline:
        console.print(
            "[yellow]note:[/] the tiny test model translates into nonsense; for real German "
            "run `newsmt models install`, then `newsmt demo`."
        )
