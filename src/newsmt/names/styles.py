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

from newsmt.names.rows import LoadProblem, read_text


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


def _read_editors(
    path: Path,
) -> tuple[dict[str, dict[str, Any]], list[LoadProblem], dict[str, int]]:
    """The editors' styles that are at least mappings, and a problem for everything
    else: a file YAML cannot read is ignored as a whole, a bad entry on its own."""
    origin = str(path)
    text, problems = read_text(path, origin)
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, RecursionError) as exc:  # a thousand nested brackets
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        detail = getattr(exc, "problem", None) or exc
        why = f"kein gültiges YAML ({detail}); die Datei wird nicht gelesen"
        return {}, [*problems, LoadProblem(origin, line, why)], {}
    if not isinstance(data, dict):
        why = "erwartet: Stilname → Einstellungen; die Datei wird nicht gelesen"
        return {}, [*problems, LoadProblem(origin, 1, why)], {}
    lines = {
        str(key.value): key.start_mark.line + 1
        for key, _ in (node.value if isinstance(node, yaml.MappingNode) else [])
    }
    good: dict[str, dict[str, Any]] = {}
    for name, spec in data.items():
        if isinstance(spec, dict):
            good[str(name)] = spec
        else:
            why = f"Stil {name!r}: erwartet Einstellungen (transcription, exonyms, …)"
            problems.append(LoadProblem(origin, lines.get(str(name), 0), why))
    return good, problems, lines


def _build(
    name: str, raw: dict[str, dict[str, Any]], styles: dict[str, Style], seen: tuple[str, ...] = ()
) -> Style:
    if name in styles:
        return styles[name]
    if name not in raw or name in seen:
        raise StyleError(f"unknown or circular style {name!r}")
    spec = dict(raw[name])
    base = (
        _build(str(spec.pop("base")), raw, styles, (*seen, name)) if "base" in spec else Style(name)
    )
    transcription = spec.get("transcription", base.transcription)
    if transcription not in ("duden", "english"):
        raise StyleError(f"style {name!r}: transcription must be duden or english")
    exonyms = spec.get("exonyms", base.exonyms)
    if isinstance(exonyms, str) or not all(isinstance(e, str) for e in exonyms):
        raise StyleError(f"style {name!r}: exonyms must be a list of Ukrainian names")
    style = Style(
        name=name,
        transcription=transcription,
        exonyms=frozenset(exonyms),
        source_form_first_mention=bool(
            spec.get("source_form_first_mention", base.source_form_first_mention)
        ),
        description=str(spec.get("description", base.description)),
    )
    styles[name] = style
    return style


def _load(
    user_file: Path | None,
) -> tuple[dict[str, Style], list[LoadProblem], set[str]]:
    """Styles, problems, and the names of the editors' styles left out."""
    shipped = _read(
        resources.files("newsmt.data").joinpath("names/styles.yaml").read_text("utf-8"),
        "styles.yaml",
    )
    styles: dict[str, Style] = {}
    for name in shipped:
        _build(name, shipped, styles)
    if user_file is None or not user_file.exists():
        return styles, [], set()
    theirs, problems, lines = _read_editors(user_file)
    merged = {**shipped, **theirs}
    built: dict[str, Style] = {}
    broken: set[str] = set()
    for name in merged:
        try:
            _build(name, merged, built)
        except (StyleError, TypeError, ValueError, AttributeError) as exc:
            broken.add(name)
            why = f"Stil {name!r} wird nicht verwendet: {exc}"
            problems.append(LoadProblem(str(user_file), lines.get(name, 0), why))
    return {**styles, **built}, problems, broken


def load_styles_reporting(
    user_file: Path | None = None,
) -> tuple[dict[str, Style], list[LoadProblem]]:
    """The built-in styles and the editors' ones, and a problem for each editors' style
    that cannot be built: it is left out (a built-in style of its name stays), the
    others work. A file YAML cannot read counts as empty."""
    styles, problems, _ = _load(user_file)
    return styles, problems


def load_styles(user_file: Path | None = None) -> dict[str, Style]:
    return load_styles_reporting(user_file)[0]


def get_style(name: str, user_file: Path | None = None) -> Style:
    """The style of that name. An editors' style their file defines but that cannot be
    built (see load_styles_reporting) gives way to "default": the names page lists the
    problem, and the line goes on instead of failing every article."""
    styles, _, broken = _load(user_file)
    if name not in styles and name in broken:
        return styles["default"]
    if name not in styles:
        raise StyleError(f"unknown style {name!r}; available: {', '.join(sorted(styles))}")
    return styles[name]
