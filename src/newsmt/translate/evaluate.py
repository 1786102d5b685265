"""Corpus evaluation with sacrebleu: BLEU, chrF and chrF++ with their signatures.

Segments go to the engine one line each, as in the OPUS-MT reference setup (no extra
sentence splitting), so scores are comparable with the published ones in
../shared/eval/README.md.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF

from newsmt.translate.engine import TranslationEngine

TESTSETS: dict[str, dict[str, tuple[str, str]]] = {
    "flores200-devtest": {"rus-deu": ("rus.txt", "deu.txt"), "ukr-deu": ("ukr.txt", "deu.txt")},
    "newstest2012": {"rus-deu": ("rus.txt", "deu.txt")},
}
SRC_LANG = {"rus": "ru", "ukr": "uk"}


class EvalDataError(ValueError):
    pass


@dataclass
class EvalResult:
    testset: str
    pair: str
    segments: int
    engine: str
    model_id: str
    model_revision: str
    bleu: float
    chrf: float
    chrf_pp: float
    bleu_signature: str
    chrf_signature: str
    chrf_pp_signature: str
    seconds: float
    segments_per_second: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def find_eval_dir() -> Path:
    """NEWSMT_EVAL_DIR, else ../shared/eval beside the working directory or the checkout."""
    if env := os.environ.get("NEWSMT_EVAL_DIR"):
        return Path(env)
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        candidate = base.parent / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    raise EvalDataError("test data not found: set NEWSMT_EVAL_DIR or pass --src and --ref")


def load_testset(testset: str, pair: str, eval_dir: Path | None = None) -> tuple[Path, Path]:
    if testset not in TESTSETS or pair not in TESTSETS[testset]:
        known = ", ".join(f"{t}:{p}" for t, pairs in TESTSETS.items() for p in pairs)
        raise EvalDataError(f"unknown test set/pair {testset}:{pair}; known: {known}")
    folder = (eval_dir or find_eval_dir()) / testset
    src, ref = TESTSETS[testset][pair]
    return folder / src, folder / ref


def read_lines(path: Path, limit: int | None = None) -> list[str]:
    if not path.is_file():
        raise EvalDataError(f"no such file: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:limit] if limit else lines


def evaluate(
    engine: TranslationEngine,
    sources: list[str],
    references: list[str],
    *,
    src_lang: str,
    testset: str = "custom",
    pair: str = "custom",
    batch_size: int = 64,
) -> EvalResult:
    if len(sources) != len(references):
        raise EvalDataError(f"{len(sources)} source lines but {len(references)} references")
    started = time.perf_counter()
    hypotheses: list[str] = []
    for start in range(0, len(sources), batch_size):
        batch = sources[start : start + batch_size]
        hypotheses += engine.translate_batch(batch, src_lang=src_lang)
    seconds = time.perf_counter() - started
    bleu, chrf, chrf_pp = BLEU(), CHRF(), CHRF(word_order=2)
    refs = [references]
    return EvalResult(
        testset=testset,
        pair=pair,
        segments=len(sources),
        engine=engine.identity.engine,
        model_id=engine.identity.model_id,
        model_revision=engine.identity.model_revision,
        bleu=round(bleu.corpus_score(hypotheses, refs).score, 2),
        chrf=round(chrf.corpus_score(hypotheses, refs).score, 2),
        chrf_pp=round(chrf_pp.corpus_score(hypotheses, refs).score, 2),
        bleu_signature=str(bleu.get_signature()),
        chrf_signature=str(chrf.get_signature()),
        chrf_pp_signature=str(chrf_pp.get_signature()),
        seconds=round(seconds, 3),
        segments_per_second=round(len(sources) / seconds, 2) if seconds else 0.0,
    )
