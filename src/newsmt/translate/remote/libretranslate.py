"""LibreTranslate (https://libretranslate.com, self-hostable) over its HTTP API.

POST /translate with `q` as a list translates a whole batch in one request and answers
`{"translatedText": [...]}`. It has no terminology support; the names step applies the
house style afterwards, as for the Marian engine.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from newsmt.translate.engine import (
    EngineIdentity,
    TranslationContext,
    TranslationEngine,
    TranslationError,
)
from newsmt.translate.remote.retry import RetryPolicy


class LibreTranslateEngine(TranslationEngine):
    """No terminology, no context, no confidences: the protocol's defaults."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._client = httpx.Client(timeout=timeout)
        self.retry = retry or RetryPolicy()
        self.identity = EngineIdentity(
            engine="libretranslate", model_id=self.base_url, model_revision="server"
        )

    def translate_batch(
        self,
        segments: Sequence[str],
        *,
        src_lang: str,
        tgt_lang: str = "de",
        context: TranslationContext | None = None,
    ) -> list[str]:
        if not segments:
            return []
        payload: dict[str, object] = {
            "q": list(segments),
            "source": src_lang,
            "target": tgt_lang,
            "format": "text",
        }
        if self._api_key:
            payload["api_key"] = self._api_key
        data = self.retry.post_json(
            self._client,
            f"{self.base_url}/translate",
            payload,
            what="LibreTranslate",
            secret=self._api_key,
        )
        translated = data.get("translatedText")
        if not isinstance(translated, list) or len(translated) != len(segments):
            raise TranslationError("LibreTranslate answered a different number of segments")
        return [str(t).strip() for t in translated]

    def close(self) -> None:
        self._client.close()
