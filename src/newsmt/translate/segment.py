"""Sentence segmentation and the structure around it.

razdel's rules are written for Russian and work for Ukrainian too (same punctuation,
abbreviation and initials conventions: «т.е.», «им.», «В. Зеленский» stay whole).
Paragraphs are split into sentences for the engine and joined back afterwards, so the
German text has the source's paragraphs, headings, list items and quotes in order.

Engines are free with what should be copied: they reformat numbers, drop a character
from a URL or "translate" an e-mail address. `restore_verbatim` puts the source's
URLs, e-mail addresses and numbers back where the engine rendered them differently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

from razdel import sentenize

_PUNCT = '.,;:!?«»"„“()'
_CLAUSE_BREAKS = ("; ", " – ", " — ", ": ", ", ")
URL = re.compile(r"(?:https?://|www\.)[^\s<>«»\"“”]+[^\s<>«»\"“”.,;:!?)\]]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[ \u00a0\u202f.,]\d+)*(?![\w])")


# Abbreviations that stand before a name or a number and so never end a sentence; razdel
# knows the Russian ones but splits after Ukrainian «ім.», «вул.», «м.» (місто), «св.».
_NEVER_FINAL = re.compile(
    r"(?:^|[\s(«\"])(?:им|ім|ул|вул|просп|пл|бул|пер|г|м|с|смт|пгт|св|ген|проф|акад|див|см|"
    r"напр|тов|гр|п|ст|ч|т|д|буд|кв|оф|каб|корп|о)\.$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for sentence in (s.text for s in sentenize(text) if s.text.strip()):
        if sentences and _NEVER_FINAL.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {sentence}"
        else:
            sentences.append(sentence)
    return sentences


def split_long_sentence(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Cut a sentence that is over `limit` tokens at clause boundaries, else by words."""
    if count_tokens(text) <= limit:
        return [text]
    for mark in _CLAUSE_BREAKS:
        parts = text.split(mark)
        if len(parts) < 2:
            continue
        middle = len(parts) // 2
        left = mark.join(parts[:middle]) + mark.rstrip()
        right = mark.join(parts[middle:])
        return split_long_sentence(left, count_tokens, limit) + split_long_sentence(
            right, count_tokens, limit
        )
    words = text.split()
    if len(words) < 2:
        return [text]
    middle = len(words) // 2
    return split_long_sentence(" ".join(words[:middle]), count_tokens, limit) + split_long_sentence(
        " ".join(words[middle:]), count_tokens, limit
    )


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def restore_verbatim(source: str, translation: str) -> str:
    """Make URLs, e-mail addresses and numbers of `source` appear unchanged in `translation`."""
    for pattern in (URL, EMAIL):
        for item in dict.fromkeys(m.group(0) for m in pattern.finditer(source)):
            if item in translation:
                continue
            candidates = [t for t in re.findall(r"\S+", translation) if "." in t or "@" in t]
            best = max(
                candidates,
                key=lambda t: difflib.SequenceMatcher(None, t, item).ratio(),
                default=None,
            )
            if best and difflib.SequenceMatcher(None, best.strip(".,;:()"), item).ratio() >= 0.6:
                translation = translation.replace(best.strip(".,;:()"), item, 1)
            else:
                translation = f"{translation.rstrip()} ({item})"
    wanted = {_digits(m.group(0)): m.group(0) for m in NUMBER.finditer(source)}

    def fix_number(match: re.Match[str]) -> str:
        original = wanted.get(_digits(match.group(0)))
        return original if original is not None else match.group(0)

    return NUMBER.sub(fix_number, translation)


def translate_paragraphs(
    paragraphs: Sequence[str], translate: Callable[[list[str]], list[str]]
) -> list[str]:
    """Translate many paragraphs with one call of `translate` on all their sentences, then
    rebuild each paragraph (an empty paragraph stays empty)."""
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


def place_link(text: str, anchor: str) -> tuple[int, int] | None:
    """Where the translated anchor text sits in the translated paragraph.

    Exact match first, then the run of words most similar to the anchor (engines inflect
    differently when the anchor is translated alone)."""
    anchor = anchor.strip(" .,;:")
    if not anchor:
        return None
    at = text.lower().find(anchor.lower())
    if at >= 0:  # widened to whole words: "Außenministerium" inside "…ministeriums"
        start, end = at, at + len(anchor)
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        return start, end
    words = list(re.finditer(r"\S+", text))
    size = len(anchor.split())
    best: tuple[float, int, int] | None = None
    for width in {max(1, size - 1), size, size + 1}:
        for i in range(len(words) - width + 1):
            start, end = words[i].start(), words[i + width - 1].end()
            raw = text[start:end]
            candidate = raw.strip(_PUNCT)
            start += len(raw) - len(raw.lstrip(_PUNCT))
            score = difflib.SequenceMatcher(None, candidate.lower(), anchor.lower()).ratio()
            if best is None or score > best[0]:
                best = (score, start, start + len(candidate))
    if best and best[0] >= 0.6:
        return best[1], best[2]
    return None
