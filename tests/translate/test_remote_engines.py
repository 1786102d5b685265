"""The network engines against loopback protocol doubles of their APIs (see protocol_doubles)."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from newsmt.translate import Term, TranslationContext, TranslationError
from newsmt.translate.remote import (
    DeepLEngine,
    LibreTranslateEngine,
    OpenAICompatibleEngine,
    RetryPolicy,
)
from tests.translate.protocol_doubles import DeepLDouble, LibreTranslateDouble, OpenAIChatDouble

KEY = "sk-secret-0123456789"
FAST = RetryPolicy(attempts=3, backoff_base=0.01)


@pytest.fixture
def openai_double():
    double = OpenAIChatDouble(api_key=KEY).start()
    yield double
    double.stop()


@pytest.fixture
def deepl_double():
    double = DeepLDouble(api_key=KEY).start()
    yield double
    double.stop()


@pytest.fixture
def libre_double():
    double = LibreTranslateDouble(api_key=KEY).start()
    yield double
    double.stop()


def make(kind: str, double) -> object:  # type: ignore[no-untyped-def]
    if kind == "openai":
        return OpenAICompatibleEngine(double.base_url + "/v1", "qwen", api_key=KEY, retry=FAST)
    if kind == "deepl":
        return DeepLEngine(KEY, server_url=double.base_url, retry=FAST)
    return LibreTranslateEngine(double.base_url, api_key=KEY, retry=FAST)


DOUBLES = {"openai": "openai_double", "deepl": "deepl_double", "libretranslate": "libre_double"}


@pytest.fixture(params=list(DOUBLES))
def engine_and_double(request):
    double = request.getfixturevalue(DOUBLES[request.param])
    engine = make(request.param, double)
    yield engine, double
    engine.close()


def test_every_engine_translates_a_batch_in_order(engine_and_double):
    engine, _double = engine_and_double
    out = engine.translate_batch(["Президент заявил.", "Обмен продолжится."], src_lang="ru")
    assert out == ["Präsident erklärte.", "Austausch wird fortgesetzt."]
    assert engine.identity.engine in ("openai-compatible", "deepl", "libretranslate")


def test_every_engine_retries_rate_limits_and_server_errors(engine_and_double, caplog):
    engine, double = engine_and_double
    double.failures.extend(
        [(429, '{"message": "slow down"}', {"Retry-After": "0"}), (503, "{}", {})]
    )
    with caplog.at_level(logging.WARNING):
        assert engine.translate_batch(["Президент заявил."], src_lang="ru") == [
            "Präsident erklärte."
        ]
    assert "retrying" in caplog.text


def test_every_engine_gives_up_with_a_clear_error_and_never_leaks_the_key(
    engine_and_double, caplog
):
    engine, double = engine_and_double
    double.failures.extend([(500, f'{{"message": "boom {KEY}"}}', {})] * 10)
    with caplog.at_level(logging.DEBUG), pytest.raises(TranslationError) as err:
        engine.translate_batch(["Президент заявил."], src_lang="ru")
    assert "gave up after 3 attempts" in str(err.value)
    assert KEY not in str(err.value) and KEY not in caplog.text
    assert KEY not in repr(engine)


def test_openai_prompt_carries_terminology_and_previous_sentences(openai_double):
    engine = make("openai", openai_double)
    context = TranslationContext(
        src_lang="ru",
        previous=["Об этом сообщил президент."],
        terminology=[Term("Зеленский", "Selenskyj")],
    )
    out = engine.translate_batch(
        ["Зеленский заявил.", "Обмен продолжится."], src_lang="ru", context=context
    )
    assert out[0] == "Selenskyj erklärte."
    first, second = (r["json"]["messages"][0]["content"] for r in openai_double.requests)
    assert "- Зеленский → Selenskyj" in first
    assert "Об этом сообщил президент." in first
    assert "Зеленский заявил." in second  # the previous sentence of the batch is context
    assert openai_double.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"
    assert openai_double.requests[0]["json"]["temperature"] == 0.0


def test_openai_timeout_is_retried_then_recorded(openai_double):
    openai_double.delay = 0.5
    engine = OpenAICompatibleEngine(
        openai_double.base_url + "/v1", "qwen", timeout=0.1, retry=FAST, api_key=KEY
    )
    with pytest.raises(TranslationError, match="timed out"):
        engine.translate_batch(["Президент заявил."], src_lang="ru")
    assert len(openai_double.requests) == 3


def test_deepl_turns_terminology_into_one_reused_glossary(deepl_double):
    engine = make("deepl", deepl_double)
    context = TranslationContext(src_lang="uk", terminology=[Term("Зеленський", "Selenskyj")])
    for _ in range(2):
        out = engine.translate_batch(["Зеленський заявив."], src_lang="uk", context=context)
        assert out == ["Selenskyj erklärte."]
    assert len(deepl_double.glossaries) == 1
    translate_calls = [r for r in deepl_double.requests if r["path"] == "/v2/translate"]
    assert translate_calls[0]["json"]["glossary_id"] == "glossary-1"
    assert translate_calls[0]["json"]["tag_handling"] == "html"
    assert translate_calls[0]["json"]["source_lang"] == "UK"
    assert deepl_double.requests[0]["headers"]["Authorization"] == f"DeepL-Auth-Key {KEY}"


def test_deepl_escapes_text_for_html_tag_handling(deepl_double):
    engine = make("deepl", deepl_double)
    assert engine.translate_batch(["A < B & C"], src_lang="ru") == ["A < B & C"]
    sent = [r for r in deepl_double.requests if r["path"] == "/v2/translate"][0]
    assert sent["json"]["text"] == ["A &lt; B &amp; C"]


def test_deepl_quota_exceeded_fails_at_once(deepl_double):
    deepl_double.failures.append((456, '{"message": "Quota exceeded"}', {}))
    with pytest.raises(TranslationError, match="quota"):
        make("deepl", deepl_double).translate_batch(["Президент."], src_lang="ru")
    assert len(deepl_double.requests) == 1


def test_wrong_key_is_not_retried(libre_double):
    engine = LibreTranslateEngine(libre_double.base_url, api_key="wrong", retry=FAST)
    with pytest.raises(TranslationError, match="403"):
        engine.translate_batch(["Президент."], src_lang="ru")
    assert len(libre_double.requests) == 1


def test_libretranslate_sends_one_request_per_batch(libre_double):
    engine = make("libretranslate", libre_double)
    engine.translate_batch(["Президент заявил.", "Обмен продолжится."], src_lang="ru")
    assert len(libre_double.requests) == 1
    sent = libre_double.requests[0]["json"]
    assert sent["q"] == ["Президент заявил.", "Обмен продолжится."]
    assert (sent["source"], sent["target"], sent["format"]) == ("ru", "de", "text")


def test_unreachable_server_is_an_error_not_a_crash():
    engine = LibreTranslateEngine("http://127.0.0.1:9", retry=FAST)
    with pytest.raises(TranslationError, match="unreachable"):
        engine.translate_batch(["Президент."], src_lang="ru")


def test_an_engine_that_keeps_failing_is_recorded_on_the_article(settings, loopback, caplog):
    """Retries run out → the article records the failure (without the key); the run goes on.
    The key straddles the 300th character of the error body, where the message is cut:
    redacting after the cut would leave its first half in the record."""
    from sqlalchemy import select

    from newsmt.pipeline import LocalRunner, PipelineContext
    from newsmt.sources.registry import add_source
    from newsmt.store import Article
    from tests.conftest import rss

    double = LibreTranslateDouble(api_key=KEY).start()
    padding = "x" * (300 - len('{"error": "') - len(KEY) // 2)
    double.failures.extend([(503, f'{{"error": "{padding}{KEY}"}}', {})] * 50)
    try:
        settings.libretranslate_url = double.base_url
        settings.engine_api_key = SecretStr(KEY)
        settings.engine_retries = 2
        settings.capture_enabled = False
        from newsmt.demo import sample

        loopback.add("/ukraine/4804000-a", sample("ru-article.html"))
        loopback.add("/rss.xml", rss(loopback.base_url, ["/ukraine/4804000-a"]))
        ctx = PipelineContext.from_settings(settings)
        add_source(
            ctx.db,
            feed_url=loopback.base_url + "/rss.xml",
            name="k",
            label="K",
            adapter="korrespondent",
            engine="libretranslate",
        )
        with caplog.at_level(logging.DEBUG):
            report = LocalRunner(ctx).run_once()
        with ctx.db.session() as session:
            article = session.scalars(select(Article)).one()
            status, stage, error = article.status, article.error_stage, article.error
            events = " ".join(e.message or "" for e in article.events)
        ctx.close()
    finally:
        double.stop()
    assert report.failed == 1
    assert (status, stage) == ("failed", "translated")
    assert "LibreTranslate answered HTTP 503" in error and "gave up after 2 attempts" in error
    first_half = KEY[: len(KEY) // 2]
    assert first_half not in error and first_half not in events
    assert first_half not in caplog.text
    assert "***" in error
