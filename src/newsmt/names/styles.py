"""House styles: which spelling system and which exonyms a newsroom uses.

Built-in styles live in data/names/styles.yaml; editors define their own in
$NEWSMT_HOME/names/styles.yaml (a style may extend another with `base:`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class StyleError(ValueError):
    """Unknown style or a malformed styles file."""


@dataclass(frozen=True)
class Style:
    name: str
    transcription: str = "duden"  # duden | english
    exonyms: frozenset[str] = field(default_factory=frozenset)
    source_form_first_mention: bool = False
    description: str = ""


def _read(text: str, origin: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StyleError(f"{origin}: expected a mapping of style name → settings")
    return data


def load_styles(user_file: Path | None = None) -> dict[str, Style]:
    raw = _read(
        resources.files("newsmt.data").joinpath("names/styles.yaml").read_text("utf-8"),
        "styles.yaml",
    )
    if user_file is not None and user_file.exists():
        raw.update(_read(user_file.read_text(encoding="utf-8"), str(user_file)))
    styles: dict[str, Style] = {}

    def build(name: str, seen: tuple[str, ...] = ()) -> Style:
        if name in styles:
            return styles[name]
        if name not in raw or name in seen:
            raise StyleError(f"unknown or circular style {name!r}")
        spec = dict(raw[name])
        base = build(spec.pop("base"), (*seen, name)) if "base" in spec else Style(name)
        transcription = spec.get("transcription", base.transcription)
        if transcription not in ("duden", "english"):
            raise StyleError(f"style {name!r}: transcription must be duden or english")
        style = Style(
            name=name,
            transcription=transcription,
            exonyms=frozenset(spec.get("exonyms", base.exonyms)),
            source_form_first_mention=bool(
                spec.get("source_form_first_mention", base.source_form_first_mention)
            ),
            description=str(spec.get("description", base.description)),
        )
        styles[name] = style
        return style

    for name in raw:
        build(name)
    return styles


def get_style(name: str, user_file: Path | None = None) -> Style:
    styles = load_styles(user_file)
    if name not in styles:
        raise StyleError(f"unknown style {name!r}; available: {', '.join(sorted(styles))}")
    return styles[name]
