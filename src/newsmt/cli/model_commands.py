"""`newsmt models …` and `newsmt eval`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsmt.cli.common import (
    ModelDir,
    app,
    console,
    fail,
    models_app,
    settings,
)


# -- models ----------------------------------------------------------------------------------
@models_app.command("install")
def models_install(
    model_dir: ModelDir = None,
    repo: Annotated[str | None, typer.Option(help="Hugging Face model id.")] = None,
    quantization: Annotated[
        str, typer.Option(help="int8 (CPU), int8_float16 or float16 (GPU).")
    ] = "int8",
    device: Annotated[str, typer.Option(help="cpu or cuda: where the model will run.")] = "cpu",
    revision: Annotated[str | None, typer.Option(help="Hub revision (commit).")] = None,
) -> None:
    """Download the default model once, convert it to CTranslate2 and verify it."""
    from newsmt.translate import ModelNotInstalledError
    from newsmt.translate.models import install_model

    s = settings(model_dir=model_dir, model_repo=repo)
    console.print(f"installing {s.model_repo} → {s.resolved_model_dir} ({quantization}, {device})")
    try:
        path = install_model(
            s.model_repo,
            s.resolved_model_dir,
            quantization=quantization,
            device=device,
            revision=revision,
        )
    except (ModelNotInstalledError, ValueError) as exc:
        raise fail(str(exc)) from exc
    console.print(f"model ready at {path}")


@models_app.command("make-tiny")
def models_make_tiny(directory: Path) -> None:
    """Build a tiny random Marian model for offline smoke runs (it outputs nonsense)."""
    from newsmt.translate import ModelNotInstalledError
    from newsmt.translate.models import make_tiny_model

    settings()
    try:
        path = make_tiny_model(directory)
    except ModelNotInstalledError as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"tiny test model written to {path} — it translates into nonsense, for tests only"
    )


@models_app.command("list")
def models_list() -> None:
    """Models under NEWSMT_HOME/models (and NEWSMT_MODEL_DIR) with their recorded origin."""
    from newsmt.translate.ctranslate2_engine import read_manifest

    s = settings()
    dirs = {p for p in (s.home / "models").glob("*") if (p / "model.bin").exists()}
    if (s.resolved_model_dir / "model.bin").exists():
        dirs.add(s.resolved_model_dir)
    table = Table("directory", "model", "revision", "quantization", "default")
    for path in sorted(dirs):
        m = read_manifest(path)
        default = "yes" if path == s.resolved_model_dir else ""
        table.add_row(
            str(path),
            m.get("model_id", "?"),
            m.get("revision", "?"),
            m.get("quantization", "?"),
            default,
        )
    Console().print(table)


# -- eval ------------------------------------------------------------------------------------
@app.command("eval")
def eval_command(
    testset: Annotated[
        str, typer.Option(help="flores200-devtest or newstest2012.")
    ] = "flores200-devtest",
    pair: Annotated[str, typer.Option(help="rus-deu or ukr-deu.")] = "rus-deu",
    engine: Annotated[
        str, typer.Option(help="ctranslate2, openai, deepl or libretranslate.")
    ] = "ctranslate2",
    src: Annotated[Path | None, typer.Option(help="Source file (instead of a test set).")] = None,
    ref: Annotated[Path | None, typer.Option(help="Reference file (with --src).")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N segments.")] = None,
    model_dir: ModelDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object for machines.")] = False,
) -> None:
    """Score the engine on a test set: BLEU, chrF, chrF++ with sacrebleu signatures."""
    from newsmt.translate import ModelNotInstalledError, TranslationError, make_engine
    from newsmt.translate.evaluate import (
        SRC_LANG,
        EvalDataError,
        evaluate,
        load_testset,
        read_lines,
    )

    s = settings(model_dir=model_dir)
    try:
        if src is not None or ref is not None:
            if src is None or ref is None:
                raise EvalDataError("--src and --ref go together")
            src_path, ref_path, name = src, ref, "custom"
        else:
            src_path, ref_path = load_testset(testset, pair)
            name = testset
        sources, references = read_lines(src_path, limit), read_lines(ref_path, limit)
        translator = make_engine(engine, s)
        result = evaluate(
            translator,
            sources,
            references,
            src_lang=SRC_LANG.get(pair.split("-")[0], "ru"),
            testset=name,
            pair=pair,
        )
    except (EvalDataError, ModelNotInstalledError, TranslationError) as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    print(f"{result.testset} {result.pair}: {result.segments} segments, {result.model_id}")
    print(f"BLEU   {result.bleu:6.2f}  {result.bleu_signature}")
    print(f"chrF   {result.chrf:6.2f}  {result.chrf_signature}")
    print(f"chrF++ {result.chrf_pp:6.2f}  {result.chrf_pp_signature}")
    print(f"throughput {result.segments_per_second} segments/s ({result.seconds} s)")
