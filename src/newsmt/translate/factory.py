"""Choosing an engine by name, from the one configuration object.

Per run (`newsmt run --engine NAME`, `newsmt eval --engine NAME`) or per source (the
source's `engine` field); default is `ctranslate2`, the local CPU engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsmt.config import Settings
from newsmt.translate.ctranslate2_engine import CTranslate2Engine
from newsmt.translate.engine import TranslationEngine, TranslationError
from newsmt.translate.remote import (
    DeepLEngine,
    LibreTranslateEngine,
    OpenAICompatibleEngine,
    RetryPolicy,
)

__all__ = ["ENGINES", "ENGINE_BUILDERS", "make_engine"]


def _retry(settings: Settings) -> RetryPolicy:
    return RetryPolicy(attempts=settings.engine_retries, backoff_base=settings.backoff_base)


def _secret(settings: Settings) -> str | None:
    return settings.engine_api_key.get_secret_value() if settings.engine_api_key else None


def _ctranslate2(settings: Settings) -> TranslationEngine:
    return CTranslate2Engine(
        Path(settings.resolved_model_dir),
        device=settings.device,
        beam_size=settings.beam_size,
        max_decoding_length=settings.max_decoding_length,
        compute_type=settings.compute_type,
    )


def _openai(settings: Settings) -> TranslationEngine:
    if not settings.openai_base_url:
        raise TranslationError("engine 'openai' needs NEWSMT_OPENAI_BASE_URL")
    return OpenAICompatibleEngine(
        settings.openai_base_url,
        settings.openai_model,
        api_key=_secret(settings),
        retry=_retry(settings),
    )


def _deepl(settings: Settings) -> TranslationEngine:
    return DeepLEngine(
        _secret(settings) or "", server_url=settings.deepl_server_url, retry=_retry(settings)
    )


def _libretranslate(settings: Settings) -> TranslationEngine:
    if not settings.libretranslate_url:
        raise TranslationError("engine 'libretranslate' needs NEWSMT_LIBRETRANSLATE_URL")
    return LibreTranslateEngine(
        settings.libretranslate_url, api_key=_secret(settings), retry=_retry(settings)
    )


# The one list of engines: a name here is valid everywhere (`--engine`, a source's
# `engine` field, the admin form), and adding an engine is adding a line here.
ENGINE_BUILDERS: dict[str, Callable[[Settings], TranslationEngine]] = {
    "ctranslate2": _ctranslate2,
    "openai": _openai,
    "deepl": _deepl,
    "libretranslate": _libretranslate,
}
ENGINES: tuple[str, ...] = tuple(ENGINE_BUILDERS)


def make_engine(name: str, settings: Settings) -> TranslationEngine:
    """The engine called `name`, configured from `settings`; TranslationError for an
    unknown name or a remote engine whose address is not configured."""
    build = ENGINE_BUILDERS.get(name)
    if build is None:
        raise TranslationError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    return build(settings)
