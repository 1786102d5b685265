"""Translation: the engine interface, the CTranslate2 engine, segmentation, model files."""

from newsmt.translate.ctranslate2_engine import CTranslate2Engine, missing_model_message
from newsmt.translate.engine import (
    EngineIdentity,
    ModelNotInstalledError,
    TranslationEngine,
    TranslationError,
)
from newsmt.translate.segment import split_sentences, translate_paragraphs

__all__ = [
    "CTranslate2Engine",
    "EngineIdentity",
    "ModelNotInstalledError",
    "TranslationEngine",
    "TranslationError",
    "missing_model_message",
    "split_sentences",
    "translate_paragraphs",
]
