"""`newsmt eval`: sacrebleu scores with signatures, on ../shared/eval or any pair of files."""

from __future__ import annotations

import json

import pytest

from newsmt.translate import CTranslate2Engine
from newsmt.translate.evaluate import EvalDataError, evaluate, load_testset, read_lines

from ..test_cli import newsmt


def test_flores_files_are_found_and_aligned():
    src, ref = load_testset("flores200-devtest", "ukr-deu")
    assert len(read_lines(src)) == len(read_lines(ref)) == 1012


def test_unknown_pair_is_a_clear_error():
    with pytest.raises(EvalDataError, match="unknown test set/pair newstest2012:ukr-deu"):
        load_testset("newstest2012", "ukr-deu")


def test_perfect_output_scores_100(tiny_model_dir):
    class Echo:
        identity = CTranslate2Engine(tiny_model_dir).identity

        def translate_batch(self, segments, *, src_lang, tgt_lang="de"):
            return [f"Referenz {s}" for s in segments]

    sources = ["eins zwei drei vier", "fünf sechs sieben acht"]
    result = evaluate(Echo(), sources, [f"Referenz {s}" for s in sources], src_lang="ru")
    assert result.bleu == 100.0 and result.chrf == 100.0 and result.chrf_pp == 100.0
    assert result.chrf_pp_signature.startswith("nrefs:1|") and "nw:2" in result.chrf_pp_signature


def test_eval_command_json_with_tiny_model(tmp_path, tiny_model_dir):
    result = newsmt(
        "eval",
        "--testset",
        "flores200-devtest",
        "--pair",
        "rus-deu",
        "--limit",
        "12",
        "--model-dir",
        str(tiny_model_dir),
        "--json",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["segments"] == 12 and data["model_id"] == "newsmt/tiny-random-marian"
    for key in (
        "bleu",
        "chrf",
        "chrf_pp",
        "bleu_signature",
        "chrf_signature",
        "segments_per_second",
    ):
        assert key in data
    assert "nonsense" in result.stderr


def test_eval_on_any_pair_of_files(tmp_path, tiny_model_dir):
    (tmp_path / "src.txt").write_text("Привет.\nКак дела?\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("Hallo.\nWie geht's?\n", encoding="utf-8")
    result = newsmt(
        "eval",
        "--src",
        str(tmp_path / "src.txt"),
        "--ref",
        str(tmp_path / "ref.txt"),
        "--model-dir",
        str(tiny_model_dir),
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "chrF++" in result.stdout and "nrefs:1" in result.stdout


def test_eval_without_the_default_model_says_how_to_install_it(tmp_path):
    result = newsmt("eval", "--limit", "2", home=tmp_path)
    assert result.returncode == 2
    assert "newsmt models install" in result.stderr


def test_eval_with_another_engine(tmp_path):
    from tests.translate.protocol_doubles import LibreTranslateDouble

    double = LibreTranslateDouble().start()
    try:
        result = newsmt(
            "eval",
            "--engine",
            "libretranslate",
            "--pair",
            "ukr-deu",
            "--limit",
            "5",
            "--json",
            home=tmp_path,
            env={"NEWSMT_LIBRETRANSLATE_URL": double.base_url},
        )
    finally:
        double.stop()
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "libretranslate" and data["segments"] == 5


def test_eval_with_an_unconfigured_engine_says_what_is_missing(tmp_path):
    result = newsmt("eval", "--engine", "openai", "--limit", "2", home=tmp_path)
    assert result.returncode == 2
    assert "NEWSMT_OPENAI_BASE_URL" in result.stderr
