"""The risk score: the engine's confidence per sentence (CTranslate2's normalised
hypothesis score, checked against CTranslate2 itself with the tiny model) and the names
step's signals, per sentence and per article. The tiny model's values say nothing about
quality; what is tested is the mechanism."""

from __future__ import annotations

import math

import ctranslate2
import sentencepiece as spm
from sqlalchemy import select

from newsmt.store import Article
from newsmt.translate import CTranslate2Engine
from newsmt.translate.risk import CHANGED_NAME, UNKNOWN_NAME, score

from ..conftest import run_single_article
from ..pipeline.test_names_stage import PAGE, line_with_fixed_german


def test_confidence_is_the_per_token_probability_ctranslate2_reports(tiny_model_dir):
    sentences = ["Президент заявил об обмене.", "Нагадаємо, у Києві сьогодні тихо."]
    engine = CTranslate2Engine(tiny_model_dir, beam_size=1)
    engine.translate_batch(sentences, src_lang="ru")
    sp = spm.SentencePieceProcessor(model_file=str(tiny_model_dir / "source.spm"))
    tokens = [sp.encode(s, out_type=str) + ["</s>"] for s in sentences]
    direct = ctranslate2.Translator(str(tiny_model_dir)).translate_batch(
        tokens,
        beam_size=1,
        return_scores=True,  # the engine's own limit: 3 × the input, at most the setting
        max_decoding_length=min(engine.max_decoding_length, 3 * max(map(len, tokens)) + 10),
    )
    expected = [math.exp(r.scores[0]) for r in direct]
    assert len(engine.last_confidences) == 2
    assert all(0 < c <= 1 for c in engine.last_confidences)
    assert engine.last_confidences == [pytest_approx(e) for e in expected]


def pytest_approx(value: float):  # type: ignore[no-untyped-def]
    import pytest

    return pytest.approx(value, rel=1e-3)


def test_score_combines_confidence_unknown_and_changed_names():
    entries = [
        {"where": "block 0", "source": "Иван Сидоренко сказал.", "sentence": "Iwan Sidorenko sagte.", "confidence": 0.9},
        {"where": "block 0", "source": "Зеленский приехал.", "sentence": "Selenski kam.", "confidence": 0.8},
        {"where": "block 1", "source": "Все спокойно.", "sentence": "Alles ruhig.", "confidence": None},
    ]  # fmt: skip
    changes = [{"from": "Selenski", "to": "Selenskyj", "where": "block 0"}]
    unknown = [{"name": "Иван Сидоренко", "suggestion": "Iwan Sidorenko"}]
    article, scored = score(entries, changes, unknown)
    assert [s["risk"] for s in scored] == [
        round(0.1 + UNKNOWN_NAME, 3), round(0.2 + CHANGED_NAME, 3), 0.0,
    ]  # fmt: skip
    assert article == max(s["risk"] for s in scored)
    assert scored[1]["sentence"] == "Selenskyj kam."  # follows the names step's change
    assert "unbekannter Name: Иван Сидоренко" in scored[0]["reasons"]
    assert "Konfidenz der Engine 80 %" in scored[1]["reasons"]
    assert scored[2]["reasons"] == []  # no engine signal, nothing found: no risk
    assert score([], [], []) == (None, [])


def test_the_line_records_each_sentences_risk_with_the_tiny_model(settings, loopback):
    ctx = run_single_article(
        settings, loopback, "/ukraine/4803000-zelenskyi", PAGE, engine="ctranslate2"
    )
    with ctx.db.session() as session:
        article = session.scalars(select(Article)).one()
        risks, risk = article.risks, article.risk
        blocks = len(article.blocks_de)
    ctx.close()
    assert risks and risk == max(r["risk"] for r in risks)
    assert {r["where"] for r in risks} >= {"title", *(f"block {i}" for i in range(blocks))}
    assert all(0 < r["confidence"] <= 1 for r in risks)  # the engine's own numbers
    assert all(r["reasons"][0].startswith("Konfidenz der Engine") for r in risks)


def test_an_engine_without_confidence_still_scores_the_names_signals(settings, loopback):
    (risks, risk), _ = line_with_fixed_german(settings, loopback, lambda a: (a.risks, a.risk))
    assert all(r["confidence"] is None for r in risks)
    changed = [r for r in risks if any(x.startswith("Name geändert") for x in r["reasons"])]
    assert changed and risk and risk >= CHANGED_NAME
    # the sentence as the reader sees it: after the names step
    assert any("Selenskyj" in r["sentence"] for r in changed)


def test_scoring_again_starts_from_the_engines_sentence():
    """A re-run of the names step scores anew: the same signals give the same score, and a
    later change chains onto the first (Selenski → Selenskyj → Zelensky)."""
    entries = [{"where": "block 0", "source": "Зеленский приехал.", "sentence": "Selenski kam.", "confidence": 0.8}]  # fmt: skip
    first = [{"from": "Selenski", "to": "Selenskyj", "where": "block 0"}]
    risk, scored = score(entries, first, [])
    assert score(scored, first, []) == (risk, scored)
    later = [*first, {"from": "Selenskyj", "to": "Zelensky", "where": "block 0"}]
    again, rescored = score(scored, later, [])
    assert rescored[0]["sentence"] == "Zelensky kam." and rescored[0]["machine"] == "Selenski kam."
    assert again == round(0.2 + 2 * CHANGED_NAME, 3)
