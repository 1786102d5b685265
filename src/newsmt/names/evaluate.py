"""Scoring the names step against the gold set (data/names/gold.jsonl).

A case is {"id", "src_lang", "src", "mt", "expected"}: `expected` is the German text in
house style. Exact match compares whole texts. Changes are compared as word-level edits
(which words of `mt` were replaced, and by what): precision is the share of our edits
that the gold wants, recall the share of the gold's edits we made.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from newsmt.names.house_style import HouseStyler

# The bundled gold set: the first file covers the Ukrainian-name cases (cities, persons,
# genitives, oblasts); the second the traps where a wrong change is tempting (foreign
# names that collide with Ukrainian entries, English names in German text, German words
# and exonyms, persons named like places). Both are data, edited by hand, with stable ids.
GOLD_FILES = ("names/gold.jsonl", "names/gold-traps.jsonl")


def load_gold(path: Path | None = None) -> list[dict[str, Any]]:
    if path:
        texts = [path.read_text(encoding="utf-8")]
    else:
        data = resources.files("newsmt.data")
        texts = [data.joinpath(name).read_text("utf-8") for name in GOLD_FILES]
    cases = [json.loads(line) for text in texts for line in text.splitlines() if line.strip()]
    seen: set[str] = set()
    for case in cases:
        missing = {"id", "src_lang", "src", "mt", "expected"} - case.keys()
        if missing:
            raise ValueError(f"gold case {case.get('id', '?')} lacks {', '.join(sorted(missing))}")
        if case["id"] in seen:
            raise ValueError(f"gold case id {case['id']} appears twice")
        seen.add(case["id"])
    return cases


def edits(before: str, after: str) -> set[tuple[int, str, str]]:
    """Word-level replacements turning `before` into `after`, keyed by position in `before`."""
    a, b = before.split(), after.split()
    found = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            found.add((i1, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return found


@dataclass
class GoldReport:
    cases: int = 0
    exact: int = 0
    unchanged_cases: int = 0
    unchanged_violations: int = 0
    true_edits: int = 0
    our_edits: int = 0
    gold_edits: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def exact_match(self) -> float:
        return self.exact / self.cases if self.cases else 0.0

    @property
    def precision(self) -> float:
        return self.true_edits / self.our_edits if self.our_edits else 1.0

    @property
    def recall(self) -> float:
        return self.true_edits / self.gold_edits if self.gold_edits else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "cases": self.cases,
            "exact_match": round(self.exact_match, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "unchanged_cases": self.unchanged_cases,
            "unchanged_violations": self.unchanged_violations,
            "failures": self.failures,
        }


def evaluate_gold(cases: list[dict[str, Any]], styler: HouseStyler) -> GoldReport:
    report = GoldReport()
    for case in cases:
        result = styler.apply(case["src"], case["mt"], case["src_lang"])
        report.cases += 1
        ours = edits(case["mt"], result.fixed)
        gold = edits(case["mt"], case["expected"])
        report.our_edits += len(ours)
        report.gold_edits += len(gold)
        report.true_edits += len(ours & gold)
        if case["mt"] == case["expected"]:
            report.unchanged_cases += 1
            report.unchanged_violations += int(result.fixed != case["mt"])
        if result.fixed == case["expected"]:
            report.exact += 1
        else:
            report.failures.append(
                {"id": case["id"], "expected": case["expected"], "got": result.fixed}
            )
    return report
