"""The names step on text nobody on the team wrote: the human German references of
../shared/eval (FLORES-200 devtest rus and ukr, newstest2012 rus), each source sentence
with its professional translation as the "machine" output.

A professional translation is right by definition, except where house style differs
(Tymoschenko, not Timoshenko). So every change the step makes there must be on the
reviewed list `data/names/reference-changes.tsv` — set, line, from, to, and why it is
right — and every change on the list must still be made. CI compares both ways.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsmt.names.house_style import HouseStyler

REFERENCE_SETS = (  # (name, source file, German file, source language)
    ("flores200-rus", "flores200-devtest/rus.txt", "flores200-devtest/deu.txt", "ru"),
    ("flores200-ukr", "flores200-devtest/ukr.txt", "flores200-devtest/deu.txt", "uk"),
    ("newstest2012-rus", "newstest2012/rus.txt", "newstest2012/deu.txt", "ru"),
)
COLUMNS = ("set", "line", "from", "to", "why")


@dataclass(frozen=True)
class ReferenceChange:
    set: str
    line: int
    from_: str
    to: str
    why: str = ""

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.set, self.line, self.from_, self.to)


def reference_pairs(eval_dir: Path) -> Iterator[tuple[str, int, str, str, str]]:
    """(set, line, source, German, language) for every line of the three sets."""
    for name, src, deu, lang in REFERENCE_SETS:
        sources = (eval_dir / src).read_text(encoding="utf-8").splitlines()
        german = (eval_dir / deu).read_text(encoding="utf-8").splitlines()
        if len(sources) != len(german):
            raise ValueError(f"{src} and {deu} differ in length")
        for number, (s, d) in enumerate(zip(sources, german, strict=True), start=1):
            yield name, number, s, d, lang


def changes_on_references(styler: HouseStyler, eval_dir: Path) -> list[ReferenceChange]:
    """Every change the step makes on the references (the unknown-name search is off:
    it changes nothing)."""
    found = []
    for name, number, src, german, lang in reference_pairs(eval_dir):
        result = styler.apply(src, german, lang, report_unknown=False)
        found += [ReferenceChange(name, number, c.from_, c.to, c.reason) for c in result.changes]
    return found


def load_expected(path: Path | None = None) -> list[ReferenceChange]:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else resources.files("newsmt.data")
        .joinpath("names/reference-changes.tsv")
        .read_text("utf-8")
    )
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
    return [
        ReferenceChange(r["set"], int(r["line"]), r["from"], r["to"], r.get("why") or "")
        for r in rows
    ]


@dataclass
class GateReport:
    made: list[ReferenceChange]
    expected: list[ReferenceChange]

    @property
    def unexpected(self) -> list[ReferenceChange]:
        allowed = {e.key for e in self.expected}
        return [c for c in self.made if c.key not in allowed]

    @property
    def missing(self) -> list[ReferenceChange]:
        made = {c.key for c in self.made}
        return [e for e in self.expected if e.key not in made]

    @property
    def passed(self) -> bool:
        return not self.unexpected and not self.missing

    def as_dict(self) -> dict[str, object]:
        return {
            "changes": len(self.made),
            "expected": len(self.expected),
            "unexpected": [c.__dict__ for c in self.unexpected],
            "missing": [c.__dict__ for c in self.missing],
            "passed": self.passed,
        }


def tsv_line(change: ReferenceChange) -> str:
    return "\t".join((change.set, str(change.line), change.from_, change.to, change.why))
