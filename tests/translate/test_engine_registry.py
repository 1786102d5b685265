"""The engines as one registry: a name maps to a builder, and every engine declares what it
can do on the protocol itself, so nothing has to probe an engine for an attribute."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pydantic import SecretStr

from newsmt.config import Settings
from newsmt.translate import (
    ENGINE_BUILDERS,
    ENGINES,
    ArticleTranslator,
    EngineIdentity,
    TranslationContext,
    TranslationEngine,
    TranslationError,
    make_engine,
)

# what each engine can do: (terminology, context, counts tokens, gives confidences)
CAPABILITIES = {
    "ctranslate2": (False, False, True, True),
    "openai": (True, True, False, False),
    "deepl": (True, True, False, False),
    "libretranslate": (False, False, False, False),
}


@pytest.fixture
def configured(tmp_path: Path, tiny_model_dir: Path) -> Settings:
    """Settings under which every engine can be built (the remote ones connect lazily)."""
    return Settings(
        home=tmp_path / "home",
        database_url=f"sqlite:///{tmp_path / 'newsmt.db'}",
        model_dir=tiny_model_dir,
        openai_base_url="http://127.0.0.1:9/v1",
        deepl_server_url="http://127.0.0.1:9",
        libretranslate_url="http://127.0.0.1:9",
        engine_api_key=SecretStr("test-key"),
    )


@pytest.fixture
def every_engine(configured: Settings) -> Iterator[dict[str, TranslationEngine]]:
    engines = {name: make_engine(name, configured) for name in ENGINES}
    yield engines
    for engine in engines.values():
        engine.close()


def test_the_engine_names_are_the_registrys_names_in_order() -> None:
    assert ENGINES == tuple(ENGINE_BUILDERS) == tuple(CAPABILITIES)
    assert ENGINES == ("ctranslate2", "openai", "deepl", "libretranslate")


def test_an_unknown_engine_name_lists_the_registered_ones(configured: Settings) -> None:
    with pytest.raises(
        TranslationError,
        match="^unknown engine 'babelfish'; choose one of ctranslate2, openai, deepl, "
        "libretranslate$",
    ):
        make_engine("babelfish", configured)


def test_every_registered_engine_declares_its_capabilities(
    every_engine: dict[str, TranslationEngine],
) -> None:
    for name, engine in every_engine.items():
        assert TranslationEngine in type(engine).__mro__, name  # inherits the defaults
        terminology, context, counts, confident = CAPABILITIES[name]
        assert engine.supports_terminology is terminology, name
        assert engine.uses_context is context, name
        assert (engine.generated_tokens is not None) is counts, name
        assert (engine.last_confidences is not None) is confident, name
        assert engine.busy_seconds == 0.0, name


def test_a_remote_engine_without_its_address_is_refused(configured: Settings) -> None:
    bare = configured.model_copy(update={"openai_base_url": None, "libretranslate_url": None})
    with pytest.raises(TranslationError, match="NEWSMT_OPENAI_BASE_URL"):
        make_engine("openai", bare)
    with pytest.raises(TranslationError, match="NEWSMT_LIBRETRANSLATE_URL"):
        make_engine("libretranslate", bare)


class Upper(TranslationEngine):
    """An engine that declares nothing but what every engine must have."""

    identity = EngineIdentity(engine="upper", model_id="upper", model_revision="1")

    def translate_batch(
        self,
        segments: Sequence[str],
        *,
        src_lang: str,
        tgt_lang: str = "de",
        context: TranslationContext | None = None,
    ) -> list[str]:
        return [s.upper() for s in segments]


def test_an_engine_that_declares_nothing_gets_the_cannot_do_defaults() -> None:
    engine = Upper()
    assert engine.supports_terminology is False and engine.uses_context is False
    assert engine.last_confidences is None and engine.generated_tokens is None
    assert engine.busy_seconds == 0.0
    assert engine.close() is None  # nothing to release, and callers need not ask


def test_an_engine_without_confidences_leaves_its_sentences_unscored() -> None:
    translator = ArticleTranslator(Upper())
    assert translator.translate_paragraphs(["Привет. Мир."], src_lang="ru") == ["ПРИВЕТ. МИР."]
    assert list(translator.confidence.values()) == [None, None]
