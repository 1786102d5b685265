"""Extraction measured on pages nobody here wrote, newsmt beside plain trafilatura.

1. ../shared/extraction-benchmark (181 pages, hand-checked article bodies): the reader's
   text (lead, body and background joined) scored with the benchmark's own shingle metric,
   newsmt's generic extractor and `trafilatura.extract(html, include_comments=False)` side
   by side in one run.
2. ../shared/news-pages (real ru/uk pages of Ukrainian outlets) against the ground truth in
   tests/fixtures/extraction/news-pages-truth.jsonl: per field (title, lead, date, body and
   background recall and precision, related).

Prints one JSON line. `tests/sources/test_extraction_gate.py` runs the same measures with
floors, so CI fails on a regression.

    .venv/bin/python benchmarks/extraction.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

import trafilatura

from newsmt.sources.extract import ExtractionError, extract_article
from newsmt.sources.extract.scoring import (
    FieldTally,
    bootstrap_f1_spread,
    score_fields,
    shingle_scores,
)

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT / "tests" / "fixtures" / "extraction" / "news-pages-truth.jsonl"


def reader_text(html: str, url: str) -> str:
    try:
        article = extract_article(html, url)
    except ExtractionError:
        return ""
    return "\n".join([article.lead or "", *(b.text for b in article.blocks), *article.background])


def benchmark_pairs(folder: Path) -> dict[str, list[tuple[str, str]]]:
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    pairs: dict[str, list[tuple[str, str]]] = {"newsmt": [], "trafilatura": []}
    for page_id in sorted(truth):
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()).decode()
        body, url = truth[page_id]["articleBody"], truth[page_id]["url"]
        pairs["newsmt"].append((reader_text(html, url), body))
        plain = trafilatura.extract(html, include_comments=False) or ""
        pairs["trafilatura"].append((plain, body))
    return pairs


def score_benchmark(folder: Path) -> dict[str, Any]:
    pairs = benchmark_pairs(folder)
    scores = {name: shingle_scores(p).rounded() for name, p in pairs.items()}
    return {
        "pages": len(pairs["newsmt"]),
        **{name: s for name, s in scores.items()},
        "f1_spread": round(bootstrap_f1_spread(pairs["newsmt"]), 3),
        "f1_gain": round(scores["newsmt"]["f1"] - scores["trafilatura"]["f1"], 3),
    }


def predicted_fields(html: str, url: str, adapter: str) -> dict[str, object]:
    try:
        article = extract_article(html, url, adapter=adapter)
    except ExtractionError:
        return {}
    return {
        "title": article.title,
        "lead": article.lead,
        "date": article.published_at.isoformat() if article.published_at else None,
        "body": [b.text for b in article.blocks],
        "background": article.background,
        "related": article.related.url if article.related else None,
    }


def page_url(html: str) -> str:
    marker = 'property="og:url" content="'
    start = html.find(marker)
    if start < 0:
        return "https://example.invalid/"
    return html[start + len(marker) : html.find('"', start + len(marker))]


def score_news_pages(folder: Path, truth_file: Path = TRUTH) -> dict[str, Any]:
    tally = FieldTally()
    pages = 0
    for line in truth_file.read_text("utf-8").splitlines():
        truth = json.loads(line)
        html = (folder / truth["file"]).read_text("utf-8")
        score_fields(
            predicted_fields(html, page_url(html), truth.get("adapter", "generic")), truth, tally
        )
        pages += 1
    return {"pages": pages, **tally.means()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    started = time.perf_counter()
    result = {
        "benchmark": score_benchmark(args.shared / "extraction-benchmark"),
        "news_pages": score_news_pages(args.shared / "news-pages"),
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
