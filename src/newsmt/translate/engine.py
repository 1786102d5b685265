"""The contract between the pipeline and any translation engine.

An engine gets a batch of sentences of one article, in order, plus what a careful
translator would want next to them: the source language, the article's preceding
sentences as context, and the house-style terminology (source form → German form).
Engines use what they can: an LLM puts context and terms in its prompt, DeepL turns the
terms into a glossary, a Marian model ignores both (the names step fixes names later).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class EngineIdentity:
    """What gets recorded on every translated article."""

    engine: str
    model_id: str
    model_revision: str
    warning: str | None = None  # e.g. "tiny random model: output is nonsense"


@dataclass(frozen=True)
class Term:
    """One house-style entry handed to engines that accept terminology."""

    source: str  # as it appears in the source language, e.g. "Зеленский"
    target: str  # the house form, e.g. "Selenskyj"


@dataclass(frozen=True)
class TranslationContext:
    """Everything about the article an engine may use besides the sentences."""

    src_lang: str
    tgt_lang: str = "de"
    previous: Sequence[str] = ()  # source sentences before the batch, oldest first
    terminology: Sequence[Term] = field(default_factory=tuple)
    article_ref: str | None = None  # for logs only


class TranslationError(Exception):
    """The engine could not translate; recorded on the article."""


class ModelNotInstalledError(Exception):
    """No usable model where the configuration points; the message says how to get one."""


class TranslationEngine(Protocol):
    """What the pipeline asks of an engine, optional capabilities included.

    Engines inherit this class explicitly, so the optional capabilities below come with
    their "cannot do this" defaults and callers read them directly, never by probing: an
    engine declares only what it can do (DeepL: terminology and context; CTranslate2:
    confidences and token counts).
    """

    identity: EngineIdentity
    # takes `TranslationContext.terminology` (house forms) into account
    supports_terminology: bool = False
    # reads `TranslationContext.previous` (the article so far) as context
    uses_context: bool = False
    # per segment of the last `translate_batch` call: how sure the engine was (0..1), for
    # the risk score; None when the engine gives no confidences
    last_confidences: list[float] | None = None
    # target tokens generated so far, for /metrics; None when the engine does not count
    generated_tokens: int | None = None
    # seconds spent translating so far (meaningful only where generated_tokens counts)
    busy_seconds: float = 0.0

    def translate_batch(
        self,
        segments: Sequence[str],
        *,
        src_lang: str,
        tgt_lang: str = "de",
        context: TranslationContext | None = None,
    ) -> list[str]:
        """Translate sentences; the result has the same length and order."""
        ...

    def close(self) -> None:
        """Release connections or models; nothing to release by default."""
        return None
