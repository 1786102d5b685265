"""CTranslate2 int8 vs Hugging Face transformers float32, side by side in one run.

Builds, locally and without downloads, a randomly initialised Marian model with exactly
the default model's architecture (transformer-big: 6+6 layers, d_model 1024, 16 heads,
FFN 4096, tied embeddings, vocabulary of 57,830 entries), converts it with the same code
`newsmt models install` uses, and translates the same sentences of FLORES-200 devtest
(rus) with both engines: same thread count, same beam size (4, the model's own), same
batch size and a fixed output length (random weights would otherwise stop at arbitrary
points, which would make the comparison meaningless). Prints one JSON line.

    python benchmarks/engine_speed.py                 # CPU, the issue's setup
    python benchmarks/engine_speed.py --device cuda   # GPU: CTranslate2 float16 too

Vocabulary size: 57,830 is the vocabulary of the OPUS-MT tc-big zle models' shared
SentencePiece vocabulary as published in their config.json (decoder_vocab_size); random
weights make the exact value matter only for the output layer's size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

TRANSFORMER_BIG = {
    "d_model": 1024,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "activation_function": "relu",
    "max_position_embeddings": 1024,
}
DEFAULT_VOCAB = 57830


def flores_sentences(count: int) -> list[str]:
    from newsmt.translate.evaluate import find_eval_dir

    path = find_eval_dir() / "flores200-devtest" / "rus.txt"
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:count]


def batches_by_length(items: list[list[int]], size: int) -> list[list[int]]:
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    return [order[i : i + size] for i in range(0, len(order), size)]


def run_ctranslate2(model_dir: Path, tokens: list[list[str]], args, compute_type: str) -> float:  # type: ignore[no-untyped-def]
    import ctranslate2

    translator = ctranslate2.Translator(
        str(model_dir),
        device=args.device,
        compute_type=compute_type,
        # The layout newsmt's engine uses on CPU: one worker per core, each decoding its
        # own sub-batch (see ctranslate2_engine.thread_layout); same total thread count.
        inter_threads=args.threads if args.device == "cpu" else 1,
        intra_threads=1 if args.device == "cpu" else 0,
    )
    translator.translate_batch(tokens[:2], beam_size=args.beam_size, max_decoding_length=4)
    start = time.perf_counter()
    results = translator.translate_batch(
        tokens,
        beam_size=args.beam_size,
        max_batch_size=args.batch_size,
        batch_type="examples",
        min_decoding_length=args.output_tokens,
        max_decoding_length=args.output_tokens,
        return_scores=False,
    )
    seconds = time.perf_counter() - start
    lengths = {len(r.hypotheses[0]) for r in results}
    assert lengths == {args.output_tokens}, f"CTranslate2 produced lengths {lengths}"
    return seconds


def run_transformers(checkpoint: Path, ids: list[list[int]], args) -> float:  # type: ignore[no-untyped-def]
    import torch
    from transformers import MarianMTModel

    torch.set_num_threads(args.threads)
    model = MarianMTModel.from_pretrained(checkpoint, torch_dtype=torch.float32).eval()
    pad = model.config.pad_token_id

    def generate(batch: list[list[int]]) -> torch.Tensor:
        width = max(len(x) for x in batch)
        input_ids = torch.tensor([x + [pad] * (width - len(x)) for x in batch])
        mask = (input_ids != pad).long()
        return model.generate(
            input_ids=input_ids,
            attention_mask=mask,
            num_beams=args.beam_size,
            do_sample=False,
            min_new_tokens=args.output_tokens,
            max_new_tokens=args.output_tokens,
        )

    with torch.inference_mode():
        generate(ids[:2])
        start = time.perf_counter()
        for batch in batches_by_length(ids, args.batch_size):
            out = generate([ids[i] for i in batch])
            assert out.shape[1] - 1 == args.output_tokens, out.shape
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--output-tokens", type=int, default=32)
    parser.add_argument("--beam-size", type=int, default=4)  # the model's num_beams
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--vocab-size", type=int, default=DEFAULT_VOCAB)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--skip-transformers", action="store_true", help="CTranslate2 only")
    args = parser.parse_args()

    from newsmt.translate.models import convert_marian, random_marian_checkpoint

    sentences = flores_sentences(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        checkpoint = random_marian_checkpoint(
            work / "checkpoint",
            flores_sentences(1012),
            spm_vocab_size=8000,
            model_vocab_size=args.vocab_size,
            **TRANSFORMER_BIG,
        )
        quantization = "int8" if args.device == "cpu" else "float16"
        ct2_dir = convert_marian(
            checkpoint,
            work / "ct2",
            quantization=quantization,
            device=args.device,
            manifest={"model_id": "benchmark/random-transformer-big", "revision": "random"},
        )
        import sentencepiece as spm

        sp = spm.SentencePieceProcessor(model_file=str(checkpoint / "source.spm"))
        vocab = json.loads((checkpoint / "vocab.json").read_text(encoding="utf-8"))
        pieces = [sp.encode(s, out_type=str)[:200] + ["</s>"] for s in sentences]
        ids = [[vocab.get(p, vocab["<unk>"]) for p in piece] for piece in pieces]
        source_tokens = sum(len(p) for p in pieces)

        ct2_seconds = run_ctranslate2(ct2_dir, pieces, args, quantization)
        hf_seconds = None if args.skip_transformers else run_transformers(checkpoint, ids, args)

    n, target_tokens = len(sentences), len(sentences) * args.output_tokens
    result: dict[str, object] = {
        "benchmark": "engine_speed",
        "model": "random transformer-big (6+6, d1024, 16 heads, ffn 4096)",
        "vocab_size": args.vocab_size,
        "sentences": n,
        "source_tokens": source_tokens,
        "output_tokens_per_sentence": args.output_tokens,
        "beam_size": args.beam_size,
        "batch_size": args.batch_size,
        "threads": args.threads,
        "device": args.device,
        "cpu": platform.processor() or platform.machine(),
        f"ctranslate2_{quantization}_sentences_per_s": round(n / ct2_seconds, 2),
        f"ctranslate2_{quantization}_target_tokens_per_s": round(target_tokens / ct2_seconds, 1),
        f"ctranslate2_{quantization}_seconds": round(ct2_seconds, 2),
    }
    if hf_seconds is not None:
        result.update(
            {
                "transformers_float32_sentences_per_s": round(n / hf_seconds, 2),
                "transformers_float32_target_tokens_per_s": round(target_tokens / hf_seconds, 1),
                "transformers_float32_seconds": round(hf_seconds, 2),
                "ratio_ctranslate2_over_transformers": round(hf_seconds / ct2_seconds, 2),
            }
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
