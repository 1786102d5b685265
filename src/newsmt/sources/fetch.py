"""HTTP fetching that a newsroom can run unattended against other people's servers.

Rules enforced here, for every request the product makes:
- only hosts the newsroom added (the source's hosts) are contacted, redirects included;
- robots.txt is honoured (RFC 9309: 4xx means allowed, 5xx or unreachable means not);
- connect/read timeouts, and a total deadline for the whole fetch (every read, every
  retry and redirect, robots.txt included), so a server that trickles a byte every
  second cannot hold a run; retries with exponential backoff on 5xx, 429 and timeouts;
- a per-host politeness delay between requests;
- a hard cap on the response size, enforced while streaming;
- conditional GET with stored ETag / Last-Modified validators.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsmt.sanitize import InvalidURL, check_url
from newsmt.sources.encoding import decode_html

log = logging.getLogger("newsmt.sources.fetch")

RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A fetch that failed for a reason worth recording on the article."""

    def __init__(self, reason: str, *, url: str, status: int | None = None) -> None:
        super().__init__(f"{reason} ({url})")
        self.reason = reason
        self.url = url
        self.status = status


@dataclass
class FetchResult:
    url: str
    status: int
    content: bytes
    headers: dict[str, str]
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def text(self) -> tuple[str, str]:
        """Decoded body and the encoding used."""
        return decode_html(self.content, self.headers.get("content-type"))


