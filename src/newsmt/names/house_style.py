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

from newsmt.names.detect import Detector, Doubt, UnknownName
from newsmt.names.gazetteer import Gazetteer, load_gazetteer
from newsmt.names.project import Change, Projector
from newsmt.names.styles import Style, get_style


@dataclass
class NamesResult:
    fixed: str
    changes: list[Change] = field(default_factory=list)
    unknown: list[UnknownName] = field(default_factory=list)
    # Gazetteer hits without the evidence a change needs: listed for editors, not changed.
    doubtful: list[dict[str, str]] = field(default_factory=list)
    # the source's words the gazetteer recognised for sure: a name listed as unknown
    # before that one of these covers has since been taught to the gazetteer
    known: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "fixed": self.fixed,
            "changes": [c.as_dict() for c in self.changes],
            "unknown": [{"name": u.name, "suggestion": u.suggestion} for u in self.unknown],
            "doubtful": self.doubtful,
        }


class HouseStyler:
    def __init__(self, gazetteer: Gazetteer, style: Style) -> None:
        self.gazetteer = gazetteer
        self.style = style
        self.detector = Detector(gazetteer)
        self.projector = Projector(gazetteer, style)

    def apply(
        self, src: str, mt: str, src_lang: str, *, report_unknown: bool = True
    ) -> NamesResult:
        """`report_unknown=False` skips the search for unknown names (natasha), for
        previews and re-runs that only need the fixed text."""
        if src_lang not in ("ru", "uk"):
            raise ValueError(f"src_lang must be ru or uk, not {src_lang!r}")
        mentions, doubts = self.detector.find_all(src, src_lang)
        fixed, changes = self.projector.apply(mt, mentions, src_lang)
        known = mentions + [d.mention for d in doubts]
        unknown = self.detector.unknown(src, src_lang, known) if report_unknown else []
        return NamesResult(
            fixed, changes, unknown, [self._doubt(d) for d in doubts], [m.text for m in mentions]
        )

    def _doubt(self, doubt: Doubt) -> dict[str, str]:
        house, _ = self.gazetteer.house_form(doubt.mention.entity, self.style)
        return {
            "name": doubt.mention.text,
            "entity": doubt.mention.entity.label,
            "house_form": house,
            "why": doubt.why,
        }

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


def names_version(user_dir: Path | None) -> int:
    """Changes whenever an editor changes a file in the names directory."""
    if user_dir is None or not user_dir.exists():
        return 0
    return max([user_dir.stat().st_mtime_ns, *(p.stat().st_mtime_ns for p in user_dir.iterdir())])


def house_styler(style: str = "default", user_dir: Path | None = None) -> HouseStyler:
    """Cached per style and per state of the editors' files (a reload takes ~0.2 s).
    `user_dir` may not exist yet: then only the shipped data counts."""
    if user_dir is not None and not user_dir.exists():
        user_dir = None
    return _styler(style, user_dir, names_version(user_dir))


@lru_cache(maxsize=8)
def _styler(style: str, user_dir: Path | None, version: int) -> HouseStyler:
    styles_file = user_dir / "styles.yaml" if user_dir else None
    return HouseStyler(
        Gazetteer(user_dir) if user_dir else load_gazetteer(None), get_style(style, styles_file)
    )


def apply_house_style(
    src: str, mt: str, src_lang: str, style: str = "default", user_dir: Path | None = None
) -> NamesResult:
    return house_styler(style, user_dir).apply(src, mt, src_lang)
