"""Choosing an engine by name, from the one configuration object.

Per run (`newsmt run --engine NAME`, `newsmt eval --engine NAME`) or per source (the
source's `engine` field); default is `ctranslate2`, the local CPU engine.
"""

from __future__ import annotations

from pathlib import Path

from newsmt.config import Settings
from newsmt.translate.ctranslate2_engine import CTranslate2Engine
from newsmt.translate.engine import ENGINES, TranslationEngine, TranslationError
from newsmt.translate.remote import (
    DeepLEngine,
    LibreTranslateEngine,
    OpenAICompatibleEngine,
    RetryPolicy,
)

__all__ = ["ENGINES", "make_engine"]


def make_engine(name: str, settings: Settings) -> TranslationEngine:
    retry = RetryPolicy(attempts=settings.engine_retries, backoff_base=settings.backoff_base)
    secret = settings.engine_api_key.get_secret_value() if settings.engine_api_key else None
    if name == "ctranslate2":
        return CTranslate2Engine(
            Path(settings.resolved_model_dir),
            device=settings.device,
            beam_size=settings.beam_size,
            max_decoding_length=settings.max_decoding_length,
            compute_type=settings.compute_type,
        )
    if name == "openai":
        if not settings.openai_base_url:
            raise TranslationError("engine 'openai' needs NEWSMT_OPENAI_BASE_URL")
        return OpenAICompatibleEngine(
            settings.openai_base_url, settings.openai_model, api_key=secret, retry=retry
        )
    if name == "deepl":
        return DeepLEngine(secret or "", server_url=settings.deepl_server_url, retry=retry)
    if name == "libretranslate":
        if not settings.libretranslate_url:
            raise TranslationError("engine 'libretranslate' needs NEWSMT_LIBRETRANSLATE_URL")
        return LibreTranslateEngine(settings.libretranslate_url, api_key=secret, retry=retry)
    raise TranslationError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
