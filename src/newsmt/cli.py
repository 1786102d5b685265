"""The `newsmt` command line. Every command works on NEWSMT_HOME (default ./newsmt-data)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select

from newsmt.config import Settings
from newsmt.logs import configure_logging

app = typer.Typer(
    help="newsmt: Ukrainian news to German articles in house style.", no_args_is_help=True
)
sources_app = typer.Typer(help="Manage the feeds newsmt watches.", no_args_is_help=True)
articles_app = typer.Typer(help="Inspect articles and their pipeline state.", no_args_is_help=True)
models_app = typer.Typer(help="Install and build translation models.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(articles_app, name="articles")
app.add_typer(models_app, name="models")

console = Console(stderr=True)
ModelDir = Annotated[
    Path | None,
    typer.Option("--model-dir", help="Converted CTranslate2 model (or NEWSMT_MODEL_DIR)."),
]


def settings(**overrides: object) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    loaded = Settings(**values)  # type: ignore[arg-type]
    loaded.ensure_dirs()
    configure_logging(loaded.logs_dir, verbose=os.environ.get("NEWSMT_VERBOSE") == "1")
    return loaded


def fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def open_context(s: Settings):  # type: ignore[no-untyped-def]
    from newsmt.pipeline import PipelineContext

    return PipelineContext.from_settings(s)


@app.callback()
def main(
    home: Annotated[
        Path | None, typer.Option("--home", help="State directory (NEWSMT_HOME).")
    ] = None,
) -> None:
    if home is not None:
        os.environ["NEWSMT_HOME"] = str(home)


# -- sources ---------------------------------------------------------------------------------
@sources_app.command("add")
def sources_add(
    feed_url: str,
    name: Annotated[str, typer.Option(help="Short unique name.")],
    label: Annotated[str, typer.Option(help="Portal name shown in the disclaimer.")],
    lang: Annotated[
        str | None, typer.Option(help="ru or uk (detected per article anyway).")
    ] = None,
    adapter: Annotated[str, typer.Option(help="korrespondent or generic.")] = "generic",
    host: Annotated[
        list[str] | None, typer.Option("--host", help="Extra host articles live on.")
    ] = None,
) -> None:
    """Add a feed (or update the source with this name)."""
    from newsmt.sources.registry import SourceError, add_source

    s = settings()
    ctx = open_context(s)
    try:
        source = add_source(
            ctx.db,
            feed_url=feed_url,
            name=name,
            label=label,
            lang=lang,
            adapter=adapter,
            hosts=host,
        )
    except SourceError as exc:
        raise fail(str(exc)) from exc
    finally:
        ctx.close()
    console.print(
        f"source [bold]{source.name}[/] ({source.adapter}) → hosts {', '.join(source.hosts)}"
    )


@sources_app.command("list")
def sources_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List sources."""
    from newsmt.store import Source

    ctx = open_context(settings())
    with ctx.db.session() as session:
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "feed_url": s.feed_url,
                "label": s.label,
                "lang": s.lang,
                "adapter": s.adapter,
                "hosts": s.hosts,
                "active": s.active,
                "last_error": s.last_error,
            }
            for s in session.scalars(select(Source).order_by(Source.id))
        ]
    ctx.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "name", "adapter", "feed", "last error")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["adapter"], r["feed_url"], r["last_error"] or "")
    Console().print(table)


# -- run -------------------------------------------------------------------------------------
def run_pipeline(s: Settings) -> int:
    from newsmt.pipeline import LocalRunner
    from newsmt.translate import ModelNotInstalledError

    ctx = open_context(s)
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("articles", total=None)

            def update(_what: str, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            report = LocalRunner(ctx).run_once(progress=update)
    except ModelNotInstalledError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    finally:
        ctx.close()
    console.print(
        f"discovered {report.discovered}, published {report.published}, "
        f"failed {report.failed}, duplicates {report.duplicates}"
        + (f", feed errors {len(report.feed_errors)}" if report.feed_errors else "")
    )
    return 0


@app.command("run")
def run(
    once: Annotated[
        bool, typer.Option("--once", help="Process everything new, then exit.")
    ] = False,
    interval: Annotated[int | None, typer.Option(help="Seconds between polls.")] = None,
    model_dir: ModelDir = None,
) -> None:
    """Poll sources and move articles through the pipeline.

    Exits 0 when the run completed, even if some articles failed (their errors are
    recorded); non-zero only when the system itself cannot work (no model, no database).
    """
    s = settings(model_dir=model_dir, poll_interval=interval)
    while True:
        code = run_pipeline(s)
        if once or code:
            raise typer.Exit(code)
        time.sleep(s.poll_interval)


# -- articles --------------------------------------------------------------------------------
@articles_app.command("list")
def articles_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON array for machines.")] = False,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
) -> None:
    """List articles with their stage, status and error."""
    from newsmt.store import Article

    s = settings()
    ctx = open_context(s)
    with ctx.db.session() as session:
        query = select(Article).order_by(Article.id)
        if status:
            query = query.where(Article.status == status)
        rows = [
            {
                "id": a.id,
                "url": a.url,
                "canonical_url": a.canonical_url,
                "source": a.source.name,
                "status": a.status,
                "stage": a.stage,
                "error": a.error,
                "error_stage": a.error_stage,
                "attempts": a.attempts,
                "lang": a.lang,
                "title": a.title,
                "title_de": a.title_de,
                "engine": a.engine,
                "model_id": a.model_id,
                "model_revision": a.model_revision,
                "page_path": str(s.site_dir / a.page_path)
                if a.page_path and a.status == "published"
                else None,
                "screenshot_path": a.screenshot_path,
                "thumbnail_path": a.thumbnail_path,
                "capture_error": a.capture_error,
                "duplicate_of": a.duplicate_of_id,
                "source_published_at": a.source_published_at.isoformat()
                if a.source_published_at
                else None,
                "published_at": a.published_at.isoformat() if a.published_at else None,
                "name_changes": len(a.name_changes or []),
            }
            for a in session.scalars(query)
        ]
    ctx.close()
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "status", "stage", "lang", "title_de", "error")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["status"],
            r["stage"],
            r["lang"] or "",
            (r["title_de"] or "")[:60],
            (r["error"] or "")[:60],
        )
    Console().print(table)


