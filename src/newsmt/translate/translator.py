"""Translating one article: memory first, then the engine, then the structure back.

Order of trust: an editor's correction of the whole paragraph, an editor's correction of
the sentence, the memory of this engine/model/style, and only then the engine; every
sentence the engine translates goes into the memory, so it is never translated twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsmt.translate.engine import Term, TranslationContext, TranslationEngine
from newsmt.translate.memory import MemoryKey, TranslationMemory, segment_hash
from newsmt.translate.segment import restore_verbatim, translate_paragraphs


@dataclass
class TranslationStats:
    sentences: int = 0
    from_memory: int = 0
    from_editors: int = 0
    by_engine: int = 0


@dataclass
class ArticleTranslator:
    engine: TranslationEngine
    memory: TranslationMemory | None = None
    style: str = "default"
    terminology: Sequence[Term] = ()
    stats: TranslationStats = field(default_factory=TranslationStats)

    def translate_paragraphs(
        self, paragraphs: Sequence[str], *, src_lang: str, article_ref: str | None = None
    ) -> list[str]:
        memory = self.memory
        corrected = memory.lookup(paragraphs, src_lang=src_lang, key=None) if memory else {}
        fixed = [corrected.get(segment_hash(p, src_lang)) for p in paragraphs]
        self.stats.from_editors += sum(f is not None for f in fixed)
        context = TranslationContext(
            src_lang=src_lang, terminology=tuple(self.terminology), article_ref=article_ref
        )
        german = translate_paragraphs(
            ["" if f is not None else p for p, f in zip(paragraphs, fixed, strict=True)],
            lambda sentences: self._translate_sentences(sentences, src_lang, context),
        )
        return [f if f is not None else g for f, g in zip(fixed, german, strict=True)]

    def _translate_sentences(
        self, sentences: list[str], src_lang: str, context: TranslationContext
    ) -> list[str]:
        """Memory first (editor sentences win), the engine for the rest, each once."""
        memory = self.memory
        key = MemoryKey.for_engine(self.engine.identity, self.style)
        self.stats.sentences += len(sentences)
        known = memory.lookup(sentences, src_lang=src_lang, key=key) if memory else {}
        self.stats.from_memory += sum(segment_hash(s, src_lang) in known for s in sentences)
        todo = list(dict.fromkeys(s for s in sentences if segment_hash(s, src_lang) not in known))
        if todo:
            output = self.engine.translate_batch(todo, src_lang=src_lang, context=context)
            if len(output) != len(todo):
                raise ValueError("engine returned a different number of segments")
            # only engine output is repaired; what editors wrote is reused exactly
            output = [restore_verbatim(s, t) for s, t in zip(todo, output, strict=True)]
            self.stats.by_engine += len(todo)
            if memory is not None:
                memory.store_machine(zip(todo, output, strict=True), src_lang=src_lang, key=key)
            known.update({segment_hash(s, src_lang): t for s, t in zip(todo, output, strict=True)})
        return [known[segment_hash(s, src_lang)] for s in sentences]
