"""The fetcher against a real HTTP server on loopback: every rule a newsroom relies on."""

from __future__ import annotations

import pytest

from newsmt.sources import Fetcher, FetchError, FetchPolicy


def make_fetcher(**overrides: object) -> Fetcher:
    policy = FetchPolicy(
        user_agent="newsmt-test",
        connect_timeout=1.0,
        read_timeout=0.5,
        max_retries=2,
        backoff_base=0.01,
        politeness_delay=0.0,
        max_response_bytes=10_000,
    )
    for key, value in overrides.items():
        setattr(policy, key, value)
    return Fetcher(policy)


HOSTS = ["127.0.0.1"]


def test_fetches_a_page(loopback):
    loopback.add("/a", "<p>hallo</p>")
    with make_fetcher() as fetcher:
        result = fetcher.get(loopback.base_url + "/a", allowed_hosts=HOSTS)
    assert result.status == 200
    assert result.text() == ("<p>hallo</p>", "utf-8")


def test_404_fails_at_once_without_retries(loopback):
    with make_fetcher() as fetcher, pytest.raises(FetchError, match="HTTP 404") as err:
        fetcher.get(loopback.base_url + "/missing", allowed_hosts=HOSTS)
    assert err.value.status == 404
    assert [h.path for h in loopback.hits].count("/missing") == 1


def test_500_is_retried_with_backoff_then_reported(loopback):
    loopback.add("/broken", "oops", status=500)
    with make_fetcher() as fetcher, pytest.raises(FetchError, match="HTTP 500 after 3 attempts"):
        fetcher.get(loopback.base_url + "/broken", allowed_hosts=HOSTS)
    assert [h.path for h in loopback.hits].count("/broken") == 3


def test_backoff_grows_exponentially(loopback):
    loopback.add("/broken", "oops", status=503)
    slept: list[float] = []
    fetcher = Fetcher(
        FetchPolicy(user_agent="t", max_retries=3, backoff_base=0.5, politeness_delay=0.0),
        sleep=slept.append,
    )
    with fetcher, pytest.raises(FetchError):
        fetcher.get(loopback.base_url + "/broken", allowed_hosts=HOSTS)
    assert slept == [0.5, 1.0, 2.0]


def test_timeout_is_retried_then_reported(loopback):
    loopback.add("/slow", "late", delay=1.5)
    with make_fetcher(max_retries=1) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(loopback.base_url + "/slow", allowed_hosts=HOSTS)


def test_oversized_response_is_refused(loopback):
    loopback.add("/big", b"x" * 50_000)
    with make_fetcher() as fetcher, pytest.raises(FetchError, match="10000-byte limit"):
        fetcher.get(loopback.base_url + "/big", allowed_hosts=HOSTS)


def test_robots_txt_is_honoured(loopback):
    loopback.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    loopback.add("/private/page", "secret")
    with make_fetcher() as fetcher, pytest.raises(FetchError, match="robots.txt disallows"):
        fetcher.get(loopback.base_url + "/private/page", allowed_hosts=HOSTS)
    assert "/private/page" not in [h.path for h in loopback.hits]


def test_robots_txt_server_error_means_disallowed(loopback):
    loopback.add("/robots.txt", "down", status=503)
    loopback.add("/page", "text")
    with make_fetcher(max_retries=0) as fetcher, pytest.raises(FetchError, match="robots"):
        fetcher.get(loopback.base_url + "/page", allowed_hosts=HOSTS)


def test_redirect_to_another_host_is_refused(loopback):
    port = loopback.base_url.rsplit(":", 1)[1]
    loopback.add("/go", "", status=302, headers={"Location": f"http://localhost:{port}/target"})
    loopback.add("/target", "should never be fetched")
    with make_fetcher() as fetcher, pytest.raises(FetchError, match="'localhost' is not among"):
        fetcher.get(loopback.base_url + "/go", allowed_hosts=HOSTS)
    assert "/target" not in [h.path for h in loopback.hits]


def test_redirect_on_the_same_host_is_followed(loopback):
    loopback.add("/old", "", status=301, headers={"Location": "/new"})
    loopback.add("/new", "moved here")
    with make_fetcher() as fetcher:
        result = fetcher.get(loopback.base_url + "/old", allowed_hosts=HOSTS)
    assert result.url == loopback.base_url + "/new"
    assert result.redirects == [loopback.base_url + "/old"]


def test_hosts_not_added_are_never_contacted(loopback):
    with make_fetcher() as fetcher, pytest.raises(FetchError, match="not among the source's hosts"):
        fetcher.get(loopback.base_url + "/a", allowed_hosts=["korrespondent.net"])
    assert loopback.hits == []


def test_conditional_get_uses_etag(loopback):
    loopback.add("/feed", "<rss/>", etag='"v1"')
    with make_fetcher() as fetcher:
        first = fetcher.get(loopback.base_url + "/feed", allowed_hosts=HOSTS)
        second = fetcher.get(loopback.base_url + "/feed", allowed_hosts=HOSTS, etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert second.not_modified and second.status == 304
    assert loopback.hits[-1].headers["if-none-match"] == '"v1"'


def test_politeness_delay_between_requests_to_one_host(loopback):
    loopback.add("/a", "a")
    """The clock is the test's: 1.5 s pass between the two requests whatever the machine
    does, so the fetcher must wait exactly the remaining 3.5 s."""
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(
        FetchPolicy(user_agent="t", politeness_delay=5.0), sleep=sleep, clock=lambda: now[0]
    )
    with fetcher:
        fetcher.get(loopback.base_url + "/a", allowed_hosts=HOSTS, check_robots=False)
        now[0] += 1.5
        fetcher.get(loopback.base_url + "/a", allowed_hosts=HOSTS, check_robots=False)
        fetcher.get(loopback.base_url + "/a", allowed_hosts=HOSTS, check_robots=False)
    assert slept == [3.5, 5.0]


def test_a_trickling_robots_txt_cannot_hold_a_fetch():
    """The total deadline covers robots.txt: a server that sends one byte every half
    second gives up within the deadline, and the page is not fetched (robots unknown)."""
    import time

    from tests.fixtures.hostile.server import HostileServer

    server = HostileServer()
    try:
        server.trickle_robots = True
        server.add("/page", "<p>ok</p>")
        policy = FetchPolicy(user_agent="t", politeness_delay=0.0, max_total_seconds=2.0)
        started = time.monotonic()
        with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="robots"):
            fetcher.get(server.base_url + "/page", allowed_hosts=["127.0.0.1"])
        assert time.monotonic() - started < 10
        assert "/page" not in server.hits
    finally:
        server.close()
