"""Screenshots reach only the article's own hosts, by every route a page can take.

Each test serves a page from an allowed host (127.0.0.1) that tries one way out to a
canary: a bare TCP listener on another loopback address (127.0.0.2) or on another port
of the same host. The canary must not see a single connection.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from newsmt.capture import Screenshotter
from newsmt.capture.guard_proxy import GuardProxy
from tests.fixtures.hostile.server import Canary, HostileServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def resolver_table() -> dict[str, str]:
    return {}


@pytest.fixture(scope="module")
def shooter(resolver_table):
    def resolve(host: str, port: int) -> list[str]:
        if host in resolver_table:
            return [resolver_table[host]]
        raise OSError(f"no such host {host}")

    instance = Screenshotter("/usr/bin/chromium", timeout_ms=15_000, resolver=resolve)
    yield instance
    instance.close()


@pytest.fixture
def site():
    server = HostileServer()
    yield server
    server.close()


@pytest.fixture(params=["other-address", "other-port"])
def canary(request):
    listener = Canary("127.0.0.2" if request.param == "other-address" else "127.0.0.1")
    yield listener
    listener.close()


def shoot(shooter, site, tmp_path, body: str, hosts=("127.0.0.1",)):
    site.add("/article", f"<!doctype html><html><body><h1>Artikel</h1>{body}</body></html>")
    shooter.capture(site.base_url + "/article", tmp_path / "a.png", allowed_hosts=list(hosts))
    time.sleep(0.5)  # late connections (timers, sockets) would arrive now


def via_redirect(site, target: str) -> str:
    return f"{site.base_url}/redirect?to={quote(target, safe='')}"


ROUTES = {
    "img-redirect": lambda s, c: f'<img src="{via_redirect(s, c.base_url + "/x.png")}">',
    "iframe-redirect": lambda s, c: (
        f'<iframe src="{via_redirect(s, c.base_url + "/internal.html")}"></iframe>'
    ),
    "fetch-redirect": lambda s, c: (
        f"<script>fetch({via_redirect(s, c.base_url + '/api')!r}).catch(()=>0)</script>"
    ),
    "xhr": lambda s, c: (
        f"<script>var x=new XMLHttpRequest();x.open('GET',{c.base_url + '/x'!r});x.send()</script>"
    ),
    "websocket": lambda s, c: (
        f"<script>try{{new WebSocket('ws://{c.host}:{c.port}/')}}catch(e){{}}</script>"
    ),
    "popup": lambda s, c: f"<script>window.open({c.base_url + '/popup'!r})</script>",
    "prefetch": lambda s, c: (
        f'<link rel="prefetch" href="{c.base_url}/p"><link rel="preconnect" href="{c.base_url}">'
        f'<link rel="dns-prefetch" href="{c.base_url}">'
    ),
    "css-import": lambda s, c: f"<style>@import url({c.base_url}/x.css);</style>",
    "beacon": lambda s, c: f"<script>navigator.sendBeacon({c.base_url + '/b'!r}, 'x')</script>",
    "form-autosubmit": lambda s, c: (
        f'<form id=f action="{c.base_url}/f" method=post></form>'
        "<script>document.getElementById('f').submit()</script>"
    ),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_no_route_reaches_another_host_or_port(shooter, site, canary, tmp_path, route):
    shoot(shooter, site, tmp_path, ROUTES[route](site, canary))
    assert canary.connections == []


def test_service_workers_are_blocked(shooter, site, canary, tmp_path):
    site.add(
        "/sw.js",
        f"self.addEventListener('install', e => fetch({canary.base_url + '/sw'!r}));",
        Content_Type="application/javascript",
    )
    shoot(
        shooter,
        site,
        tmp_path,
        "<script>navigator.serviceWorker&&navigator.serviceWorker.register('/sw.js')</script>",
    )
    assert canary.connections == []


def test_an_allowed_name_that_resolves_to_a_private_address_is_refused(
    shooter, site, resolver_table, tmp_path
):
    canary = Canary("127.0.0.2")
    try:
        resolver_table["cdn.example.org"] = "127.0.0.2"  # DNS rebinding onto loopback
        shoot(
            shooter,
            site,
            tmp_path,
            f'<img src="http://cdn.example.org:{canary.port}/x.png"><img src="http://cdn.example.org/x.png">',
            hosts=("127.0.0.1", "example.org"),
        )
        assert canary.connections == []
        assert any("non-public address" in r for r in shooter.proxy.refused)
    finally:
        canary.close()


def test_same_host_subresources_still_load(shooter, site, tmp_path):
    site.add("/ok.png", b"\x89PNG\r\n\x1a\n", Content_Type="image/png")
    shoot(shooter, site, tmp_path, '<img src="/ok.png">')
    assert "/ok.png" in site.hits


def test_proxy_policy_checks_hosts_ports_and_addresses():
    proxy = GuardProxy(
        resolver=lambda host, port: {"good.example": ["93.184.216.34"]}.get(host, ["10.0.0.5"])
    )
    try:
        proxy.allow("https://good.example/a", ["good.example", "bad.example", "127.0.0.1"])
        assert proxy.check("good.example", 443) == ("93.184.216.34", "")
        assert proxy.check("www.good.example", 443)[0] is None  # resolves to 10.0.0.5
        assert "non-public" in proxy.check("bad.example", 443)[1]
        assert proxy.check("good.example", 8080)[1] == "port 8080 not allowed"
        assert proxy.check("other.example", 443)[1] == "host not allowed"
        assert proxy.check("127.0.0.1", 80) == ("127.0.0.1", "")  # listed literal
        assert proxy.check("127.0.0.2", 80)[0] is None
    finally:
        proxy.close()
