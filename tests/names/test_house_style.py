"""Recognition in the source and projection into the German text."""

from __future__ import annotations

import pytest

from newsmt.names import apply_house_style
from newsmt.names.gazetteer import load_gazetteer
from newsmt.names.house_style import HouseStyler
from newsmt.names.styles import Style, get_style


def fixed(src: str, mt: str, lang: str = "ru", style: str = "default") -> str:
    return apply_house_style(src, mt, lang, style).fixed


def test_russian_source_forms_become_the_ukrainian_house_form():
    result = apply_house_style(
        "Президент Владимир Зеленский заявил, что Умеров провел переговоры в Харькове.",
        "Präsident Wladimir Selenski sagte, dass Umerow in Charkow verhandelt hat.",
        "ru",
    )
    assert result.fixed == (
        "Präsident Wolodymyr Selenskyj sagte, dass Umjerow in Charkiw verhandelt hat."
    )
    assert [c.as_dict() for c in result.changes][0] == {
        "from": "Wladimir Selenski",
        "to": "Wolodymyr Selenskyj",
        "entity": "Володимир Зеленський",
        "kind": "person",
        "reason": "persons.tsv: Duden transcription of the Ukrainian Володимир Зеленський",
    }
    assert {c.to for c in result.changes} == {"Wolodymyr Selenskyj", "Umjerow", "Charkiw"}


@pytest.mark.parametrize(
    ("lang", "src", "mt", "expected"),
    [
        (
            "ru",
            "Слова Зеленского.",
            "Selenskis Worte.",
            "Selenskyjs Worte.",
        ),  # German genitive kept
        ("uk", "У Кривому Розі.", "In Kryvyi Rih.", "In Krywyj Rih."),  # inflected two-word name
        ("ru", "В Харьковской области.", "Im Charkower Gebiet.", "Im Gebiet Charkiw."),
        ("ru", "В Харьковской области.", "In der Region Kharkiv.", "In der Region Charkiw."),
        ("uk", "Умєровим підписано.", "Von Umerov unterzeichnet.", "Von Umjerow unterzeichnet."),
        ("ru", "Встреча в Николаеве.", "Treffen in Nikolajew.", "Treffen in Mykolajiw."),
    ],
)
def test_projection(lang, src, mt, expected):
    assert fixed(src, mt, lang) == expected


def test_text_that_is_already_right_or_not_a_name_is_never_touched():
    src = "Зеленский встретился с Трампом в Киеве."
    mt = "Selenskyj traf Trump in Kiew."
    result = apply_house_style(src, mt, "ru")
    assert result.fixed == mt and result.changes == []
    # a name the source does not mention is left alone, even if it is "wrong"
    assert fixed("Переговоры продолжатся.", "Die Gespräche in Charkow gehen weiter.") == (
        "Die Gespräche in Charkow gehen weiter."
    )


def test_another_person_with_a_known_surname_is_not_taken_for_the_known_one():
    result = apply_house_style(
        "Тарас Шевчук прибыл в Харьков.", "Taras Schewtschuk kam in Charkow an.", "ru"
    )
    assert result.fixed == "Taras Schewtschuk kam in Charkiw an."
    assert {"name": "Тарас Шевчук", "suggestion": "Taras Schewtschuk"} in result.as_dict()[
        "unknown"
    ]


def test_unknown_names_are_listed_with_a_suggestion_not_guessed():
    ru = apply_house_style(
        "Об этом сообщил Иван Петрович Сидоренко.", "Dies teilte Iwan Sidorenko mit.", "ru"
    )
    assert ru.fixed == "Dies teilte Iwan Sidorenko mit." and ru.changes == []
    assert [u.name for u in ru.unknown] == ["Иван Петрович Сидоренко"]
    assert ru.unknown[0].suggestion == "Iwan Petrowitsch Sidorenko"
    uk = apply_house_style(
        "Нагадаємо, Степан Бандерчук прибув до Миколаєва.", "Stepan Banderchuk kam an.", "uk"
    )
    assert [(u.name, u.suggestion) for u in uk.unknown] == [
        ("Степан Бандерчук", "Stepan Bandertschuk")
    ]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("default", "Selenskyj war in Kiew und Odessa."),
        ("duden-strict", "Selenskyj war in Kyjiw und Odesa."),
        ("english", "Zelensky war in Kyiv und Odesa."),
    ],
)
def test_styles(style, expected):
    src = "Зеленский побывал в Киеве и Одессе."
    assert fixed(src, "Selenski war in Kiev und Odessa.", style=style) == expected


def test_source_form_in_brackets_on_first_mention():
    styler = HouseStyler(
        load_gazetteer(),
        Style("brackets", "duden", get_style("default").exonyms, source_form_first_mention=True),
    )
    result = styler.apply(
        "Владимир Зеленский заявил. Зеленский добавил.",
        "Wladimir Selenski sagte. Selenski fügte hinzu.",
        "ru",
    )
    assert result.fixed == "Wladimir Selenski [Wolodymyr Selenskyj] sagte. Selenskyj fügte hinzu."


def test_terminology_for_engines():
    styler = HouseStyler(load_gazetteer(), get_style("default"))
    terms = dict(styler.terminology("Зеленский прибыл в Харьков.", "ru"))
    assert terms == {"Владимир Зеленский": "Wolodymyr Selenskyj", "Харьков": "Charkiw"}
