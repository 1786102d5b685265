"""`newsmt tm …`: the translation memory, in and out as TMX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsmt.cli.common import app, console, fail, open_context, settings

tm_app = typer.Typer(help="Translation memory: export, import, counts.", no_args_is_help=True)
app.add_typer(tm_app, name="tm")


@tm_app.command("export")
def tm_export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="Only tmx for now.")] = "tmx",
    origin: Annotated[str | None, typer.Option(help="Only 'machine' or 'editor' segments.")] = None,
) -> None:
    """Write the memory as TMX 1.4 (source, German, engine, model, style, editor)."""
    import sys
    import tempfile

    from newsmt.translate import TranslationMemory

    if format_ != "tmx":
        raise fail(f"unknown format {format_!r}; supported: tmx")
    if origin not in (None, "machine", "editor"):
        raise fail("--origin is 'machine' or 'editor'")
    ctx = open_context(settings())
    try:
        memory = TranslationMemory(ctx.db)
        if output is None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "memory.tmx"
                count = memory.export_tmx(path, origin=origin)
                sys.stdout.write(path.read_text(encoding="utf-8"))
        else:
            count = memory.export_tmx(output, origin=origin)
    finally:
        ctx.close()
    console.print(f"exported {count} segments")


@tm_app.command("import")
def tm_import(
    path: Path,
    as_editor: Annotated[
        bool, typer.Option("--as-editor", help="Treat every unit as an editor's correction.")
    ] = False,
) -> None:
    """Read a TMX file into the memory (units from editors stay corrections)."""
    import xml.etree.ElementTree as ET

    from newsmt.translate import TranslationMemory

    if not path.exists():
        raise fail(f"no such file: {path}")
    ctx = open_context(settings())
    try:
        count = TranslationMemory(ctx.db).import_tmx(path, as_editor=as_editor)
    except ET.ParseError as exc:
        raise fail(f"{path} is not valid TMX/XML: {exc}") from exc
    finally:
        ctx.close()
    console.print(f"imported {count} segments")


@tm_app.command("stats")
def tm_stats() -> None:
    """How many machine and editor segments the memory holds."""
    from newsmt.translate import TranslationMemory

    ctx = open_context(settings())
    try:
        counts = TranslationMemory(ctx.db).count()
    finally:
        ctx.close()
    print(f"machine {counts['machine']}\neditor {counts['editor']}")
