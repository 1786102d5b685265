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
from newsmt.translate.segment import restore_verbatim, split_sentences, translate_paragraphs


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
    # per source sentence (its memory hash): the engine's confidence (kept in the memory
    # too), None when an editor wrote the sentence or the engine gives none
    confidence: dict[str, float | None] = field(default_factory=dict)
    german: dict[str, str] = field(default_factory=dict)  # sentence hash → its German

    def sentences_of(
        self, paragraph: str, german: str, src_lang: str
    ) -> list[tuple[str, str, float | None]]:
        """(source sentence, German sentence, confidence) of a translated paragraph; none
        for a paragraph an editor's correction gave whole (a person wrote it)."""
        out = []
        for sentence in split_sentences(paragraph):
            key = segment_hash(sentence, src_lang)
            if key not in self.german:
                return []
            out.append((sentence, self.german[key], self.confidence.get(key)))
        return out

    def translate_paragraphs(
        self, paragraphs: Sequence[str], *, src_lang: str, article_ref: str | None = None
    ) -> list[str]:
        memory = self.memory
        corrected = memory.lookup(paragraphs, src_lang=src_lang, key=None) if memory else {}
        fixed = [corrected.get(segment_hash(p, src_lang)) for p in paragraphs]
        self.german = {}
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
        scored = memory.lookup_scored(sentences, src_lang=src_lang, key=key) if memory else {}
        known = {h: text for h, (text, _) in scored.items()}
        # a sentence from the memory keeps the confidence the engine had in it
        self.confidence.update({h: sure for h, (_, sure) in scored.items()})
        self.stats.from_memory += sum(segment_hash(s, src_lang) in known for s in sentences)
        todo = list(dict.fromkeys(s for s in sentences if segment_hash(s, src_lang) not in known))
        if todo:
            output = self.engine.translate_batch(todo, src_lang=src_lang, context=context)
            if len(output) != len(todo):
                raise ValueError("engine returned a different number of segments")
            sure = self.engine.last_confidences
            confidences: list[float | None] = (
                [float(v) for v in sure] if sure is not None and len(sure) == len(todo)
                else [None] * len(todo)
            )  # fmt: skip
            for sentence, value in zip(todo, confidences, strict=True):
                self.confidence[segment_hash(sentence, src_lang)] = value
            # only engine output is repaired; what editors wrote is reused exactly
            output = [restore_verbatim(s, t) for s, t in zip(todo, output, strict=True)]
            self.stats.by_engine += len(todo)
            if memory is not None:
                memory.store_machine(
                    zip(todo, output, strict=True), src_lang=src_lang, key=key,
                    confidences=confidences,
                )  # fmt: skip
            known.update({segment_hash(s, src_lang): t for s, t in zip(todo, output, strict=True)})
        self.german.update({segment_hash(s, src_lang): known[segment_hash(s, src_lang)]
                            for s in sentences})  # fmt: skip
        return [known[segment_hash(s, src_lang)] for s in sentences]
