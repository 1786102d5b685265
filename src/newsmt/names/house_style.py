"""The names step: source mentions → house forms in the German text, with explanations.

`HouseStyler.apply(src, mt, src_lang)` is the whole step for one text: recognise persons
and places in the source, project their house forms into the translation, list names
the gazetteer does not know with a suggested spelling. The same object gives engines that
accept terminology the house forms of an article's names before they translate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsmt.names.detect import Detector, UnknownName
from newsmt.names.gazetteer import Gazetteer, load_gazetteer
from newsmt.names.project import Change, Projector
from newsmt.names.styles import Style, get_style


@dataclass
class NamesResult:
    fixed: str
    changes: list[Change] = field(default_factory=list)
    unknown: list[UnknownName] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "fixed": self.fixed,
            "changes": [c.as_dict() for c in self.changes],
            "unknown": [{"name": u.name, "suggestion": u.suggestion} for u in self.unknown],
        }


class HouseStyler:
    def __init__(self, gazetteer: Gazetteer, style: Style) -> None:
        self.gazetteer = gazetteer
        self.style = style
        self.detector = Detector(gazetteer)
        self.projector = Projector(gazetteer, style)

    def apply(self, src: str, mt: str, src_lang: str) -> NamesResult:
        if src_lang not in ("ru", "uk"):
            raise ValueError(f"src_lang must be ru or uk, not {src_lang!r}")
        mentions = self.detector.find(src, src_lang)
        fixed, changes = self.projector.apply(mt, mentions, src_lang)
        unknown = self.detector.unknown(src, src_lang, mentions)
        return NamesResult(fixed, changes, unknown)

    def terminology(self, src: str, src_lang: str) -> list[tuple[str, str]]:
        """(source form, house form) for every known name in `src`, for engines."""
        pairs: dict[str, str] = {}
        for mention in self.detector.find(src, src_lang):
            house, _ = self.gazetteer.house_form(mention.entity, self.style)
            name = mention.entity.name_ru if src_lang == "ru" else mention.entity.name_uk
            if mention.entity.kind == "oblast":
                pairs[mention.text] = f"Gebiet {house}"
            elif name:
                pairs[name] = house
        return sorted(pairs.items())


@lru_cache(maxsize=8)
def house_styler(style: str = "default", user_dir: Path | None = None) -> HouseStyler:
    """Cached per style: loading the gazetteer and its index takes a fraction of a second."""
    styles_file = user_dir / "styles.yaml" if user_dir else None
    return HouseStyler(load_gazetteer(user_dir), get_style(style, styles_file))


def apply_house_style(
    src: str, mt: str, src_lang: str, style: str = "default", user_dir: Path | None = None
) -> NamesResult:
    return house_styler(style, user_dir).apply(src, mt, src_lang)
