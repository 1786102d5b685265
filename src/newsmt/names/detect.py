"""Finding persons and places in Russian and Ukrainian source text.

Known entities are found through the gazetteer: every capitalised word is looked up by
its surface form (inflected forms are indexed, see inflect.py) and by pymorphy3's lemmas,
then multi-word names are checked word by word (Кривому Розі, Владимира Зеленского).
Names the gazetteer does not know are reported, not guessed: natasha's NER finds them in
Russian, pymorphy3's Name/Surn/Patr/Geox tags in Ukrainian (and as a second opinion in
Russian), each with a suggested Duden spelling for the editors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from newsmt.names.gazetteer import Entity, Gazetteer
from newsmt.names.inflect import normalise, word_forms
from newsmt.names.translit import transliterate

WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
OBLAST_WORDS = ("обл", "ова", "ога", "ода", "облдержадміністрац", "облгосадминистрац")
NAME_TAGS = {"Name", "Surn", "Patr", "Geox"}


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int
    text: str

    @property
    def full_name(self) -> bool:
        """A person mentioned with given name and surname (not the surname alone)."""
        return len(self.text.split()) > 1


@dataclass(frozen=True)
class UnknownName:
    name: str
    suggestion: str
    kind: str  # person | place


def tokens(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]


@lru_cache(maxsize=2)
def morph(lang: str):  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=1)
def natasha_ner():  # type: ignore[no-untyped-def]
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


class Detector:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @cached_property
    def index(self) -> dict[str, list[tuple[Entity, tuple[frozenset[str], ...]]]]:
        """First word's forms → (entity, forms of every word of the name)."""
        index: dict[str, list[tuple[Entity, tuple[frozenset[str], ...]]]] = defaultdict(list)
        given = {normalise(f.split()[0]) for e in self.gazetteer.persons() for f in e.forms}
        for entity in self.gazetteer.entities.values():
            names = set(entity.forms)
            if entity.kind == "person":
                for form in entity.forms:
                    surname = form.split()[-1]
                    if (
                        len(form.split()) > 1
                        and len(surname) >= 3
                        and normalise(surname) not in given
                    ):
                        names.add(surname)
            for name in names:
                words = tuple(frozenset(word_forms(w)) for w in name.split())
                for first in words[0]:
                    index[first].append((entity, words))
        return index

    def _lemmas(self, word: str, lang: str) -> set[str]:
        return {normalise(p.normal_form) for p in morph(lang).parse(word)[:3]}

    def _candidates(self, word: str, lang: str) -> list[tuple[Entity, tuple[frozenset[str], ...]]]:
        found = list(self.index.get(normalise(word), []))
        if not found:
            for lemma in self._lemmas(word, lang):
                found += self.index.get(lemma, [])
        return found

    def _word_matches(self, word: str, forms: frozenset[str], lang: str) -> bool:
        return normalise(word) in forms or bool(self._lemmas(word, lang) & forms)

    def find(self, text: str, lang: str) -> list[Mention]:
        """Known entities mentioned in `text`, left to right, longest match first."""
        toks = tokens(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(toks):
            word = toks[i].text
            best: tuple[int, Entity] | None = None
            if word[:1].isupper():
                for entity, words in self._candidates(word, lang):
                    n = len(words)
                    if i + n > len(toks) or not all(
                        self._word_matches(toks[i + k].text, words[k], lang) for k in range(1, n)
                    ):
                        continue
                    if entity.kind == "oblast":
                        following = toks[i + n].text.lower() if i + n < len(toks) else ""
                        if not following.startswith(OBLAST_WORDS):
                            continue
                        n += 1
                    if best is None or n > best[0]:
                        best = (n, entity)
            if best is None:
                i += 1
                continue
            n, entity = best
            if entity.kind == "person" and n == 1 and i > 0 and self._given_name(toks[i - 1], lang):
                i += 1  # "Тарасом Шевчуком" is not Святослав Шевчук: another person
                continue
            start, end = toks[i].start, toks[i + n - 1].end
            mentions.append(Mention(entity, start, end, text[start:end]))
            i += n
        return mentions

    def _given_name(self, token: Token, lang: str) -> bool:
        if not token.text[:1].isupper():
            return False
        return any("Name" in grammemes(p) for p in morph(lang).parse(token.text)[:2])

    def unknown(self, text: str, lang: str, known: list[Mention]) -> list[UnknownName]:
        """Names in `text` that no gazetteer entry covers, with a suggested spelling."""
        covered = [(m.start, m.end) for m in known]

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in covered)

        spans: list[tuple[int, int, str]] = []
        if lang == "ru":
            from natasha import Doc

            segmenter, ner = natasha_ner()
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(ner)
            spans += [
                (s.start, s.stop, "person" if s.type == "PER" else "place")
                for s in doc.spans
                if s.type in ("PER", "LOC")
            ]
        toks = tokens(text)
        run: list[Token] = []
        for index, tok in enumerate(toks + [Token("", len(text), len(text))]):
            tags = set()
            if tok.text[:1].isupper() and index > 0 and not _sentence_start(text, tok.start):
                tags = {
                    g for p in morph(lang).parse(tok.text)[:2] for g in grammemes(p)
                } & NAME_TAGS
            if tags:
                run.append(tok)
                continue
            if run:
                geo = all("Geox" in grammemes(morph(lang).parse(t.text)[0]) for t in run)
                kind = "place" if geo else "person"
                spans.append((run[0].start, run[-1].end, kind))
                run = []
        found: dict[str, UnknownName] = {}
        for start, end, kind in sorted(spans):
            if not free(start, end) or any(
                s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans
            ):
                continue
            if all(
                {"ADJF", "ADJS", "PRTF"} & grammemes(morph(lang).parse(w)[0])
                for w in text[start:end].split()
            ):
                continue  # "Стамбульские (договоренности)": an adjective, not a name
            name = self._nominative(text[start:end], lang)
            if name and name not in found:
                found[name] = UnknownName(name, transliterate(name, lang=lang), kind)
        return list(found.values())

    def _nominative(self, span: str, lang: str) -> str:
        words = []
        for word in span.split():
            parses = morph(lang).parse(word)
            named = [p for p in parses if NAME_TAGS & grammemes(p)]
            best = (named or parses)[0]
            nominative = best.inflect({"nomn"}) if named else None
            lemma = (nominative.word if nominative else word.lower()) if named else word.lower()
            words.append("-".join(part.capitalize() for part in lemma.split("-")))
        return " ".join(words)


def grammemes(parse) -> set[str]:  # type: ignore[no-untyped-def]
    return set(re.split(r"[ ,]", str(parse.tag)))


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(' «„"(')
    return not before or before[-1] in ".!?…"
