"""Any OpenAI-compatible chat endpoint: vLLM, llama.cpp's server, Ollama, hosted APIs.

One request per sentence, so that a model cannot merge, drop or reorder sentences; the
prompt carries the house-style terminology and the article's preceding sentences as
context, which is what makes an LLM translate names and pronouns consistently.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from newsmt.translate.engine import (
    EngineIdentity,
    Term,
    TranslationContext,
    TranslationEngine,
    TranslationError,
)
from newsmt.translate.remote.retry import RetryPolicy

LANGUAGE_NAMES = {"ru": "Russian", "uk": "Ukrainian", "de": "German"}
CONTEXT_SENTENCES = 3

SYSTEM_PROMPT = (
    "You are a professional news translator for a German newsroom. Translate the user's "
    "{src} sentence into {tgt}. Keep numbers, dates, URLs and e-mail addresses exactly as "
    "they are. Use German typography („…“ quotes). Answer with the translation only, "
    "without notes or quotation marks around it."
)


def build_messages(
    sentence: str, *, src_lang: str, tgt_lang: str, previous: Sequence[str], terms: Sequence[Term]
) -> list[dict[str, str]]:
    system = SYSTEM_PROMPT.format(
        src=LANGUAGE_NAMES.get(src_lang, src_lang), tgt=LANGUAGE_NAMES.get(tgt_lang, tgt_lang)
    )
    if terms:
        listed = "\n".join(f"- {t.source} → {t.target}" for t in terms)
        system += (
            "\nSpell these names exactly as given (inflect them as German grammar "
            f"requires):\n{listed}"
        )
    if previous:
        context = " ".join(previous[-CONTEXT_SENTENCES:])
        system += f"\nThe article so far (context only, do not translate it): {context}"
    return [{"role": "system", "content": system}, {"role": "user", "content": sentence}]


class OpenAICompatibleEngine(TranslationEngine):
    supports_terminology = True  # in the system prompt
    uses_context = True  # the article so far, in the system prompt

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = 120.0,
        temperature: float = 0.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key
        self.temperature = temperature
        self._client = httpx.Client(timeout=timeout)
        self.retry = retry or RetryPolicy()
        self.identity = EngineIdentity(
            engine="openai-compatible", model_id=model, model_revision=self.base_url
        )

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}

    def _translate_one(self, messages: list[dict[str, str]]) -> str:
        payload: dict[str, object] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
            "stream": False,
        }
        data = self.retry.post_json(
            self._client,
            f"{self.base_url}/chat/completions",
            payload,
            what="OpenAI-compatible endpoint",
            secret=self._api_key,
            headers=self._headers(),
        )
        try:
            choice = data["choices"][0]  # type: ignore[index]
            text = choice["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise TranslationError("OpenAI-compatible endpoint answered without a choice") from None
        if choice.get("finish_reason") == "length":
            raise TranslationError("OpenAI-compatible endpoint cut the translation off (length)")
        return str(text).strip().strip('"').strip()

    def translate_batch(
        self,
        segments: Sequence[str],
        *,
        src_lang: str,
        tgt_lang: str = "de",
        context: TranslationContext | None = None,
    ) -> list[str]:
        previous = list(context.previous) if context else []
        terms = tuple(context.terminology) if context else ()
        out: list[str] = []
        for sentence in segments:
            messages = build_messages(
                sentence, src_lang=src_lang, tgt_lang=tgt_lang, previous=previous, terms=terms
            )
            out.append(self._translate_one(messages))
            previous.append(sentence)
        return out

    def close(self) -> None:
        self._client.close()
