"""`newsmt users …`: editor and admin accounts for the web app."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from newsmt.cli.common import app, console, fail, open_context, settings

if TYPE_CHECKING:
    from newsmt.editorial.accounts import Saved

users_app = typer.Typer(help="Editor and admin accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def read_password() -> str:
    """Prompted twice on a terminal; otherwise the first line of stdin."""
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[str, typer.Option(help="editor or admin.")] = "editor",
) -> None:
    """Create a user, or set a new role and password for an existing one (an empty
    password keeps theirs). A disabled user stays disabled: `newsmt users enable`."""
    from newsmt.editorial.accounts import AuthError, save_user

    password = read_password()
    ctx = open_context(settings())
    try:
        with ctx.db.session() as session:
            saved = save_user(session, name, password, role, by="command line")
            said, active = _said(saved), saved.user.active
    except AuthError as exc:
        raise fail(str(exc)) from exc
    finally:
        ctx.close()
    console.print(f"user {name} ({role}) saved: {said}")
    if not active:
        console.print(f"user {name} is disabled; `newsmt users enable {name}` lets them log in")


def _said(saved: Saved) -> str:
    """What saving changed, in the command line's words (the audit log has German)."""
    if saved.created:
        return "created"
    changes = []
    if saved.role_before != saved.user.role:
        changes.append(f"role {saved.role_before} → {saved.user.role}")
    if saved.password_reset:
        changes.append("password reset")
    if saved.sessions_ended:
        changes.append(f"{saved.sessions_ended} session(s) ended")
    return ", ".join(changes) or "unchanged"


@users_app.command("list")
def users_list() -> None:
    """Users with their roles."""
    from newsmt.store import User

    ctx = open_context(settings())
    table = Table("name", "role", "active", "created")
    with ctx.db.session() as session:
        for user in session.scalars(select(User).order_by(User.name)):
            table.add_row(user.name, user.role, str(user.active), user.created_at.isoformat())
    ctx.close()
    Console().print(table)


def _set_active(name: str, active: bool) -> None:
    from newsmt.editorial.accounts import AuthError, set_active

    ctx = open_context(settings())
    try:
        with ctx.db.session() as session:
            set_active(session, name, active, by="command line")
    except AuthError as exc:
        raise fail(str(exc)) from exc
    finally:
        ctx.close()
    console.print(f"user {name} {'enabled' if active else 'disabled'}")


@users_app.command("disable")
def users_disable(name: str) -> None:
    """Disable an account: it can no longer log in, and its open sessions end now."""
    _set_active(name, False)


@users_app.command("enable")
def users_enable(name: str) -> None:
    """Enable a disabled account again (its password is unchanged)."""
    _set_active(name, True)
