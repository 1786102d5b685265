"""The contract between the pipeline and any translation engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class EngineIdentity:
    """What gets recorded on every translated article."""

    engine: str
    model_id: str
    model_revision: str
    warning: str | None = None  # e.g. "tiny random model: output is nonsense"


class TranslationError(Exception):
    """The engine could not translate; recorded on the article."""


class ModelNotInstalledError(Exception):
    """No usable model where the configuration points; the message says how to get one."""


class TranslationEngine(Protocol):
    identity: EngineIdentity

    def translate_batch(
        self, segments: Sequence[str], *, src_lang: str, tgt_lang: str = "de"
    ) -> list[str]:
        """Translate sentences; the result has the same length and order."""
        ...
