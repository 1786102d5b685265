"""Every route of the app under hostile input, the HTML pages as well as the JSON API
(which tests/web/test_api_schema.py checks against its schema): path and query
parameters, and the forms of the POST routes, filled with what broke the app before —
Unicode digits ("²", "٣"), numbers of thousands of digits, numbers past 2**63, empty
strings, control characters, dates past 9999-12-31 — as an anonymous reader and as a
logged-in admin. Whatever the input, the answer is a page or a 4xx, never a 500.

The routes are read from the app itself, so a route added later is fuzzed too.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from urllib.parse import quote

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmt.web.app import flat_routes

from .conftest import csrf_of, login

# What once gave a 500, or might: each is tried often, beside random text.
HOSTILE = [
    "", " ", "0", "1", "2", "-1", "+1", " 1", "1 ", "1_0", "1.0", "1e3", "0x10",
    "²", "²-x", "٣", "１２", "𝟗", "Ⅻ", "9" * 19, "9" * 20, "9" * 5000,
    str(2**31), str(2**63 - 1), str(2**63), str(2**64), "-" + "9" * 30,
    "\x00", "\x1b[0m", "\r\nSet-Cookie: x=1", "\u202e", "%", "%00", "..", "../..", "/",
    "0001-01-01", "9999-12-31", "2024-02-30", "20240101", "2024-W01-1", "²⁰²⁴-01-01",
    "neu", "risiko", "ja", "freigeben", "ablehnen", "wiederholen", "maschine", "aktuell",
    "korr-ru", "Charkiw", "Selenskyj", "boss-not", "NaN", "inf", "true", "null",
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# Each of these in each parameter alone (no other query parameter, path values and form
# fields "1"): with several bad at once, validation refuses the request before the
# route's own parsing.
SHARP = ["²", "9" * 20, "9" * 5000, "", "\x00", "9999-12-31"]
PER_ROUTE = 5  # random examples per route and client, beside the sweep
NOT_AS_ADMIN = {"/logout"}  # it would end the session the rest of the fuzz uses


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    form_fields: tuple[tuple[str, bool], ...]  # (name, takes a list)


def _fields(dependant: Dependant, kind: str) -> list[typing.Any]:
    found = list(getattr(dependant, kind))
    for sub in dependant.dependencies:
        found += _fields(sub, kind)
    return found


def _is_list(field: typing.Any) -> bool:
    return typing.get_origin(field.field_info.annotation) is list


def targets(app: typing.Any) -> list[Target]:
    """Every method of every FastAPI route of the app, with the parameters it reads."""
    out = []
    for matcher, route in flat_routes(app.routes):
        if not isinstance(route, APIRoute):
            continue
        dependant = getattr(matcher, "dependant", route.dependant)
        path = getattr(matcher, "path", route.path)
        for method in sorted(route.methods or ()):
            out.append(
                Target(
                    method=method,
                    path=path,
                    path_params=tuple(f.alias for f in _fields(dependant, "path_params")),
                    query_params=tuple(f.alias for f in _fields(dependant, "query_params")),
                    form_fields=tuple(
                        (f.alias, _is_list(f)) for f in _fields(dependant, "body_params")
                    ),
                )
            )
    return out


def requests_for(target: Target) -> st.SearchStrategy[dict[str, typing.Any]]:
    """A request's path values, query and form: path values always, the rest at random."""
    optional = st.one_of(st.none(), VALUES)
    return st.fixed_dictionaries(
        {
            "path": st.fixed_dictionaries({name: VALUES for name in target.path_params}),
            "query": st.fixed_dictionaries({name: optional for name in target.query_params}),
            "form": st.fixed_dictionaries(
                {
                    name: st.lists(VALUES, max_size=3) if many else optional
                    for name, many in target.form_fields
                }
            ),
        }
    )


def send(client: TestClient, target: Target, request: dict[str, typing.Any]):  # type: ignore[no-untyped-def]
    url = target.path
    for name, value in request["path"].items():
        url = url.replace("{" + name + "}", quote(value, safe=""))
    query = [(k, v) for k, v in request["query"].items() if v is not None]
    form = {k: v for k, v in request["form"].items() if v is not None}
    if target.method in ("GET", "HEAD"):
        return client.request(target.method, url, params=query, follow_redirects=False)
    return client.request(
        target.method, url, params=query, data=form or None, follow_redirects=False
    )


def sweep(target: Target) -> list[dict[str, typing.Any]]:
    """One request per parameter and SHARP value, that parameter alone set to it."""
    plain: dict[str, typing.Any] = {  # a form complete, so the route itself reads it
        "path": dict.fromkeys(target.path_params, "1"),
        "query": {},
        "form": {name: ["1"] if many else "1" for name, many in target.form_fields},
    }
    out = []
    for value in SHARP:
        for name in target.path_params:
            out.append({**plain, "path": {**plain["path"], name: value}})
        for name in target.query_params:
            out.append({**plain, "query": {name: value}})
        for name, many in target.form_fields:
            form = {**plain["form"], name: [value, "1"] if many else value}
            out.append({**plain, "form": form})
    return out


def check(client: TestClient, target: Target, request: dict[str, typing.Any]) -> None:
    response = send(client, target, request)
    assert response.status_code < 500, (
        f"{target.method} {target.path} {request!r:.300} -> {response.status_code}"
    )


def fuzz_route(client: TestClient, target: Target) -> None:
    """The sweep, then random requests."""
    for request in sweep(target):
        check(client, target, request)

    @given(request=requests_for(target))
    @settings(
        max_examples=PER_ROUTE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def no_server_error(request: dict[str, typing.Any]) -> None:
        check(client, target, request)

    no_server_error()


def fuzz(client: TestClient, routes: list[Target]) -> None:
    for target in routes:
        fuzz_route(client, target)


def test_no_input_makes_a_server_error_for_an_anonymous_reader(web):
    client, _, _ = web
    reader = TestClient(client.app, raise_server_exceptions=False)
    routes = targets(client.app)
    assert {"/artikel/{ref}", "/api/articles", "/edit/artikel", "/edit/artikel/sammel"} <= {
        t.path for t in routes
    }
    fuzz(reader, routes)


def test_no_input_makes_a_server_error_for_a_logged_in_admin(web):
    client, _, _ = web
    admin = TestClient(client.app, raise_server_exceptions=False)
    assert login(admin, "boss").status_code == 303
    admin.headers["x-csrf-token"] = csrf_of(admin)  # the POST routes get past the check
    routes = [t for t in targets(client.app) if t.path not in NOT_AS_ADMIN]
    fuzz(admin, routes)
    assert admin.get("/edit/sitzung").status_code == 200  # still logged in throughout
