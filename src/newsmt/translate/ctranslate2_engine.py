"""The default engine: CTranslate2 running an OPUS-MT Marian model on the CPU (or GPU).

A model directory is what `newsmt models install` (or `make-tiny`) writes: the
CTranslate2 model, its SentencePiece models `source.spm`/`target.spm`, and
`newsmt-model.json` recording where it came from.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Sequence
from pathlib import Path

from newsmt.translate.engine import (
    EngineIdentity,
    ModelNotInstalledError,
    TranslationContext,
    TranslationEngine,
    TranslationError,
)
from newsmt.translate.segment import split_long_sentence

log = logging.getLogger("newsmt.translate")

MANIFEST = "newsmt-model.json"


def missing_model_message(model_dir: Path) -> str:
    return (
        f"No translation model at {model_dir}. Install the default model with "
        "`newsmt models install` (needs internet once), or point --model-dir / "
        "NEWSMT_MODEL_DIR at a converted CTranslate2 model directory. For an offline smoke "
        "run, build a tiny test model with `newsmt models make-tiny DIR` (it translates "
        "into nonsense)."
    )


def read_manifest(model_dir: Path) -> dict[str, str]:
    path = model_dir / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def choose_device(requested: str, gpus: int) -> str:
    """auto: the GPU when CTranslate2 sees one; cuda without a GPU is an error, not a
    silent fall-back to the CPU."""
    if requested == "auto":
        return "cuda" if gpus > 0 else "cpu"
    if requested == "cuda" and gpus == 0:
        raise ModelNotInstalledError(
            "device 'cuda' requested but CTranslate2 sees no GPU; use --device cpu"
        )
    return requested


def thread_layout(device: str, cpu_count: int | None = None) -> tuple[int, int]:
    """(inter_threads, intra_threads) for this machine.

    On a CPU, independent workers that each decode a small sub-batch single-threaded beat
    one worker spreading every matrix product over all cores: measured with
    benchmarks/engine_speed.py on 2 cores, 11 vs 8.5 sentences/s at beam 4. An article is
    cut into sub-batches of `max_batch_size` sentences, so one article keeps every worker
    busy. Many-core machines get workers of 2 threads each, to keep memory traffic sane."""
    cores = cpu_count or os.cpu_count() or 1
    if device != "cpu":
        return 1, 0
    if cores <= 4:
        return cores, 1
    return cores // 2, 2


class CTranslate2Engine(TranslationEngine):
    """Marian models need no terminology: the names step puts house forms in afterwards."""

    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        beam_size: int = 4,
        max_decoding_length: int = 256,
        max_input_tokens: int = 200,
        max_batch_size: int = 8,
        compute_type: str = "default",
        inter_threads: int | None = None,
        intra_threads: int | None = None,
    ) -> None:
        if not (model_dir / "model.bin").exists():
            raise ModelNotInstalledError(missing_model_message(model_dir))
        for name in ("source.spm", "target.spm"):
            if not (model_dir / name).exists():
                raise ModelNotInstalledError(
                    f"{model_dir} has no {name}: not a newsmt model directory. "
                    + missing_model_message(model_dir)
                )
        import ctranslate2
        import sentencepiece

        device = choose_device(device, ctranslate2.get_cuda_device_count())
        self.device = device
        inter, intra = thread_layout(device)
        self._translator = ctranslate2.Translator(
            str(model_dir),
            device=device,
            compute_type=compute_type,
            inter_threads=inter_threads or inter,
            intra_threads=intra_threads if intra_threads is not None else intra,
        )
        self._source_sp = sentencepiece.SentencePieceProcessor(
            model_file=str(model_dir / "source.spm")
        )
        self._target_sp = sentencepiece.SentencePieceProcessor(
            model_file=str(model_dir / "target.spm")
        )
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self.max_input_tokens = max_input_tokens
        # what /metrics reports as the engine's speed: target tokens and time spent on them
        self.generated_tokens: int = 0
        self.busy_seconds = 0.0
        # per segment of the last batch: how sure the model was (0..1), for the risk score
        self.last_confidences: list[float] = []
        self.max_batch_size = max_batch_size
        manifest = read_manifest(model_dir)
        self.identity = EngineIdentity(
            engine="ctranslate2",
            model_id=manifest.get("model_id", model_dir.name),
            model_revision=manifest.get("revision", "unknown"),
            warning=manifest.get("warning"),
        )
        if self.identity.warning:
            log.warning(self.identity.warning, extra={"engine": "ctranslate2"})

    def _count_tokens(self, text: str) -> int:
        return len(self._source_sp.encode(text))

    def translate_batch(
        self,
        segments: Sequence[str],
        *,
        src_lang: str,
        tgt_lang: str = "de",
        context: TranslationContext | None = None,
    ) -> list[str]:
        if tgt_lang != "de":
            raise TranslationError(f"this model translates into German only, not {tgt_lang!r}")
        if not segments:
            return []
        # Over-long sentences are cut at clause boundaries: Marian models were trained on
        # sentences and drop or repeat text beyond a few hundred subwords.
        pieces: list[str] = []
        owners: list[int] = []
        for index, segment in enumerate(segments):
            for piece in split_long_sentence(segment, self._count_tokens, self.max_input_tokens):
                pieces.append(piece)
                owners.append(index)
        tokens = [self._source_sp.encode(s, out_type=str) + ["</s>"] for s in pieces]
        limit = min(self.max_decoding_length, 3 * max(len(t) for t in tokens) + 10)
        started = time.perf_counter()
        try:
            # With max_batch_size CTranslate2 sorts the sentences by length and cuts them
            # into sub-batches (little padding), which run in parallel on the workers.
            results = self._translator.translate_batch(
                tokens,
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                batch_type="examples",
                max_decoding_length=limit,
                return_scores=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"CTranslate2 failed: {exc}") from exc
        self.busy_seconds += time.perf_counter() - started
        self.generated_tokens += sum(len(r.hypotheses[0]) for r in results)
        out: list[list[str]] = [[] for _ in segments]
        confidence: list[float] = [1.0] * len(segments)
        for owner, result in zip(owners, results, strict=True):
            out[owner].append(self._target_sp.decode(result.hypotheses[0]).strip())
            # the score is the hypothesis' log-likelihood normalised per token: its exp is
            # the geometric mean of the token probabilities; a cut sentence is as sure as
            # its least sure piece
            confidence[owner] = min(confidence[owner], math.exp(result.scores[0]))
        self.last_confidences = confidence
        return [" ".join(parts) for parts in out]
