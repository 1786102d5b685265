"""Cyrillic → Latin: Duden transcription (uk, ru), Ukrainian national romanisation (2010),
and scientific transliteration (ISO 9:1995).

The Duden tables are those of ../shared/names/README.md; the national system is the
Cabinet of Ministers' resolution No. 55 of 27 January 2010 (Kyiv, Zaporizhzhia, Yuzhne);
ISO 9 is the one-letter-per-letter scientific system (Kyïv, Zaporìžžâ).

Rules that look beyond one letter: word-initial forms (national є/ї/й/ю/я → Ye/Yi/Y/Yu/Ya;
Russian е → je at the start), Russian -ий/-ый endings (Дмитрий → Dmitri, Белый → Bely),
Russian й after a vowel before a consonant (Шойгу → Schoigu), с between vowels (Василий →
Wassili), ьо → jo, the apostrophe, and capitals: a capital becomes a capitalised group
(Щ → Schtsch) or an upper-case group inside an all-capitals word (НАТО → NATO).
"""

from __future__ import annotations

import re

SYSTEMS = ("duden", "national", "scientific")
APOSTROPHES = "'’ʼ`"
UK_VOWELS = set("аеєиіїоуюя")
RU_VOWELS = set("аеёиоуыэюя")

DUDEN_UK = {
    "а": "a", "б": "b", "в": "w", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je",
    "ж": "sch", "з": "s", "и": "y", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "",
    "ю": "ju", "я": "ja",
}  # fmt: skip

DUDEN_RU = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja",
}  # fmt: skip

NATIONAL_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia",
}  # fmt: skip
NATIONAL_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

# Russian has no national system in Ukraine; for `national` on Russian text newsmt uses
# the same English-based conventions (BGN/PCGN-like), which is what English media print.
NATIONAL_RU = {
    **{k: v for k, v in NATIONAL_UK.items() if k in DUDEN_RU},
    "г": "g", "е": "e", "ё": "yo", "и": "i", "й": "y", "ъ": "", "ы": "y", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip

ISO9_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "ž", "з": "z",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "ш": "š",
    "щ": "ŝ", "ь": "ʹ", "ю": "û", "я": "â",
}  # fmt: skip
ISO9_UK = {**ISO9_COMMON, "г": "g̀", "ґ": "g", "є": "ê", "и": "i", "і": "ì", "ї": "ï"}
ISO9_RU = {**ISO9_COMMON, "ё": "ë", "и": "i", "ъ": "ʺ", "ы": "y", "э": "è"}


def _case_like(latin: str, original: str, word: str) -> str:
    if not latin or not original.isupper():
        return latin
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return latin.upper()
    return latin[0].upper() + latin[1:]


def _translit_word(word: str, lang: str, system: str) -> str:
    lower = word.lower()
    out: list[str] = []
    vowels = UK_VOWELS if lang == "uk" else RU_VOWELS
    n = len(lower)
    for i, char in enumerate(lower):
        prev = lower[i - 1] if i > 0 else ""
        nxt = lower[i + 1] if i + 1 < n else ""
        at_start = i == 0 or not prev.isalpha() and prev not in APOSTROPHES
        at_end = i + 1 == n or not nxt.isalpha()
        if char in APOSTROPHES:
            out.append("ʼ" if system == "scientific" else "")
            continue
        latin = _letter(char, prev, nxt, at_start, at_end, lang, system, vowels, lower, i)
        if latin is None:
            latin = char
        out.append(_case_like(latin, word[i], word))
    return "".join(out)


def _letter(
    char: str,
    prev: str,
    nxt: str,
    at_start: bool,
    at_end: bool,
    lang: str,
    system: str,
    vowels: set[str],
    word: str,
    i: int,
) -> str | None:
    if system == "scientific":
        return (ISO9_UK if lang == "uk" else ISO9_RU).get(char)
    if system == "national":
        if lang == "uk":
            if at_start and char in NATIONAL_UK_INITIAL:
                return NATIONAL_UK_INITIAL[char]
            if char == "г" and prev == "з":
                return "gh"  # зг → zgh (Zghurivka), so it is not read as "zh"
            return NATIONAL_UK.get(char)
        if char == "е" and (at_start or prev in vowels or prev in "ъь"):
            return "ye"
        if char in "ый" and prev in "иы" and at_end:
            return "" if char == "й" else "y"
        return NATIONAL_RU.get(char)
    # Duden
    if lang == "uk":
        if char == "ь" and nxt == "о":
            return "j"  # ьо → jo
        return DUDEN_UK.get(char)
    if char == "е" and (at_start or prev in vowels or prev in "ъь"):
        return "je"
    if char == "ё":
        return "o" if prev in "жчшщ" else "jo"
    if char == "й":
        if at_end and prev in "иы":
            return ""  # -ий → -i, -ый → -y
        if prev in vowels and prev not in "еи" and (at_end or nxt not in vowels):
            return "i"  # Шойгу → Schoigu, Толстой → Tolstoi
        return "j"
    if char == "с" and prev in vowels and nxt in vowels:
        return "ss"  # Василий → Wassili
    return DUDEN_RU.get(char)


_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ʼ`](?=[^\W\d_]))*")


def transliterate(text: str, *, lang: str, system: str = "duden") -> str:
    """Transliterate every Cyrillic word of `text`; everything else passes through."""
    if lang not in ("uk", "ru"):
        raise ValueError(f"language must be uk or ru, not {lang!r}")
    if system not in SYSTEMS:
        raise ValueError(f"system must be one of {', '.join(SYSTEMS)}, not {system!r}")
    return _WORD.sub(lambda m: _translit_word(m.group(0), lang, system), text)
