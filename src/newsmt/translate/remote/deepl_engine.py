"""DeepL through the official `deepl` client.

House-style names go into a DeepL glossary (one per language pair and term list,
reused by name, so a run creates it once). Sentences go in batches of 50, the API's
limit per request. Retries are ours (`RetryPolicy`), the client's own are switched off so
that every engine backs off the same way and a quota error fails at once.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Sequence

import deepl
import deepl.http_client

from newsmt.translate.engine import (
    EngineIdentity,
    Term,
    TranslationContext,
    TranslationEngine,
    TranslationError,
)
from newsmt.translate.remote.retry import RedactingFilter, RetryableError, RetryPolicy, redact

BATCH = 50


class DeepLEngine(TranslationEngine):
    supports_terminology = True  # as a DeepL glossary
    uses_context = True  # the last sentences before the batch, as DeepL's `context`

    def __init__(
        self,
        auth_key: str,
        *,
        server_url: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        if not auth_key:
            raise TranslationError("DeepL needs an API key (NEWSMT_ENGINE_API_KEY)")
        deepl.http_client.max_network_retries = 0
        logging.getLogger("deepl").addFilter(RedactingFilter(auth_key))
        self._key = auth_key
        self._client = deepl.Translator(auth_key, server_url=server_url, send_platform_info=False)
        self.retry = retry or RetryPolicy()
        self._glossaries: dict[str, deepl.GlossaryInfo] = {}
        self.identity = EngineIdentity(
            engine="deepl", model_id="deepl", model_revision=server_url or "api"
        )

    def _call(self, what: str, call):  # type: ignore[no-untyped-def]
        def attempt():  # type: ignore[no-untyped-def]
            try:
                return call()
            except deepl.QuotaExceededException as exc:
                raise TranslationError(f"DeepL quota exceeded: {exc}") from None
            except deepl.TooManyRequestsException as exc:
                raise RetryableError(f"DeepL rate limit: {exc}") from None
            except deepl.ConnectionException as exc:
                raise RetryableError(f"DeepL unreachable: {exc}") from None
            except deepl.AuthorizationException:
                raise TranslationError("DeepL rejected the API key") from None
            except deepl.DeepLException as exc:
                if exc.http_status_code in (500, 502, 503, 504):
                    raise RetryableError(f"DeepL server error: {exc}") from None
                raise TranslationError(f"DeepL {what} failed: {exc}") from None

        return self.retry.run(attempt, what=f"DeepL {what}", secret=self._key)

    def glossary_for(self, terms: Sequence[Term], src_lang: str, tgt_lang: str):  # type: ignore[no-untyped-def]
        entries = {t.source: t.target for t in terms if t.source and t.target}
        if not entries:
            return None
        digest = hashlib.sha256(repr(sorted(entries.items())).encode()).hexdigest()[:16]
        name = f"newsmt-{src_lang}-{tgt_lang}-{digest}"
        if name not in self._glossaries:
            existing = [g for g in self._call("glossaries", self._client.list_glossaries)]
            found = next((g for g in existing if g.name == name), None)
            self._glossaries[name] = found or self._call(
                "glossary",
                lambda: self._client.create_glossary(
                    name,
                    source_lang=src_lang.upper(),
                    target_lang=tgt_lang.upper(),
                    entries=entries,
                ),
            )
        return self._glossaries[name]

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
        glossary = self.glossary_for(context.terminology if context else (), src_lang, tgt_lang)
        before = " ".join(list(context.previous)[-3:]) if context and context.previous else None
        out: list[str] = []
        for start in range(0, len(segments), BATCH):
            # With tag_handling="html" the text is HTML: escape it, so "<" and "&" in the
            # source stay characters and inline markup could be passed through later.
            chunk = [html.escape(s, quote=False) for s in segments[start : start + BATCH]]
            results = self._call(
                "translate",
                lambda chunk=chunk: self._client.translate_text(
                    chunk,
                    source_lang=src_lang.upper(),
                    target_lang=tgt_lang.upper(),
                    glossary=glossary,
                    context=before,
                    tag_handling="html",
                    preserve_formatting=True,
                ),
            )
            out.extend(html.unescape(r.text) for r in results)
        if len(out) != len(segments):
            raise TranslationError("DeepL answered a different number of segments")
        return out

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return redact(f"DeepLEngine(key={self._key})", self._key)
