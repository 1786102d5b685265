"""Projection: find how the translation rendered each entity of the source, and put the
house form there.

An engine may write Харків as Charkow, Charkiw, Kharkiv or Kharkov, Зеленский as
Selenski, Selenskij, Zelensky or Zelenskyy, and add German endings (Selenskis, Charkower).
Instead of listing every variant, each Cyrillic name becomes a pattern that accepts any
common romanisation of each letter (х → ch|kh|h, ж → sch|zh|sh|ž, ий → ij|iy|y|i, …).
Only entities found in the source are looked for, only whole capitalised words are
matched, and a match that already is the house form is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsmt.names.detect import Mention
from newsmt.names.gazetteer import Entity, Gazetteer
from newsmt.names.styles import Style
from newsmt.names.translit import transliterate

LETTERS: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("ff", "w", "v", "f"), "г": ("gh", "g", "h"),
    "ґ": ("g",), "д": ("d",), "е": ("je", "ye", "ie", "jo", "yo", "e", "ä"),
    "є": ("je", "ye", "ie", "e"),
    "ё": ("jo", "yo", "io", "o", "e", "ë"), "ж": ("sch", "zh", "sh", "ž", "j", "z", "s"),
    "з": ("s", "z"), "и": ("ij", "yi", "i", "y"), "і": ("i", "y"), "ї": ("ji", "yi", "i", "ï"),
    "й": ("j", "i", "y", ""), "к": ("ck", "k", "c"), "л": ("l",), "м": ("m",), "н": ("n",),
    "о": ("o",), "п": ("p",), "р": ("r",), "с": ("ss", "s", "c"), "т": ("t",),
    "у": ("ou", "u"), "ф": ("ph", "f"), "х": ("ch", "kh", "h", "x"),
    "ц": ("tz", "ts", "cz", "z", "c"), "ч": ("tsch", "tch", "ch", "cz", "č"),
    "ш": ("sch", "sh", "sz", "š"), "щ": ("schtsch", "shch", "stsch", "sch", "šč", "sc"),
    "ъ": ("",), "ы": ("y", "i"), "ь": ("j", "i", "'", ""), "э": ("e", "ä"),
    "ю": ("ju", "yu", "iu", "u", "û"), "я": ("ja", "ya", "ia", "a", "â"),
    "'": ("'", "’", ""), "’": ("'", "’", ""), "ʼ": ("'", "’", ""), "-": ("-", " "),
}  # fmt: skip
SUFFIX = r"(?P<suffix>s|'|er|ern|ers)?"
OBLAST_NOUNS = r"Gebiet|Oblast|Region|Bezirk|Verwaltungsbezirk|Provinz"


def romanisation_pattern(name: str) -> str:
    """A regex (case-insensitive) accepting the common Latin renderings of a Cyrillic name."""
    parts: list[str] = []
    lower = name.lower().replace("ё", "ё")
    i = 0
    while i < len(lower):
        char = lower[i]
        if lower.startswith("кс", i):
            parts.append("(?:ks|x|cks|chs)")
            i += 2
            continue
        if char == " ":
            parts.append(r"\s+")
        elif char in LETTERS:
            options = sorted(LETTERS[char], key=len, reverse=True)
            group = "|".join(re.escape(o) for o in options if o)
            run = len(lower[i:]) - len(lower[i:].lstrip(char))
            run -= char == "к" and lower.startswith("кс", i + run - 1)  # кс has its own rule
            first = f"(?:{group}){'?' if '' in options else ''}"
            if run == 1:
                parts.append(first)
            else:
                # A doubled letter may be written once (Касса: Kasa) and each rendering of
                # "с" may be "ss": without the atomic group a name with many such runs
                # backtracks exponentially on a near miss and hangs the names step.
                parts.append(f"(?>{first}{f'(?:{group})?' * (run - 1)})")
                i += run
                continue
        else:
            parts.append(re.escape(char))
        i += 1
    return "".join(parts)


@dataclass(frozen=True)
class Change:
    from_: str
    to: str
    entity: str
    kind: str
    reason: str
    start: int
    end: int

    def as_dict(self) -> dict[str, str]:
        return {
            "from": self.from_,
            "to": self.to,
            "entity": self.entity,
            "kind": self.kind,
            "reason": self.reason,
        }


@dataclass
class _Candidate:
    start: int
    end: int
    replacement: str
    entity: Entity
    reason: str


def _inflect(house: str, suffix: str | None) -> str:
    if not suffix:
        return house
    if suffix == "s" and house[-1:] in "sßxz":
        return house + "'"
    if suffix == "'" and house[-1:] not in "sßxz":
        return house + "s"
    return house + suffix


class Projector:
    def __init__(self, gazetteer: Gazetteer, style: Style) -> None:
        self.gazetteer = gazetteer
        self.style = style

    def _literals(self, entity: Entity) -> set[str]:
        """Latin spellings of the entity that any style or source knows."""
        values = {entity.latin, entity.english, entity.exonym, entity.established}
        values.add(self.gazetteer.duden(entity))
        if entity.name_uk:
            values.add(transliterate(entity.name_uk, lang="uk", system="national"))
        return {v for v in values if v}

    def _name_pattern(self, entity: Entity, surname_only: bool) -> str:
        names = set(entity.forms)
        literals = self._literals(entity)
        if surname_only:
            names = {n.split()[-1] for n in names if n.split()}
            literals = {n.split()[-1] for n in literals if n.split()}
        elif entity.kind == "person":
            # given name and the rest separately, so that any rendering of one combines
            # with any rendering of the other (Alexander + Syrski, Wolodymyr + Zelensky)
            split = [n.split(" ", 1) for n in names | literals if " " in n]
            given = {g for g, _ in split} | {
                self.gazetteer.given_names_ru[g]
                for g, _ in split
                if g in self.gazetteer.given_names_ru
            }
            rest = {r for _, r in split}
            return (
                f"(?:{self._alternatives(given)})\\s+(?:{self._alternatives(rest)})"
                if split
                else self._alternatives(names | literals)
            )
        return "(?:" + self._alternatives(names | literals) + ")"

    @staticmethod
    def _alternatives(values: set[str]) -> str:
        """Cyrillic values become romanisation patterns, Latin ones literal text."""
        patterns = [
            romanisation_pattern(v) if re.search("[\u0400-\u04ff]", v) else re.escape(v)
            for v in sorted(values, key=len, reverse=True)
        ]
        return "|".join(patterns)

    def _house(self, entity: Entity, surname_only: bool) -> tuple[str, str]:
        house, reason = self.gazetteer.house_form(entity, self.style)
        if surname_only and entity.kind == "person" and house.split():
            house = house.split()[-1]
        return house, reason

    def _candidates(self, mt: str, mention: Mention) -> list[_Candidate]:
        entity = mention.entity
        found: list[_Candidate] = []
        if entity.kind == "oblast":
            place = entity.named_after
            assert place is not None
            house, reason = self._house(entity, False)
            name = self._name_pattern(place, False)
            before = re.compile(
                rf"(?<![\w-])(?P<noun>{OBLAST_NOUNS})(?P<nsuf>e?s)?\s+(?P<name>{name})s?(?!\w)",
                re.I,
            )
            after = re.compile(
                rf"(?<![\w-])(?P<name>{name})(?:er\s+|-|\s+)(?P<noun>{OBLAST_NOUNS})(?P<nsuf>e?s)?(?!\w)",
                re.I,
            )
            for pattern in (before, after):
                for m in pattern.finditer(mt):
                    if not m.group("name")[:1].isupper():
                        continue
                    noun = m.group("noun")
                    noun = noun[0].upper() + noun[1:].lower() if noun.islower() else noun
                    replacement = f"{noun}{m.group('nsuf') or ''} {house}"
                    found.append(_Candidate(m.start(), m.end(), replacement, entity, reason))
            mention = Mention(place, mention.start, mention.end, mention.text)
            entity = place
        for surname_only in (False, True) if entity.kind == "person" else (False,):
            pattern = re.compile(
                rf"(?<![\w-])(?P<name>{self._name_pattern(entity, surname_only)}){SUFFIX}(?!\w)",
                re.I,
            )
            house, reason = self._house(entity, surname_only)
            for m in pattern.finditer(mt):
                if not m.group("name")[:1].isupper():
                    continue
                replacement = _inflect(house, m.group("suffix"))
                found.append(_Candidate(m.start(), m.end(), replacement, entity, reason))
        return found

    def _in_scope(self, entity: Entity) -> bool:
        """The english style spells Ukrainian and Russian people and places in English;
        everyone else keeps the German form the engine gave them."""
        if self.style.transcription != "english":
            return True
        country = (entity.named_after or entity).country
        return country in ("UA", "RU")

    def apply(self, mt: str, mentions: list[Mention], src_lang: str) -> tuple[str, list[Change]]:
        candidates: list[_Candidate] = []
        seen: set[str] = set()
        for mention in mentions:
            if mention.entity.key in seen or not self._in_scope(mention.entity):
                continue
            seen.add(mention.entity.key)
            candidates += self._candidates(mt, mention)
        # longest match wins where matches overlap; then left to right
        candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
        chosen: list[_Candidate] = []
        for c in sorted(candidates, key=lambda c: -(c.end - c.start)):
            if all(c.end <= o.start or c.start >= o.end for o in chosen):
                chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        changes: list[Change] = []
        first_seen: set[str] = set()
        out: list[str] = []
        position = 0
        for c in chosen:
            original = mt[c.start : c.end]
            replacement = c.replacement
            if self.style.source_form_first_mention and c.entity.key not in first_seen:
                source_form = self._source_form(c.entity, src_lang, original)
                if source_form and source_form != replacement:
                    replacement = f"{source_form} [{replacement}]"
            first_seen.add(c.entity.key)
            out.append(mt[position : c.start])
            out.append(replacement)
            position = c.end
            if replacement != original:
                changes.append(
                    Change(
                        original,
                        replacement,
                        c.entity.label,
                        c.entity.kind,
                        c.reason,
                        c.start,
                        c.end,
                    )
                )
        out.append(mt[position:])
        return "".join(out), changes

    def _source_form(self, entity: Entity, src_lang: str, original: str) -> str:
        name = entity.name_ru if src_lang == "ru" and entity.name_ru else entity.name_uk
        if not name or entity.latin:
            return ""
        form = transliterate(name, lang=src_lang)
        return form if len(original.split()) > 1 or not form.split() else form.split()[-1]
