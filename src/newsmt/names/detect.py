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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Evidence that an ambiguous word names the Ukrainian place: a preposition governing the
# case the word is in (в Богуславе, у Богуславі, из Бара), or a qualifier before it.
PLACE_PREPOSITIONS: dict[str, set[str]] = {
    **dict.fromkeys(("в", "во", "у", "на"), {"loct", "loc2", "accs"}),
    **dict.fromkeys(
        ("из", "изо", "із", "з", "зі", "от", "від", "до", "возле", "біля", "около", "близ",
         "поблизу", "неподалеку", "неподалік", "вблизи", "окрестностях", "околицях"),
        {"gent", "gen2"},
    ),
    **dict.fromkeys(("под", "під", "над", "за"), {"ablt", "accs"}),
    **dict.fromkeys(("к", "ко"), {"datv"}),
}  # fmt: skip
# A title or role right before a surname says which person is meant (журналист Гордон).
PERSON_ROLES = _words(
    "президент президента президенту премьер премьера прем'єр прем’єр министр министра "
    "міністр міністра глава главы голова голови лидер лидера лідер лідера депутат депутата "
    "нардеп нардепа генерал генерала спикер спікер мэр мэра мер мера губернатор губернатора "
    "журналист журналиста журналіст журналіста посол посла советник советника радник "
    "радника секретарь секретар секретаря телеведущий телеведучий блогер"
)
REGION_NOUN = re.compile(r"(щин|ччин|чин)(а|и|і|е|у|ою|ой)$")
PLACE_QUALIFIERS = frozenset(
    [
        "село",
        "селі",
        "села",
        "селом",
        "с",
        "смт",
        "пгт",
        "селище",
        "селища",
        "селищі",
        "поселок",
        "поселке",
        "поселка",
        "місто",
        "міста",
        "місті",
        "містом",
        "м",
        "г",
        "город",
        "городе",
        "города",
        "городом",
        "пос",
        "станция",
        "станиці",
        "станица",
        "хутор",
        "хутір",
        "райцентр",
        "райцентре",
        "райцентрі",
    ]
)


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
class Doubt:
    """A gazetteer hit without the evidence a change needs: listed, never changed."""

    mention: Mention
    why: str


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
        # An odd entry that got past the checks (no word at all, one letter) must cost
        # nothing worse than matching nothing: every split below may be empty.
        given = {
            normalise(f.split()[0]) for e in self.gazetteer.persons() for f in e.forms if f.split()
        }
        for entity in self.gazetteer.entities.values():
            names = set(entity.forms)
            if entity.kind == "person":
                for form in entity.forms:
                    parts = form.split()
                    if len(parts) > 1 and len(parts[-1]) >= 3 and normalise(parts[-1]) not in given:
                        names.add(parts[-1])
            for name in names:
                words = tuple(frozenset(word_forms(w)) for w in name.split())
                for first in words[0] if words else ():
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
        """Known entities mentioned in `text` with the evidence a change needs."""
        return self.find_all(text, lang)[0]

    def find_all(self, text: str, lang: str) -> tuple[list[Mention], list[Doubt]]:
        """Known entities mentioned in `text`, left to right, longest match first, split
        into those the evidence confirms and the doubtful ones (a gazetteer hit alone
        never justifies a change)."""
        toks = tokens(text)
        mentions: list[Mention] = []
        doubts: list[Doubt] = []
        i = 0
        while i < len(toks):
            word = toks[i].text
            hits: list[tuple[int, Entity]] = []
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
                    if (
                        entity.kind == "person"
                        and n == 1
                        and i > 0
                        and self._given_name(toks[i - 1], lang)
                    ):
                        continue  # "Тарасом Шевчуком" is not Святослав Шевчук
                    hits.append((n, entity))
            if not hits:
                i += 1
                continue
            n = max(h[0] for h in hits)
            # Of the longest hits, the first the evidence confirms: «Як заявив Садовий» is
            # the mayor, not the village; without any, the first is listed as a doubt.
            judged = [
                (entity, self._lacks_evidence(text, toks, i, n, entity, lang))
                for length, entity in hits
                if length == n
            ]
            start, end = toks[i].start, toks[i + n - 1].end
            confirmed = [entity for entity, why in judged if not why]
            if confirmed:
                mentions.append(Mention(confirmed[0], start, end, text[start:end]))
            else:
                entity, why = judged[0]
                doubts.append(Doubt(Mention(entity, start, end, text[start:end]), why))
            i += n
        return mentions, doubts

    # -- evidence ----------------------------------------------------------------------
    def _lacks_evidence(
        self, text: str, toks: list[Token], i: int, n: int, entity: Entity, lang: str
    ) -> str:
        """Why this hit is not enough to change the translation, or "" when it is."""
        if entity.kind == "oblast":
            return ""  # found only with its «область» word
        if entity.level == "world":
            return "a place outside Ukraine: its German name is the engine's"
        if entity.kind == "person" and n > 1:
            return ""  # given name and surname: the person
        after = toks[i + n] if i + n < len(toks) else None
        if (
            after is not None
            and _adjacent(text, toks[i + n - 1], after)
            and _proper(text, after)
            and not self._is_qualifier_after(after, lang)
            and not self._dictionary_given_name(after.text, lang)
        ):
            # «Гордон Джондро», «Богуслава Свободы»: our word is someone's given name.
            # (A given name after it starts a new person: «Мер Києва Віталій Кличко».)
            return f"followed by {after.text!r}: part of another name"
        before = toks[i - 1] if i > 0 else None
        if (
            before is not None
            and _adjacent(text, before, toks[i])
            and _proper(text, before)
            and self._is_adjective(before.text, lang)
        ):
            return f"after {before.text!r}: part of a longer name"
        homonym = self._homonym(entity)
        if entity.kind == "person":
            if homonym and not self._role_before(toks, i):
                return f"also {homonym}, without a title or role"
            return ""
        word = toks[i].text
        if homonym:
            kind = f"also {homonym}"
        elif entity.level == "settlement":
            kind = "a settlement below raion level"
        elif self._dictionary_given_name(word, lang):
            kind = "a given name too"
        else:
            return ""
        if self._place_context(toks, i, n, lang):
            return ""
        return f"{kind}, without a place preposition, qualifier or oblast"

    def _homonym(self, entity: Entity) -> str:
        last = {f.split()[-1] for f in entity.forms if f.split()}
        names = {entity.name_uk, entity.name_ru, *last}
        if entity.kind == "person":  # the surname is what collides
            names = last
        return next((self.gazetteer.homonyms[n] for n in names if n in self.gazetteer.homonyms), "")

    def _role_before(self, toks: list[Token], i: int) -> bool:
        return any(t.text.lower() in PERSON_ROLES for t in toks[max(0, i - 3) : i])

    def _dictionary_given_name(self, word: str, lang: str) -> bool:
        """A given name in pymorphy3's dictionary (not a guess of its suffix predictor)."""
        from pymorphy3.units import DictionaryAnalyzer

        return any(
            "Name" in p.tag and type(p.methods_stack[0][0]) is DictionaryAnalyzer
            for p in morph(lang).parse(word)
        )

    def _is_adjective(self, word: str, lang: str) -> bool:
        """«Південної (Кароліни)», «Нижний (Новгород)»: a name of several words."""
        return any({"ADJF", "ADJS"} & grammemes(p) for p in morph(lang).parse(word)[:2])

    def _is_qualifier_after(self, token: Token, lang: str) -> bool:
        """«Богуслав Київської області»: an oblast adjective after the place."""
        return any(e.kind == "oblast" for e, _ in self._candidates(token.text, lang))

    def _place_context(self, toks: list[Token], i: int, n: int, lang: str) -> bool:
        if i > 0:
            previous = toks[i - 1].text.lower()
            if previous in PLACE_QUALIFIERS:
                return True
            cases = PLACE_PREPOSITIONS.get(previous)
            if cases and any(cases & grammemes(p) for p in morph(lang).parse(toks[i].text)[:4]):
                return True
        if i + n < len(toks) and self._is_qualifier_after(toks[i + n], lang):
            return True
        following = [t.text.lower() for t in toks[i + n : i + n + 2]]
        if following and following[0].startswith(("район", "области", "області", "обл")):
            return True
        # «на Київщині», «на Кировоградщине», «на Донеччині»: the region by its -щина name
        return (
            len(following) == 2
            and following[0] in ("на", "в", "у")
            and REGION_NOUN.search(following[1]) is not None
        )

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


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Only spaces between: «Гордон Джондро», not «Гордон, Джондро»."""
    return left.end <= right.start and not text[left.end : right.start].strip()


def _proper(text: str, token: Token) -> bool:
    """Capitalised where Russian and Ukrainian capitalise only names."""
    return token.text[:1].isupper() and not _sentence_start(text, token.start)


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(' «„"(')
    return not before or before[-1] in ".!?…"
