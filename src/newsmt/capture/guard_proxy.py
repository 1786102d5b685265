"""A forward proxy that Chromium is forced to use for every connection of a screenshot.

Playwright's request routing sees only what the page's renderer asks for; redirects of
subresources, WebSocket upgrades, popups, service workers and prefetches can go around
it. Every connection Chromium makes, for any of these, has to pass through this proxy
(Chromium is started with ``--proxy-server`` and without its loopback bypass, and with a
host resolver that resolves nothing, so nothing can go direct). The proxy checks each
connection itself, below the page's JavaScript:

- the host must be one of the article's allowed hosts and the port one the article
  uses (its own, 80 or 443);
- the proxy resolves host names itself and connects to the address it checked; a name
  that resolves to a loopback, private or otherwise non-public address is refused
  (DNS rebinding); an IP literal is allowed only when the newsroom listed it.

Plain HTTP is forwarded one request per connection (``Connection: close``), so a kept-
alive connection can never carry a second request to another host; HTTPS and WebSocket
go through ``CONNECT`` tunnels that are checked the same way.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import select
import socket
import socketserver
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsmt.sources.fetch import host_allowed

log = logging.getLogger("newsmt.capture.proxy")

Resolver = Callable[[str, int], list[str]]
MAX_HEAD = 64 * 1024
IDLE_SECONDS = 30.0


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass
class Policy:
    hosts: list[str] = field(default_factory=list)
    ports: set[int] = field(default_factory=set)


class GuardProxy:
    def __init__(self, resolver: Resolver = system_resolver) -> None:
        self.resolver = resolver
        self.policy = Policy()
        self.refused: list[str] = []  # "host:port (why)", for the log and the tests
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def allow(self, page_url: str, hosts: Iterable[str]) -> None:
        """The policy for the next capture: these hosts, the page's port, 80 and 443."""
        parts = urlsplit(page_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with self._lock:
            self.policy = Policy([h.lower() for h in hosts], {port, 80, 443})

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- checking --------------------------------------------------------------------------
    def check(self, host: str, port: int) -> tuple[str | None, str]:
        """The address to connect to, or None and why not."""
        host = host.strip("[]").lower().rstrip(".")
        with self._lock:
            policy = self.policy
        if not host_allowed(host, policy.hosts):
            return None, "host not allowed"
        if port not in policy.ports:
            return None, f"port {port} not allowed"
        if _is_ip(host):
            return host, ""
        try:
            addresses = self.resolver(host, port)
        except OSError as exc:
            return None, f"cannot resolve: {exc}"
        if not addresses:
            return None, "cannot resolve"
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                return None, f"resolves to non-public address {address}"
        return addresses[0], ""

    def _refuse(self, client: socket.socket, target: str, why: str) -> None:
        self.refused.append(f"{target} ({why})")
        log.info("screenshot connection refused", extra={"url": target, "error": why})
        body = b"blocked by newsmt: " + why.encode("ascii", "replace")
        head = (
            b"HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        with contextlib.suppress(OSError):
            client.sendall(head + body)

    # -- serving ---------------------------------------------------------------------------
    def _handle(self, client: socket.socket) -> None:
        client.settimeout(IDLE_SECONDS)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(8192)
                if not chunk:
                    return
                data += chunk
                if len(data) > MAX_HEAD:
                    return
            head, _, rest = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, version = (lines[0].split(" ") + ["", ""])[:3]
            if method.upper() == "CONNECT":
                self._tunnel(client, target, rest)
            else:
                self._forward(client, method, target, version, lines[1:], rest)
        except (OSError, ValueError):
            return
        finally:
            with contextlib.suppress(OSError):
                client.close()

    def _tunnel(self, client: socket.socket, target: str, rest: bytes) -> None:
        host, _, port_text = target.rpartition(":")
        port = int(port_text) if port_text.isdigit() else 443
        address, why = self.check(host, port)
        if address is None:
            self._refuse(client, target, why)
            return
        upstream = socket.create_connection((address, port), timeout=IDLE_SECONDS)
        with upstream:
            client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            _pipe(client, upstream)

    def _forward(
        self,
        client: socket.socket,
        method: str,
        target: str,
        version: str,
        headers: list[str],
        rest: bytes,
    ) -> None:
        parts = urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            self._refuse(client, target[:200], "not an absolute http URL")
            return
        port = parts.port or 80
        address, why = self.check(parts.hostname, port)
        if address is None:
            self._refuse(client, f"{parts.hostname}:{port}", why)
            return
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        kept = [
            h
            for h in headers
            if h.split(":", 1)[0].strip().lower()
            not in ("connection", "proxy-connection", "keep-alive", "proxy-authorization")
        ]
        request = f"{method} {path} {version or 'HTTP/1.1'}\r\n" + "".join(f"{h}\r\n" for h in kept)
        request += "Connection: close\r\n\r\n"
        upstream = socket.create_connection((address, port), timeout=IDLE_SECONDS)
        with upstream:
            upstream.sendall(request.encode("latin-1") + rest)
            _pipe(client, upstream)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy both ways until either side closes or both are idle too long."""
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], IDLE_SECONDS)
        if not readable:
            return
        for sock in readable:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)
