"""Which paragraphs of a page are furniture, read-also inserts or background.

The patterns are data (data/extraction/conventions.yaml), so an editor can add an opener
or a promo line without touching code, and an outlet profile can add its own on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from newsmt.sources.extract.common import normalise_space

_OPENING_QUOTES = "«\"„“'‘ "


def _compile(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Conventions:
    background_openers: tuple[str, ...] = ()
    read_also: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()
    max_furniture_words: int = 40
    _compiled: dict[str, re.Pattern[str] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for name in ("background_openers", "read_also", "furniture"):
            self._compiled[name] = _compile(list(getattr(self, name)))

    def extended(self, extra: dict[str, Any] | None) -> Conventions:
        """These conventions plus an outlet's own."""
        if not extra:
            return self
        return Conventions(
            background_openers=self.background_openers
            + tuple(extra.get("background_openers") or ()),
            read_also=self.read_also + tuple(extra.get("read_also") or ()),
            furniture=self.furniture + tuple(extra.get("furniture") or ()),
            max_furniture_words=int(extra.get("max_furniture_words") or self.max_furniture_words),
        )

    def _match(self, name: str, text: str) -> re.Match[str] | None:
        pattern = self._compiled[name]
        return pattern.match(normalise_space(text).lstrip(_OPENING_QUOTES)) if pattern else None

    def is_background(self, text: str) -> bool:
        return self._match("background_openers", text) is not None

    def is_furniture(self, text: str) -> bool:
        if len(text.split()) > self.max_furniture_words:
            return False
        return self._match("furniture", text) is not None

    def read_also_prefix(self, text: str) -> str | None:
        """The read-also words a paragraph opens with («Читайте также:»), or None."""
        match = self._match("read_also", text)
        if match is None:
            return None
        rest = normalise_space(text).lstrip(_OPENING_QUOTES)[match.end() :]
        if rest and rest[0].isalnum() and not match.group(0).endswith((" ", ".")):
            return None  # «Читайтеся» or «Relatedness»: a longer word, not the marker
        return match.group(0)

    def is_read_also_heading(self, text: str) -> bool:
        """The paragraph is the marker alone («Читайте також:», «Related stories»)."""
        prefix = self.read_also_prefix(text)
        if prefix is None:
            return False
        rest = normalise_space(text).lstrip(_OPENING_QUOTES)[len(prefix) :]
        return not rest.strip(" :.-–—•>|")


@lru_cache(maxsize=1)
def default_conventions() -> Conventions:
    raw = yaml.safe_load(
        resources.files("newsmt.data").joinpath("extraction/conventions.yaml").read_text("utf-8")
    )
    return Conventions(
        background_openers=tuple(raw.get("background_openers") or ()),
        read_also=tuple(raw.get("read_also") or ()),
        furniture=tuple(raw.get("furniture") or ()),
        max_furniture_words=int(raw.get("max_furniture_words") or 40),
    )
