"""Sentence segmentation that keeps paragraph structure.

razdel's rules are written for Russian and work for Ukrainian too (same punctuation,
abbreviation and initials conventions). Paragraphs are split into sentences for the
engine and joined back afterwards, so the German text has the source's paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from razdel import sentenize


def split_sentences(text: str) -> list[str]:
    return [s.text for s in sentenize(text) if s.text.strip()]


def translate_paragraphs(
    paragraphs: Sequence[str], translate: Callable[[list[str]], list[str]]
) -> list[str]:
    """Translate many paragraphs in one engine batch, then rebuild each paragraph."""
    spans: list[tuple[int, int]] = []
    sentences: list[str] = []
    for paragraph in paragraphs:
        parts = split_sentences(paragraph)
        spans.append((len(sentences), len(sentences) + len(parts)))
        sentences.extend(parts)
    translated = translate(sentences) if sentences else []
    if len(translated) != len(sentences):
        raise ValueError("engine returned a different number of segments")
    return [" ".join(translated[start:end]).strip() for start, end in spans]
