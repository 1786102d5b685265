"""Telling Ukrainian from Russian by the letters each alphabet has alone.

Ukrainian has і ї є ґ and the apostrophe inside words; Russian has ы э ъ ё. A page is
classified by which set occurs more often; the configured language of the source is
only a fallback for texts with neither (short, or not Cyrillic at all).
"""

from __future__ import annotations

import re

_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]|(?<=[бпвмфрБПВМФР])['’ʼ](?=[яюєїЯЮЄЇ])")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def detect_language(text: str, fallback: str | None = None) -> str | None:
    uk = len(_UK_ONLY.findall(text))
    ru = len(_RU_ONLY.findall(text))
    if uk == ru == 0:
        return fallback
    return "uk" if uk > ru else "ru"
