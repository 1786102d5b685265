"""Scores for extracted text, so extraction is measured against other people's ground truth.

`shingle_scores` is the metric of the scrapinghub article-extraction benchmark, written from
its description in ../shared/extraction-benchmark/README.md: texts become runs of four
`\\w+` tokens with counts, each page's true and false positives and misses are divided by
their sum (every page weighs the same), and precision and recall are means over pages.
The same comparison of two texts scores single fields of the ru/uk gold set.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageCounts:
    """One page's share of true positives, false positives and misses (they sum to 1)."""

    tp: float
    fp: float
    fn: float


def page_counts(predicted: str, truth: str) -> PageCounts:
    got, want = shingles(predicted), shingles(truth)
    tp = sum((got & want).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:  # nothing expected, nothing given: a perfect page
        return PageCounts(1.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    accuracy: float

    def rounded(self, digits: int = 3) -> dict[str, float]:
        return {k: round(v, digits) for k, v in vars(self).items()}


def shingle_scores(pairs: Sequence[tuple[str, str]]) -> Scores:
    """(predicted, truth) per page. A page with no prediction scores 0 recall and is left
    out of the precision mean, as in the benchmark."""
    counts = [page_counts(p, t) for p, t in pairs]
    with_prediction = [c for c in counts if c.tp + c.fp > 0]
    with_truth = [c for c in counts if c.tp + c.fn > 0]
    precision = _mean([c.tp / (c.tp + c.fp) for c in with_prediction])
    recall = _mean([c.tp / (c.tp + c.fn) for c in with_truth])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = [_TOKEN.findall(p) == _TOKEN.findall(t) for p, t in pairs]
    return Scores(f1, precision, recall, _mean([float(e) for e in exact]))


def bootstrap_f1_spread(
    pairs: Sequence[tuple[str, str]], resamples: int = 200, seed: int = 0
) -> float:
    """Standard deviation of F1 over resampled page sets: how much a difference can be noise."""
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        sample = [pairs[rng.randrange(len(pairs))] for _ in pairs]
        values.append(shingle_scores(sample).f1)
    mean = _mean(values)
    return float((sum((v - mean) ** 2 for v in values) / max(len(values) - 1, 1)) ** 0.5)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# --- fields of the ru/uk gold set (tests/fixtures/extraction/news-pages-truth.jsonl) ---


def fingerprint(text: str, words: int = 8) -> str:
    """The first words of a paragraph: enough to tell paragraphs apart, not a copy of them."""
    return " ".join(_TOKEN.findall(text.lower())[:words])


def _overlap(got: list[str], want: list[str]) -> int:
    return sum((Counter(got) & Counter(want)).values())


@dataclass
class FieldTally:
    """Running per-field totals over the pages that have the field in their truth."""

    counts: dict[str, list[float]]

    def __init__(self) -> None:
        self.counts = {}

    def add(self, name: str, value: float) -> None:
        self.counts.setdefault(name, []).append(value)

    def means(self) -> dict[str, float]:
        return {k: round(_mean(v), 3) for k, v in sorted(self.counts.items())}


def score_fields(predicted: dict[str, object], truth: dict[str, object], tally: FieldTally) -> None:
    """`predicted` has title, lead, date (ISO), body, background (texts), related (URL)."""
    if "title" in truth:
        same = " ".join(str(predicted.get("title") or "").split()).casefold()
        tally.add("title", float(same == " ".join(str(truth["title"]).split()).casefold()))
    if "lead" in truth:
        lead = predicted.get("lead")
        got = fingerprint(str(lead)) if lead else None
        tally.add("lead", float(got == truth["lead"]))
    if "date" in truth:
        tally.add("date", float(predicted.get("date") == truth["date"]))
    for part in ("body", "background"):
        if part not in truth:
            continue
        texts = predicted.get(part) or []
        found = [fingerprint(str(t)) for t in texts] if isinstance(texts, list) else []
        expected = truth[part]
        want = [str(w) for w in expected] if isinstance(expected, list) else []
        hits = _overlap(found, want)
        if want:
            tally.add(f"{part}_recall", hits / len(want))
        if found:
            tally.add(f"{part}_precision", hits / len(found))
        elif not want:
            tally.add(f"{part}_precision", 1.0)
    if "related" in truth:
        tally.add("related", float(predicted.get("related") == truth["related"]))
