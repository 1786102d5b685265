"""Getting models onto the machine: download-and-convert, and the tiny offline test model.

Both paths end in the same conversion (transformers Marian checkpoint → CTranslate2),
so the tiny model exercises the code that converts the real one.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsmt.translate.ctranslate2_engine import MANIFEST, CTranslate2Engine, read_manifest
from newsmt.translate.engine import ModelNotInstalledError

TINY_WARNING = (
    "tiny random test model in use: it translates into nonsense; "
    "install the real model with `newsmt models install`"
)
_CONVERT_HINT = "pip install 'newsmt[convert]' (torch and transformers are needed to convert)"

# Sentences the tiny model's SentencePiece vocabularies are trained on: enough to cover
# the Cyrillic and German alphabets so every input tokenises into known pieces.
_TINY_CORPUS = [
    "Президент Владимир Зеленский заявил, что обмен пленными будет продолжен.",
    "Секретарь СНБО Рустем Умеров провел переговоры в Анкаре 1 января 2026 года.",
    "Напомним, ранее сообщалось об обстрелах Харькова, Одессы и Запорожья.",
    "Нагадаємо, у Києві відкрили пункт незламності, про це повідомив Віталій Кличко.",
    "Як повідомляв Корреспондент.net, Україна отримала ще 15 систем ППО від партнерів.",
    'Є ї ґ і щ ю я ь ъ ы э ё — «цитата» "слово" (текст) 123 456 789 0 % № ?! ;:',
    "Der Präsident sagte am Donnerstag, dass der Austausch fortgesetzt wird.",
    "Wir erinnern daran, dass die Gespräche in Istanbul über Gefangene stockten.",
    "Äußerungen über Öl, Übergänge und Straßen: „Zitat“ – 1. Januar 2026.",
]


def _require_convert_deps() -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise ModelNotInstalledError(f"missing {exc.name}: {_CONVERT_HINT}") from exc


QUANTIZATIONS = ("int8", "int8_float16", "float16", "float32")


def check_target(quantization: str, device: str) -> None:
    if quantization not in QUANTIZATIONS:
        raise ValueError(f"quantization must be one of {', '.join(QUANTIZATIONS)}")
    if device not in ("cpu", "cuda"):
        raise ValueError("device must be cpu or cuda")
    if device == "cuda":
        import ctranslate2

        if ctranslate2.get_cuda_device_count() == 0:
            raise ModelNotInstalledError(
                "--device cuda: CTranslate2 sees no CUDA GPU on this machine; install for "
                "--device cpu (int8), or run this on the GPU machine"
            )


def convert_marian(
    checkpoint_dir: Path,
    output_dir: Path,
    *,
    quantization: str,
    manifest: dict[str, str],
    device: str = "cpu",
) -> Path:
    """Convert a transformers Marian checkpoint to CTranslate2, then prove it loads and
    translates on the device it is meant for before it replaces anything."""
    _require_convert_deps()
    check_target(quantization, device)
    from ctranslate2.converters import TransformersConverter

    staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=output_dir.parent))
    try:
        TransformersConverter(str(checkpoint_dir), copy_files=["source.spm", "target.spm"]).convert(
            str(staging), quantization=quantization, force=True
        )
        manifest = {
            **manifest,
            "quantization": quantization,
            "device": device,
            "converted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        engine = CTranslate2Engine(staging, device=device, beam_size=1, max_decoding_length=8)
        engine.translate_batch(["Проверка."], src_lang="ru")  # verify before installing
        if output_dir.exists():
            shutil.rmtree(output_dir)
        staging.rename(output_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return output_dir


def install_model(
    repo_id: str,
    output_dir: Path,
    *,
    quantization: str = "int8",
    device: str = "cpu",
    revision: str | None = None,
) -> Path:
    """Download a Marian model from the Hugging Face hub and convert it, once.

    An existing model is kept when it was converted with the same quantization; asking
    for another one converts again (the download is cached by huggingface_hub)."""
    check_target(quantization, device)
    current = read_manifest(output_dir)
    if (output_dir / "model.bin").exists() and current.get("quantization", "int8") == quantization:
        return output_dir
    _require_convert_deps()
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    output_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        checkpoint = Path(
            snapshot_download(
                repo_id,
                revision=revision,
                allow_patterns=["*.json", "*.spm", "*.bin", "*.safetensors", "*.txt"],
            )
        )
    except (LocalEntryNotFoundError, HfHubHTTPError, OSError) as exc:
        raise ModelNotInstalledError(
            f"could not download {repo_id} from the Hugging Face hub ({exc.__class__.__name__}: "
            f"{exc}). This needs internet access. Offline, copy a converted model onto the "
            "machine and point --model-dir / NEWSMT_MODEL_DIR at it, or run "
            "`newsmt models make-tiny DIR` for a smoke test."
        ) from exc
    return convert_marian(
        checkpoint,
        output_dir,
        quantization=quantization,
        device=device,
        manifest={"model_id": repo_id, "revision": checkpoint.name, "source": "huggingface"},
    )


def random_marian_checkpoint(
    checkpoint: Path,
    corpus: list[str],
    *,
    seed: int = 0,
    spm_vocab_size: int = 200,
    model_vocab_size: int | None = None,
    **architecture: object,
) -> Path:
    """Write a randomly initialised transformers Marian checkpoint with real SentencePiece
    vocabularies trained on `corpus`.

    `model_vocab_size` pads the model's vocabulary with unused entries, so a benchmark
    model has the real model's output-layer size even though its tokenizer is small."""
    _require_convert_deps()
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    checkpoint.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text = work / "corpus.txt"
        text.write_text("\n".join(corpus), encoding="utf-8")
        for name in ("source", "target"):
            spm.SentencePieceTrainer.train(
                input=str(text),
                model_prefix=str(work / name),
                vocab_size=spm_vocab_size,
                character_coverage=1.0,
                hard_vocab_limit=False,
                pad_id=-1,
                bos_id=-1,
                eos_id=-1,
                unk_id=0,
                minloglevel=2,
            )
            shutil.copy(work / f"{name}.model", checkpoint / f"{name}.spm")
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(checkpoint / f"{name}.spm"))
        for index in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(index), len(vocab))
    while model_vocab_size and len(vocab) < model_vocab_size - 1:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (checkpoint / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    torch.manual_seed(seed)
    settings: dict[str, Any] = {  # a config of mixed value types, as transformers takes it
        "max_position_embeddings": 512,
        "activation_function": "swish",
        "share_encoder_decoder_embeddings": True,
        "scale_embedding": True,
        **architecture,
    }
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        **settings,
    )
    MarianMTModel(config).save_pretrained(checkpoint)
    return checkpoint


def make_tiny_model(output_dir: Path, *, seed: int = 0) -> Path:
    """A randomly initialised, very small Marian model with real SentencePiece vocabularies.

    Same architecture family and files as the default model, so the whole engine path
    (tokenise, translate, detokenise, manifest) runs offline in seconds.
    """
    _require_convert_deps()
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = random_marian_checkpoint(
            Path(tmp) / "checkpoint",
            _TINY_CORPUS * 20,
            seed=seed,
            d_model=32,
            encoder_layers=2,
            decoder_layers=2,
            encoder_attention_heads=2,
            decoder_attention_heads=2,
            encoder_ffn_dim=64,
            decoder_ffn_dim=64,
        )
        return convert_marian(
            checkpoint,
            output_dir,
            quantization="int8",
            manifest={
                "model_id": "newsmt/tiny-random-marian",
                "revision": f"seed-{seed}",
                "source": "newsmt models make-tiny",
                "warning": TINY_WARNING,
            },
        )
