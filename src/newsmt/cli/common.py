"""Shared pieces of the command line: the Typer apps, settings loading, errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsmt.config import Settings
from newsmt.home import ensure_dirs
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


def settings(create_home: bool = True, **overrides: object) -> Settings:
    """The settings; `create_home=False` for commands that only read (filters such as
    `names apply`): no home folder and no log file are created."""
    values = {k: v for k, v in overrides.items() if v is not None}
    loaded = Settings(**values)  # type: ignore[arg-type]
    if create_home:
        ensure_dirs(loaded)
        configure_logging(loaded.logs_dir, verbose=os.environ.get("NEWSMT_VERBOSE") == "1")
    return loaded


def fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def open_context(s: Settings):  # type: ignore[no-untyped-def]
    from newsmt.pipeline import PipelineContext
    from newsmt.store.db import SchemaOutdated

    try:
        return PipelineContext.from_settings(s)
    except SchemaOutdated as exc:
        raise fail(str(exc)) from None


def _print_version(value: bool) -> None:
    if value:
        from newsmt import __version__

        print(f"newsmt {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    home: Annotated[
        Path | None, typer.Option("--home", help="State directory (NEWSMT_HOME).")
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    if home is not None:
        os.environ["NEWSMT_HOME"] = str(home)