def host_allowed(host: str, allowed_hosts: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    for allowed in allowed_hosts:
        allowed = allowed.lower().rstrip(".")
        if host == allowed or host.endswith("." + allowed):
            return True
    return False


@dataclass
class FetchPolicy:
    user_agent: str
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    max_retries: int = 3
    backoff_base: float = 0.5
    politeness_delay: float = 1.0
    max_response_bytes: int = 5_000_000
    max_redirects: int = 5
    max_total_seconds: float = 60.0


_deadline = threading.local()


def _seconds_left(timeout: float | None) -> float | None:
    deadline: float | None = getattr(_deadline, "at", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("total deadline of the fetch passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write waits at most until the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _seconds_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _seconds_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: object, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _seconds_left(timeout))  # type: ignore[arg-type]
        )

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[object] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host,
            port,
            _seconds_left(timeout),
            local_address,
            socket_options,  # type: ignore[arg-type]
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(self, *args: object, **kwargs: object) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _deadline_transport() -> httpx.HTTPTransport:
    """httpx has per-read timeouts only; its connection pool gets a network backend that
    enforces the fetch's total deadline on every socket operation, headers included."""
    transport = httpx.HTTPTransport()
    pool = transport._pool
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    return transport


class Fetcher:
    """One HTTP client per run; shares politeness and robots state across sources."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self._sleep = sleep
        self._clock = clock  # for the politeness delay; tests give a clock they drive
        self._client = httpx.Client(
            timeout=httpx.Timeout(
                policy.read_timeout, connect=policy.connect_timeout, pool=policy.read_timeout
            ),
            follow_redirects=False,
            transport=_deadline_transport(),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        allowed_hosts: Iterable[str],
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> FetchResult:
        outer = getattr(_deadline, "at", None)
        own = time.monotonic() + self.policy.max_total_seconds
        _deadline.at = own if outer is None else min(outer, own)
        try:
            return self._get(url, list(allowed_hosts), etag, last_modified, check_robots)
        finally:
            _deadline.at = outer

    def _get(
        self,
        url: str,
        allowed: list[str],
        etag: str | None,
        last_modified: str | None,
        check_robots: bool,
    ) -> FetchResult:
        redirects: list[str] = []
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            self._check_host(current, allowed)
            if check_robots and not self.robots_allows(current, allowed):
                raise FetchError("robots.txt disallows fetching this page", url=current)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, content, resp_headers = self._request_with_retries(current, headers)
            if status in (301, 302, 303, 307, 308):
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without Location", url=current)
                redirects.append(current)
                try:
                    current = check_url(urljoin(current, location))
                except (InvalidURL, ValueError) as exc:
                    raise FetchError(f"unusable redirect: {exc}", url=current) from None
                continue
            if status == 304:
                return FetchResult(current, status, b"", resp_headers, True, redirects)
            if status >= 400:
                raise FetchError(f"HTTP {status}", url=current, status=status)
            return FetchResult(current, status, content, resp_headers, False, redirects)
        raise FetchError(f"more than {self.policy.max_redirects} redirects", url=url)

    def robots_allows(self, url: str, allowed_hosts: Iterable[str]) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, list(allowed_hosts))
        parser = self._robots[origin]
        if parser is None:
            return False
        return parser.can_fetch(self.policy.user_agent, url)

    def _load_robots(
        self, origin: str, allowed_hosts: list[str]
    ) -> urllib.robotparser.RobotFileParser | None:
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            result = self.get(robots_url, allowed_hosts=allowed_hosts, check_robots=False)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.parse([])  # no robots.txt: everything allowed
                return parser
            log.warning(
                "robots.txt unreachable, treating host as disallowed",
                extra={"url": robots_url, "error": str(exc)},
            )
            return None
        text, _ = result.text()
        parser.parse(text.splitlines())
        return parser

    def _check_host(self, url: str, allowed: list[str]) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"refusing non-HTTP address scheme {parts.scheme!r}", url=url)
        try:
            check_url(url)
        except InvalidURL as exc:
            raise FetchError(str(exc), url=url[:200]) from None
        host = parts.hostname or ""
        if not host_allowed(host, allowed):
            raise FetchError(
                f"host {host!r} is not among the source's hosts ({', '.join(allowed)}); refused",
                url=url,
            )

    def _wait_politely(self, host: str) -> None:
        with self._lock:
            last = self._last_request.get(host)
            now = self._clock()
            if last is not None:
                wait = self.policy.politeness_delay - (now - last)
                if wait > 0:
                    self._sleep(wait)
            self._last_request[host] = self._clock()

    def _request_with_retries(
        self, url: str, headers: dict[str, str]
    ) -> tuple[int, bytes, dict[str, str]]:
        host = urlsplit(url).hostname or ""
        last_error = ""
        for attempt in range(self.policy.max_retries + 1):
            if self._past_deadline():
                raise self._deadline_error(url, last_error)
            if attempt:
                delay = self.policy.backoff_base * (2 ** (attempt - 1))
                log.info("retrying", extra={"url": url, "attempt": attempt, "error": last_error})
                self._sleep(delay)
            self._wait_politely(host)
            try:
                status, content, resp_headers = self._request_once(url, headers)
            except httpx.TimeoutException:
                last_error = "timed out"
                if self._past_deadline():
                    raise self._deadline_error(url, last_error) from None
                continue
            except httpx.TransportError as exc:
                last_error = f"connection failed: {exc.__class__.__name__}"
                continue
            if status in RETRY_STATUSES:
                last_error = f"HTTP {status}"
                continue
            return status, content, resp_headers
        failed_status = int(last_error[5:]) if last_error.startswith("HTTP ") else None
        raise FetchError(
            f"{last_error} after {self.policy.max_retries + 1} attempts",
            url=url,
            status=failed_status,
        )

    def _deadline_error(self, url: str, last_error: str) -> FetchError:
        return FetchError(
            f"no complete answer within {self.policy.max_total_seconds:g} s "
            f"(total deadline; last: {last_error or 'waiting'})",
            url=url,
        )

    @staticmethod
    def _past_deadline() -> bool:
        deadline = getattr(_deadline, "at", None)
        return deadline is not None and time.monotonic() >= deadline

    def _request_once(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        limit = self.policy.max_response_bytes
        with self._client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    f"response of {declared} bytes exceeds the {limit}-byte limit", url=url
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response exceeds the {limit}-byte limit", url=url)
                chunks.append(chunk)
            return (
                response.status_code,
                b"".join(chunks),
                {k.lower(): v for k, v in response.headers.items()},
            )
