"""The CTranslate2 engine path, run offline with the tiny model the tests build."""

from __future__ import annotations

import json

import pytest

from newsmt.translate import (
    CTranslate2Engine,
    ModelNotInstalledError,
    split_sentences,
    translate_paragraphs,
)


def test_tiny_model_translates_and_says_it_is_nonsense(tiny_model_dir, caplog):
    engine = CTranslate2Engine(tiny_model_dir, beam_size=1)
    out = engine.translate_batch(
        ["Президент заявил об обмене.", "Нагадаємо, у Києві."], src_lang="ru"
    )
    assert len(out) == 2 and all(isinstance(t, str) and t for t in out)
    assert engine.identity.engine == "ctranslate2"
    assert engine.identity.model_id == "newsmt/tiny-random-marian"
    assert "nonsense" in engine.identity.warning
    assert "nonsense" in caplog.text


def test_tiny_model_directory_has_the_real_model_files(tiny_model_dir):
    names = {p.name for p in tiny_model_dir.iterdir()}
    assert {"model.bin", "source.spm", "target.spm", "config.json", "newsmt-model.json"} <= names
    manifest = json.loads((tiny_model_dir / "newsmt-model.json").read_text())
    assert manifest["quantization"] == "int8"


def test_missing_model_gives_instructions(tmp_path):
    with pytest.raises(ModelNotInstalledError) as err:
        CTranslate2Engine(tmp_path / "nowhere")
    message = str(err.value)
    assert "newsmt models install" in message and "NEWSMT_MODEL_DIR" in message
    assert "--model-dir" in message and "make-tiny" in message


def test_empty_batch(tiny_model_dir):
    assert CTranslate2Engine(tiny_model_dir).translate_batch([], src_lang="uk") == []


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Он уехал, т.е. покинул город. Потом вернулся.",
            ["Он уехал, т.е. покинул город.", "Потом вернулся."],
        ),
        (
            "Об этом сообщил В. Зеленский. Обмен продолжится.",
            ["Об этом сообщил В. Зеленский.", "Обмен продолжится."],
        ),
        (
            "Про це заявив В. Зеленський. Обмін триватиме!",
            ["Про це заявив В. Зеленський.", "Обмін триватиме!"],
        ),
        (
            "Он учился в университете им. Шевченко. Потом уехал.",
            ["Он учился в университете им. Шевченко.", "Потом уехал."],
        ),
        (
            "Він навчався в університеті ім. Шевченка на вул. Хрещатик. Потім поїхав.",
            ["Він навчався в університеті ім. Шевченка на вул. Хрещатик.", "Потім поїхав."],
        ),
        (
            "Вибух пролунав у м. Харків. Постраждалих немає.",
            ["Вибух пролунав у м. Харків.", "Постраждалих немає."],
        ),
        (  # "р." after a year usually runs on ("У 2024 р. Україна отримала …"): keep whole
            "У 2024 р. Україна отримала допомогу.",
            ["У 2024 р. Україна отримала допомогу."],
        ),
    ],
)
def test_sentence_splitting_keeps_abbreviations_and_initials(text, sentences):
    assert split_sentences(text) == sentences


def test_paragraph_structure_is_kept():
    calls: list[list[str]] = []

    def fake_engine(batch: list[str]) -> list[str]:
        calls.append(batch)
        return [s.upper() for s in batch]

    out = translate_paragraphs(["Раз. Два.", "", "Три."], fake_engine)
    assert out == ["РАЗ. ДВА.", "", "ТРИ."]
    assert calls == [["Раз.", "Два.", "Три."]]  # one batch for the whole article


def test_device_auto_takes_the_gpu_only_when_there_is_one(tiny_model_dir, monkeypatch):
    import ctranslate2

    from newsmt.translate import ModelNotInstalledError
    from newsmt.translate.ctranslate2_engine import choose_device

    assert choose_device("auto", 0) == "cpu"
    assert choose_device("auto", 2) == "cuda"
    assert choose_device("cpu", 2) == "cpu"
    with pytest.raises(ModelNotInstalledError, match="sees no GPU"):
        choose_device("cuda", 0)
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert CTranslate2Engine(tiny_model_dir, device="auto").device == "cpu"


def test_thread_layout_gives_every_core_a_worker():
    from newsmt.translate.ctranslate2_engine import thread_layout

    assert thread_layout("cpu", 2) == (2, 1)
    assert thread_layout("cpu", 16) == (8, 2)
    assert thread_layout("cuda", 16) == (1, 0)