@articles_app.command("show")
def articles_show(article_id: int) -> None:
    """Print the German article as plain text (the seed's format)."""
    from newsmt.store import Article

    ctx = open_context(settings())
    with ctx.db.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise fail(f"no article {article_id}")
        if not article.text_de:
            raise fail(
                f"article {article_id} is not rendered yet (stage {article.stage}, "
                f"status {article.status}, error: {article.error})"
            )
        print(article.text_de, end="")
    ctx.close()


# -- models ----------------------------------------------------------------------------------
@models_app.command("install")
def models_install(
    model_dir: ModelDir = None,
    repo: Annotated[str | None, typer.Option(help="Hugging Face model id.")] = None,
    quantization: Annotated[str, typer.Option(help="int8, int8_float16, float16.")] = "int8",
) -> None:
    """Download the default model once and convert it to CTranslate2."""
    from newsmt.translate import ModelNotInstalledError
    from newsmt.translate.models import install_model

    s = settings(model_dir=model_dir, model_repo=repo)
    console.print(f"installing {s.model_repo} → {s.resolved_model_dir} ({quantization})")
    try:
        path = install_model(s.model_repo, s.resolved_model_dir, quantization=quantization)
    except ModelNotInstalledError as exc:
        raise fail(str(exc)) from exc
    console.print(f"model ready at {path}")


@models_app.command("make-tiny")
def models_make_tiny(directory: Path) -> None:
    """Build a tiny random Marian model for offline smoke runs (it outputs nonsense)."""
    from newsmt.translate import ModelNotInstalledError
    from newsmt.translate.models import make_tiny_model

    settings()
    try:
        path = make_tiny_model(directory)
    except ModelNotInstalledError as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"tiny test model written to {path} — it translates into nonsense, for tests only"
    )


@models_app.command("list")
def models_list() -> None:
    """Models under NEWSMT_HOME/models (and NEWSMT_MODEL_DIR) with their recorded origin."""
    from newsmt.translate.ctranslate2_engine import read_manifest

    s = settings()
    dirs = {p for p in (s.home / "models").glob("*") if (p / "model.bin").exists()}
    if (s.resolved_model_dir / "model.bin").exists():
        dirs.add(s.resolved_model_dir)
    table = Table("directory", "model", "revision", "quantization", "default")
    for path in sorted(dirs):
        m = read_manifest(path)
        default = "yes" if path == s.resolved_model_dir else ""
        table.add_row(
            str(path),
            m.get("model_id", "?"),
            m.get("revision", "?"),
            m.get("quantization", "?"),
            default,
        )
    Console().print(table)


# -- eval ------------------------------------------------------------------------------------
@app.command("eval")
def eval_command(
    testset: Annotated[
        str, typer.Option(help="flores200-devtest or newstest2012.")
    ] = "flores200-devtest",
    pair: Annotated[str, typer.Option(help="rus-deu or ukr-deu.")] = "rus-deu",
    engine: Annotated[str, typer.Option(help="Translation engine.")] = "ctranslate2",
    src: Annotated[Path | None, typer.Option(help="Source file (instead of a test set).")] = None,
    ref: Annotated[Path | None, typer.Option(help="Reference file (with --src).")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N segments.")] = None,
    model_dir: ModelDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object for machines.")] = False,
) -> None:
    """Score the engine on a test set: BLEU, chrF, chrF++ with sacrebleu signatures."""
    from newsmt.translate import CTranslate2Engine, ModelNotInstalledError
    from newsmt.translate.evaluate import (
        SRC_LANG,
        EvalDataError,
        evaluate,
        load_testset,
        read_lines,
    )

    if engine != "ctranslate2":
        raise fail(f"unknown engine {engine!r}; available: ctranslate2")
    s = settings(model_dir=model_dir)
    try:
        if src is not None or ref is not None:
            if src is None or ref is None:
                raise EvalDataError("--src and --ref go together")
            src_path, ref_path, name = src, ref, "custom"
        else:
            src_path, ref_path = load_testset(testset, pair)
            name = testset
        sources, references = read_lines(src_path, limit), read_lines(ref_path, limit)
        translator = CTranslate2Engine(s.resolved_model_dir, device=s.device, beam_size=s.beam_size)
        result = evaluate(
            translator,
            sources,
            references,
            src_lang=SRC_LANG.get(pair.split("-")[0], "ru"),
            testset=name,
            pair=pair,
        )
    except (EvalDataError, ModelNotInstalledError) as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    print(f"{result.testset} {result.pair}: {result.segments} segments, {result.model_id}")
    print(f"BLEU   {result.bleu:6.2f}  {result.bleu_signature}")
    print(f"chrF   {result.chrf:6.2f}  {result.chrf_signature}")
    print(f"chrF++ {result.chrf_pp:6.2f}  {result.chrf_pp_signature}")
    print(f"throughput {result.segments_per_second} segments/s ({result.seconds} s)")


# -- serve -----------------------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the published site over HTTP."""
    import uvicorn

    from newsmt.web import create_app

    s = settings()
    console.print(f"serving {s.site_dir} on http://{host}:{port}/")
    uvicorn.run(create_app(s.site_dir), host=host, port=port, log_level="warning")


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
