"""Retries with backoff for engines behind an HTTP API, and key redaction for logs."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx

from newsmt.translate.engine import TranslationError

log = logging.getLogger("newsmt.translate")
T = TypeVar("T")

RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class RetryableError(Exception):
    """A failure worth another try (rate limit, server error, timeout)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def redact(text: str, *secrets: str | None) -> str:
    """Always redact the whole text before shortening it: a key cut in half by a
    truncation no longer matches and would leak its first part."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """Removes secrets from records of third-party loggers (the deepl client logs request
    and response bodies at DEBUG level)."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, *self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 20.0

    def run(self, call: Callable[[], T], *, what: str, secret: str | None = None) -> T:
        """Run `call`; RetryableError is retried, TranslationError and the last failure raise."""
        for attempt in range(1, self.attempts + 1):
            try:
                return call()
            except RetryableError as exc:
                message = redact(str(exc), secret)
                if attempt == self.attempts:
                    raise TranslationError(
                        f"{what}: {message} (gave up after {attempt} attempts)"
                    ) from None
                delay = exc.retry_after
                if delay is None:
                    delay = self.backoff_base * 2 ** (attempt - 1) * (1 + random.random() / 4)
                delay = min(delay, self.backoff_max)
                log.warning(
                    "retrying after %.2fs: %s",
                    delay,
                    message,
                    extra={"engine": what, "attempt": attempt},
                )
                time.sleep(delay)
        raise AssertionError("unreachable")

    def post_json(
        self,
        client: httpx.Client,
        url: str,
        payload: dict[str, object],
        *,
        what: str,
        secret: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, object]:
        """`post_json` under this policy."""
        return self.run(
            lambda: post_json(client, url, payload, what=what, secret=secret, headers=headers),
            what=what,
            secret=secret,
        )


def check_http_response(response: httpx.Response, *, what: str, secret: str | None) -> None:
    """Raise the right error for a non-2xx answer, with the provider's message, key removed."""
    if response.is_success:
        return
    detail = redact(response.text, secret)[:300]  # redact first: a cut key stays a key
    message = f"{what} answered HTTP {response.status_code}: {detail}"
    if response.status_code in RETRY_STATUSES:
        raise RetryableError(message, retry_after_seconds(response))
    raise TranslationError(message)


def post_json(
    client: httpx.Client,
    url: str,
    payload: dict[str, object],
    *,
    what: str,
    secret: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, object]:
    """One POST; transport failures and retryable statuses become RetryableError."""
    try:
        response = client.post(url, json=payload, headers=headers)
    except httpx.TimeoutException as exc:
        raise RetryableError(f"{what} timed out ({type(exc).__name__})") from None
    except httpx.TransportError as exc:
        raise RetryableError(f"{what} unreachable: {redact(str(exc), secret)}") from None
    check_http_response(response, what=what, secret=secret)
    try:
        data = response.json()
    except ValueError:
        raise TranslationError(f"{what} did not answer JSON") from None
    if not isinstance(data, dict):
        raise TranslationError(f"{what} answered an unexpected JSON shape")
    return data
