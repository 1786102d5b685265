"""Logins, sessions, CSRF, rate limiting; and a proof that nothing under /edit/ is open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.routing import APIRoute
from sqlalchemy import select

from newsmt.store import User, WebSession

from ..test_cli import newsmt
from .conftest import PASSWORD, csrf_of, login


def all_routes(routes) -> list[APIRoute]:  # type: ignore[no-untyped-def]
    """Every APIRoute of the app, also those inside included routers."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # FastAPI ≥ 0.16x wraps included routers
            found += all_routes(route.original_router.routes)
        elif hasattr(route, "routes"):
            found += all_routes(route.routes)
    return found


def test_every_edit_route_refuses_without_a_session(web):
    client, _, _ = web
    routes = [r for r in all_routes(client.app.routes) if r.path.startswith("/edit")]
    assert len(routes) >= 10
    for route in routes:
        path = (
            route.path.replace("{article_id}", "1")
            .replace("{key}", "title")
            .replace("{source_id}", "1")
        )
        for method in route.methods:
            response = client.request(method, path, follow_redirects=False)
            if method == "GET":
                assert response.status_code == 303, (method, path)
                assert response.headers["location"].startswith("/login?next=")
            else:
                assert response.status_code in (401, 403), (method, path, response.status_code)
    assert client.get("/edit/artikel/1", follow_redirects=False).status_code == 303


def test_login_session_and_logout(web):
    client, _, db = web
    assert login(client, password="wrong password").headers["location"].startswith("/login?error=1")
    response = login(client)
    assert response.status_code == 303 and response.headers["location"] == "/edit/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert client.get("/edit/").status_code == 200
    with db.session() as session:
        stored = session.scalars(select(WebSession)).one()
        assert stored.token_hash not in cookie  # only the hash is stored
        assert session.scalar(select(User).where(User.name == "anna")).password_hash.startswith(
            "$argon2id$"
        )
    token = csrf_of(client)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/edit/", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(web):
    client, _, _ = web
    login(client)
    assert client.post("/edit/artikel/1/freigeben", data={}).status_code == 403
    assert (
        client.post("/edit/artikel/1/freigeben", data={"csrf_token": "forged"}).status_code == 403
    )
    assert client.post("/login", data={"name": "anna", "password": PASSWORD}).status_code == 403


def test_sessions_expire(web):
    client, _, db = web
    login(client)
    with db.session() as session:
        for s in session.scalars(select(WebSession)):
            s.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert client.get("/edit/", follow_redirects=False).status_code == 303


def test_login_attempts_are_rate_limited(web):
    client, _, _ = web
    for _ in range(5):
        assert login(client, password="wrong password").status_code == 303
    assert login(client).status_code == 429  # even the right password waits now


def test_secure_cookie_over_https(web):
    client, _, _ = web
    client.base_url = "https://testserver"
    assert "Secure" in login(client).headers["set-cookie"]


def test_users_add_reads_the_password_from_stdin(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "users", "add", "clara", "--role", "admin"],
        input="a long enough password\n",
        capture_output=True,
        text=True,
        env={"NEWSMT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    listing = newsmt("users", "list", home=tmp_path)
    assert "clara" in listing.stdout and "admin" in listing.stdout
    short = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "users", "add", "dora"],
        input="short\n",
        capture_output=True,
        text=True,
        env={"NEWSMT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
