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
