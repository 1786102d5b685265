"""Translation: the engine interface, engines, segmentation, translation memory, models."""

from newsmt.translate.ctranslate2_engine import CTranslate2Engine, missing_model_message
from newsmt.translate.engine import (
    EngineIdentity,
    ModelNotInstalledError,
    Term,
    TranslationContext,
    TranslationEngine,
    TranslationError,
)
from newsmt.translate.factory import ENGINE_BUILDERS, ENGINES, make_engine
from newsmt.translate.memory import MemoryKey, TranslationMemory
from newsmt.translate.segment import (
    place_link,
    restore_verbatim,
    split_sentences,
    translate_paragraphs,
)
from newsmt.translate.translator import ArticleTranslator

__all__ = [
    "ENGINES",
    "ENGINE_BUILDERS",
    "ArticleTranslator",
    "CTranslate2Engine",
    "EngineIdentity",
    "MemoryKey",
    "ModelNotInstalledError",
    "Term",
    "TranslationContext",
    "TranslationEngine",
    "TranslationError",
    "TranslationMemory",
    "make_engine",
    "missing_model_message",
    "place_link",
    "restore_verbatim",
    "split_sentences",
    "translate_paragraphs",
]
