"""`newsmt db`: the schema, upgraded only when an administrator says so."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from newsmt.cli.common import app, console, settings

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
