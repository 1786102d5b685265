"""The default engine: CTranslate2 running an OPUS-MT Marian model on the CPU (or GPU).

A model directory is what `newsmt models install` (or `make-tiny`) writes: the
CTranslate2 model, its SentencePiece models `source.spm`/`target.spm`, and
`newsmt-model.json` recording where it came from.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from newsmt.translate.engine import EngineIdentity, ModelNotInstalledError, TranslationError

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


class CTranslate2Engine:
    def __init__(
        self,
        model_dir: Path,
        *,
        device: str = "cpu",
        beam_size: int = 4,
        max_decoding_length: int = 256,
        max_batch_size: int = 32,
        compute_type: str = "default",
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

        threads = os.cpu_count() or 1
        self._translator = ctranslate2.Translator(
            str(model_dir),
            device=device,
            compute_type=compute_type,
            inter_threads=1,
            intra_threads=threads if device == "cpu" else 0,
        )
        self._source_sp = sentencepiece.SentencePieceProcessor(
            model_file=str(model_dir / "source.spm")
        )
        self._target_sp = sentencepiece.SentencePieceProcessor(
            model_file=str(model_dir / "target.spm")
        )
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
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

    def translate_batch(
        self, segments: Sequence[str], *, src_lang: str, tgt_lang: str = "de"
    ) -> list[str]:
        if tgt_lang != "de":
            raise TranslationError(f"this model translates into German only, not {tgt_lang!r}")
        if not segments:
            return []
        tokens = [self._source_sp.encode(s, out_type=str) + ["</s>"] for s in segments]
        limit = min(self.max_decoding_length, 3 * max(len(t) for t in tokens) + 10)
        try:
            results = self._translator.translate_batch(
                tokens,
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                batch_type="examples",
                max_decoding_length=limit,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"CTranslate2 failed: {exc}") from exc
        return [self._target_sp.decode(r.hypotheses[0]).strip() for r in results]
