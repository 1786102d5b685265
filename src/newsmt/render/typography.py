"""German typography applied after translation.

Engines keep the source's quotes («…», "…") and its lower-case slips; German
readers expect „…“, an en dash for a spaced hyphen and a capital at a sentence start.
"""

from __future__ import annotations

import re

_GUILLEMETS = re.compile(r"«([^«»]*)»")
_STRAIGHT = re.compile(r'"([^"]*)"')
_ENGLISH = re.compile(r"“([^“”]*)”")
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
_SENTENCE_START = re.compile(r"(^|[.!?…]“?\s+)([a-zäöü])")
# A full stop after these is not a sentence end: ordinals (3. und 4. Mai), initials and
# abbreviations (z. B., d. h., bzw.).
_NOT_SENTENCE_END = re.compile(
    r"(?:\b\d+|\b[A-Za-zÄÖÜäöü]|\b(?:bzw|ca|usw|etc|vgl|Nr|Dr|Prof|St|ggf|sog|inkl|Mio|Mrd|Jh))\.“?\s+$"
)
_DOUBLE_SPACE = re.compile(r"[ \t]{2,}")
MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
# "1. Januar" must not break between day and month (DIN 5008 / Duden: geschütztes
# Leerzeichen); the same for "Nr. 5", "S. 3" and a number before its unit sign.
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}\.) (?=(?:{MONTHS})\b)")
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:%|€|°C|km|Mio\.|Mrd\.)(?!\w))")
_ABBREV_NUMBER = re.compile(r"\b(Nr\.|S\.|Abs\.|Art\.) (?=\d)")
NBSP = "\u00a0"


def german_quotes(text: str) -> str:
    text = _GUILLEMETS.sub(r"„\1“", text)
    text = _ENGLISH.sub(r"„\1“", text)
    return _STRAIGHT.sub(r"„\1“", text)


def capitalise_sentence_starts(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        before = text[: match.start(2)]
        if match.group(1) and _NOT_SENTENCE_END.search(before):
            return match.group(0)
        return match.group(1) + match.group(2).upper()

    return _SENTENCE_START.sub(fix, text)


def non_breaking_spaces(text: str) -> str:
    text = _DAY_MONTH.sub(rf"\1{NBSP}", text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    return _ABBREV_NUMBER.sub(rf"\1{NBSP}", text)


def german_typography(text: str, *, capitalise: bool = True) -> str:
    """`capitalise=False` for fragments (link anchors) that are not whole sentences."""
    text = _DOUBLE_SPACE.sub(" ", text).strip()
    text = german_quotes(text)
    text = _SPACED_HYPHEN.sub(" – ", text)
    if capitalise:
        text = capitalise_sentence_starts(text)
    return non_breaking_spaces(text)
