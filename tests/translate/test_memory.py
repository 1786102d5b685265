"""Translation memory: reuse, editor corrections, TMX in and out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from newsmt.store import Database
from newsmt.translate import ArticleTranslator, MemoryKey, TranslationMemory
from newsmt.translate.memory import segment_hash
from newsmt.translate.remote import LibreTranslateEngine, RetryPolicy
from tests.translate.protocol_doubles import LibreTranslateDouble


@pytest.fixture
def memory(database_url):
    db = Database(database_url)
    db.migrate()
    yield TranslationMemory(db)
    db.dispose()


@pytest.fixture
def libre():
    double = LibreTranslateDouble().start()
    yield double, LibreTranslateEngine(double.base_url, retry=RetryPolicy(attempts=1))
    double.stop()


def sent_segments(double) -> list[str]:  # type: ignore[no-untyped-def]
    return [q for r in double.requests for q in r["json"]["q"]]


def test_the_same_segment_is_never_translated_twice(memory, libre):
    double, engine = libre
    translator = ArticleTranslator(engine, memory=memory)
    first = translator.translate_paragraphs(
        ["Президент заявил. Президент заявил.", "Обмен продолжится."], src_lang="ru"
    )
    second = translator.translate_paragraphs(
        ["Обмен продолжится. Президент заявил."], src_lang="ru"
    )
    assert first == ["Präsident erklärte. Präsident erklärte.", "Austausch wird fortgesetzt."]
    assert second == ["Austausch wird fortgesetzt. Präsident erklärte."]
    assert sent_segments(double) == ["Президент заявил.", "Обмен продолжится."]
    assert translator.stats.by_engine == 2 and translator.stats.from_memory == 2


def test_machine_segments_are_reused_only_for_the_same_engine_model_and_style(memory):
    key = MemoryKey("ctranslate2", "opus-mt", "rev1", "default")
    memory.store_machine([("Президент заявил.", "Der Präsident sagte.")], src_lang="ru", key=key)
    assert memory.lookup(["Президент  заявил."], src_lang="ru", key=key)  # whitespace-normalised
    for other in (
        MemoryKey("deepl", "deepl", "api", "default"),
        MemoryKey("ctranslate2", "opus-mt", "rev2", "default"),
        MemoryKey("ctranslate2", "opus-mt", "rev1", "english"),
    ):
        assert memory.lookup(["Президент заявил."], src_lang="ru", key=other) == {}
    assert memory.lookup(["Президент заявил."], src_lang="uk", key=key) == {}


def test_editor_corrections_win_and_are_reused_exactly(memory, libre):
    double, engine = libre
    memory.store_correction(
        "Президент заявил.", "Der Präsident erklärte.", src_lang="ru", editor="anna"
    )
    memory.store_correction(
        "Обмен продолжится. Президент заявил.",
        "Der Austausch geht weiter, sagte der Präsident.",
        src_lang="ru",
        editor="anna",
    )
    translator = ArticleTranslator(engine, memory=memory)
    out = translator.translate_paragraphs(
        ["Президент заявил. Обмен продолжится.", "Обмен продолжится. Президент заявил."],
        src_lang="ru",
    )
    assert out == [
        "Der Präsident erklärte. Austausch wird fortgesetzt.",
        "Der Austausch geht weiter, sagte der Präsident.",
    ]
    assert sent_segments(double) == ["Обмен продолжится."]
    assert translator.stats.from_editors == 1


def test_tmx_export_and_import_round_trip(memory, tmp_path, database_url):
    key = MemoryKey("ctranslate2", "Helsinki-NLP/opus-mt-tc-big-zle-de", "abc", "default")
    memory.store_machine(
        [("Обмін триватиме.", "Der Austausch geht weiter.")], src_lang="uk", key=key
    )
    memory.store_correction(
        "Президент заявил.", "Der Präsident erklärte.", src_lang="ru", editor="anna"
    )
    path = tmp_path / "memory.tmx"
    assert memory.export_tmx(path) == 2

    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    units = root.findall("body/tu")
    langs = [
        [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
        for tu in units
    ]
    assert langs == [["uk-UA", "de-DE"], ["ru-RU", "de-DE"]]
    props = {p.get("type"): p.text for p in units[1].findall("prop")}
    assert props["x-origin"] == "editor" and props["x-editor"] == "anna"

    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    other.migrate()
    imported = TranslationMemory(other)
    assert imported.import_tmx(path) == 2
    assert imported.count() == {"machine": 1, "editor": 1}
    assert imported.lookup(["Обмін триватиме."], src_lang="uk", key=key) == {
        segment_hash("Обмін триватиме.", "uk"): "Der Austausch geht weiter."
    }
    assert list(imported.lookup(["Президент заявил."], src_lang="ru", key=None).values()) == [
        "Der Präsident erklärte."
    ]
    other.dispose()


def test_tmx_export_is_well_formed_whatever_the_segments_hold(memory, tmp_path):
    """Control characters are cleaned when a segment is stored, and a row from before
    that check still exports as well-formed XML (XML 1.0 cannot carry them)."""
    import xml.etree.ElementTree as ET

    from newsmt.store import MemorySegment

    key = MemoryKey("ctranslate2", "m", "r", "default")
    pair = ("Заголовок\x01 статьи.", "Titel\x01 des\x00 Artikels.")
    memory.store_machine([pair], src_lang="ru", key=key)
    with memory.db.session() as session:
        assert session.query(MemorySegment).one().target_text == "Titel des Artikels."
        legacy = MemorySegment(
            source_hash="x" * 64,
            src_lang="ru",
            source_text="Старый\x01 ряд.",
            target_text="Alte\x1b Zeile.",
            origin="machine",
            uses=0,
        )
        session.add(legacy)
    path = tmp_path / "tm.tmx"
    assert memory.export_tmx(path) == 2
    segs = [s.text for s in ET.parse(path).getroot().iter("seg")]
    assert "Titel des Artikels." in segs and "Alte Zeile." in segs


def test_a_sentence_from_the_memory_keeps_the_engines_confidence(memory, tiny_model_dir):
    """The risk score must not fall to the names signals alone on a rerun: the memory
    serves each sentence with the confidence the engine had when it first translated it;
    an editor's sentence carries none (a person wrote it)."""
    from newsmt.translate import CTranslate2Engine

    engine = CTranslate2Engine(tiny_model_dir, beam_size=1)
    paragraph = "Президент заявил об обмене. Нагадаємо, у Києві сьогодні тихо."
    first = ArticleTranslator(engine, memory=memory)
    german = first.translate_paragraphs([paragraph], src_lang="ru")
    engine_said = first.sentences_of(paragraph, german[0], "ru")
    assert first.stats.by_engine == 2 and all(c is not None for _, _, c in engine_said)
    again = ArticleTranslator(engine, memory=memory)
    assert again.translate_paragraphs([paragraph], src_lang="ru") == german
    assert again.stats.from_memory == 2 and again.stats.by_engine == 0
    assert again.sentences_of(paragraph, german[0], "ru") == engine_said
    memory.store_correction("Президент заявил об обмене.", "Der Präsident sprach.", src_lang="ru")
    edited = ArticleTranslator(engine, memory=memory)
    out = edited.translate_paragraphs([paragraph], src_lang="ru")
    confidences = [c for _, _, c in edited.sentences_of(paragraph, out[0], "ru")]
    assert confidences == [None, engine_said[1][2]]
