"""Replace engine spellings of names with the house form, and say what was changed.

Rules come from a TSV data file editors can extend. Matching is on whole words only,
longest variant first, and keeps a German genitive -s (Selenskis → Selenskyjs).
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class HouseForm:
    variant: str
    house: str
    kind: str
    entity: str
    reason: str


@dataclass(frozen=True)
class NameChange:
    from_: str
    to: str
    entity: str
    kind: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["from"] = data.pop("from_")
        return data


def load_house_forms(path: Path | None = None) -> tuple[HouseForm, ...]:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else resources.files("newsmt.data").joinpath("names/house-forms.tsv").read_text("utf-8")
    )
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    forms = [HouseForm(*row[:5]) for row in csv.reader(rows, delimiter="\t") if len(row) >= 5]
    return tuple(sorted(forms, key=lambda f: -len(f.variant)))


@lru_cache(maxsize=4)
def _compiled(forms: tuple[HouseForm, ...]) -> tuple[re.Pattern[str], dict[str, HouseForm]]:
    by_variant = {f.variant: f for f in forms}
    alternatives = "|".join(re.escape(f.variant) for f in forms)
    return re.compile(rf"(?<![\w-])({alternatives})(s?)(?![\w])"), by_variant


def apply_house_style(
    text: str, forms: tuple[HouseForm, ...] | None = None
) -> tuple[str, list[NameChange]]:
    forms = forms if forms is not None else load_house_forms()
    if not forms or not text:
        return text, []
    pattern, by_variant = _compiled(forms)
    changes: list[NameChange] = []

    def replace(match: re.Match[str]) -> str:
        form = by_variant[match.group(1)]
        suffix = match.group(2)
        changes.append(
            NameChange(match.group(0), form.house + suffix, form.entity, form.kind, form.reason)
        )
        return form.house + suffix

    return pattern.sub(replace, text), changes
