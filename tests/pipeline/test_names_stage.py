"""The names step inside the line: between translation and rendering, explained on the
article. A protocol double stands in for the engine so the German is predictable."""

from __future__ import annotations

from sqlalchemy import select

from newsmt.store import Article
from tests.conftest import run_single_article
from tests.translate.protocol_doubles import OpenAIChatDouble

PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>t</title></head>
<body><div class="post-item"><h1 class="post-item__title">Зеленский посетил Харьков</h1>
<div class="post-item__text"><p>Президент Владимир Зеленский прибыл в Харьков, сообщил Иван Петрович Сидоренко.</p>
<p>Слова Зеленского подтвердили в Харьковской области.</p></div></div></body></html>"""

GERMAN = {
    "Зеленский посетил Харьков": "Selenski besuchte Charkow",
    "Президент Владимир Зеленский прибыл в Харьков, сообщил Иван Петрович Сидоренко.": "Präsident Wladimir Selenski kam in Charkow an, teilte Iwan Petrowitsch Sidorenko mit.",
    "Слова Зеленского подтвердили в Харьковской области.": "Selenskis Worte wurden im Charkower Gebiet bestätigt.",
}


class FixedGermanDouble(OpenAIChatDouble):
    def respond(self, method, path, headers, body):  # type: ignore[no-untyped-def]
        self.prompts = getattr(self, "prompts", []) + [body["messages"][0]["content"]]
        status, answer = super().respond(method, path, headers, body)
        answer["choices"][0]["message"]["content"] = GERMAN[body["messages"][-1]["content"]]
        return status, answer


def line_with_fixed_german(settings, loopback, read):  # type: ignore[no-untyped-def]
    """PAGE through the whole line with an OpenAI-compatible engine that answers fixed
    German; `read` takes what a test needs from the article. Returns that and the double
    (its prompts)."""
    double = FixedGermanDouble().start()
    try:
        settings.openai_base_url = double.base_url + "/v1"
        ctx = run_single_article(
            settings, loopback, "/ukraine/4803000-zelenskyi", PAGE, engine="openai"
        )
        try:
            with ctx.db.session() as session:
                return read(session.scalars(select(Article)).one()), double
        finally:
            ctx.close()
    finally:
        double.stop()


def test_names_step_fixes_records_and_passes_terms_to_the_engine(settings, loopback):
    (title, blocks, changes, unknown, style, page), double = line_with_fixed_german(
        settings,
        loopback,
        lambda a: (
            a.title_de,
            [b["text"] for b in a.blocks_de],
            a.name_changes,
            a.unknown_names,
            a.names_style,
            a.html_de,
        ),  # fmt: skip
    )
    assert title == "Selenskyj besuchte Charkiw"
    assert blocks == [
        "Präsident Wolodymyr Selenskyj kam in Charkiw an, teilte Iwan Petrowitsch Sidorenko mit.",
        "Selenskyjs Worte wurden im Gebiet Charkiw bestätigt.",
    ]
    assert style == "default"
    assert {"from": "Selenskis", "to": "Selenskyjs", "where": "block 1"}.items() <= next(
        c for c in changes if c["from"] == "Selenskis"
    ).items()
    assert all(c["reason"] for c in changes)
    assert unknown == [
        {"name": "Иван Петрович Сидоренко", "suggestion": "Iwan Petrowitsch Sidorenko"}
    ]
    assert "Wolodymyr Selenskyj" in page and "Selenski " not in page
    # the LLM got the house forms as terminology before translating
    assert "- Владимир Зеленский → Wolodymyr Selenskyj" in double.prompts[0]
    assert "- Харьков → Charkiw" in double.prompts[0]
