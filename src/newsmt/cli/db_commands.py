"""`newsmt db`: the schema, upgraded only when an administrator says so."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from newsmt.cli.common import app, console, fail, settings

db_app = typer.Typer(help="The database schema: status and upgrades.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Run the migrations to the newest schema (back up first; see the README)."""
    from newsmt.store import Database
    from newsmt.store.db import schema_revisions

    db = Database(settings().resolved_database_url)
    try:
        before, head = schema_revisions(db.engine)
        db.migrate()
    finally:
        db.dispose()
    if before == head:
        console.print(f"schema already at revision {head}")
    else:
        console.print(f"schema upgraded from revision {before or 'none'} to {head}")


@db_app.command("status")
def db_status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The database's schema revision and the one this newsmt needs."""
    from newsmt.store import Database
    from newsmt.store.db import schema_revisions

    db = Database(settings().resolved_database_url)
    try:
        current, head = schema_revisions(db.engine)
    finally:
        db.dispose()
    if as_json:
        print(json.dumps({"current": current, "head": head, "up_to_date": current == head}))
        return
    state = "up to date" if current == head else "outdated: run `newsmt db upgrade`"
    console.print(f"schema revision {current or 'none'}, newest {head}: {state}")


@db_app.command("copy")
def db_copy(
    to: Annotated[str, typer.Option("--to", help="The target database URL (empty, migrated).")],
) -> None:
    """Copy this home's database into another, e.g. SQLite to PostgreSQL when a newsroom
    moves to several machines. Run `newsmt db upgrade` on both first; stop the line and
    the web app while it copies."""
    from newsmt.store import Database
    from newsmt.store.copy import CopyError, copy_database

    source = Database(settings().resolved_database_url)
    target = Database(to)
    try:
        counts = copy_database(source, target)
    except CopyError as exc:
        raise fail(str(exc)) from exc
    finally:
        source.dispose()
        target.dispose()
    total = sum(counts.values())
    console.print(f"copied {total} rows: " + ", ".join(f"{t} {n}" for t, n in counts.items() if n))
