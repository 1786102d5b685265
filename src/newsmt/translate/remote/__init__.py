"""Engines behind a network API: an OpenAI-compatible chat endpoint, DeepL, LibreTranslate.

They share one retry policy (`retry.py`): 429, 5xx, timeouts and dropped connections are
retried with exponential backoff (honouring Retry-After), anything else fails at once;
when retries run out a TranslationError is raised and the runner records it on the
article. API keys are sent in headers only and never logged (`redact`).
"""

from newsmt.translate.remote.deepl_engine import DeepLEngine
from newsmt.translate.remote.libretranslate import LibreTranslateEngine
from newsmt.translate.remote.openai_compatible import OpenAICompatibleEngine
from newsmt.translate.remote.retry import RetryPolicy, redact

__all__ = [
    "DeepLEngine",
    "LibreTranslateEngine",
    "OpenAICompatibleEngine",
    "RetryPolicy",
    "redact",
]
