"""The gazetteer data: Ukrainian places from the codifier, persons, styles and overrides."""

from __future__ import annotations

import pytest

from newsmt.names import get_style, load_styles
from newsmt.names.gazetteer import Gazetteer, load_gazetteer
from newsmt.names.styles import StyleError


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def house(gazetteer, key, style="default"):
    return gazetteer.house_form(gazetteer.entities[key], get_style(style))[0]


def test_all_oblasts_raion_centres_cities_and_settlements_are_loaded(gazetteer):
    kinds = {e.kind for e in gazetteer.entities.values()}
    assert kinds == {"person", "place", "oblast"}
    assert sum(e.kind == "oblast" for e in gazetteer.entities.values()) == 24
    places = [e for e in gazetteer.entities.values() if e.kind == "place"]
    assert len(places) > 2000  # cities and settlements of the KATOTTG codifier
    assert "Шептицький" in {p.name_uk for p in places}  # 2024 renaming present


def test_at_least_300_persons_with_cyrillic_forms_and_nationality(gazetteer):
    persons = list(gazetteer.persons())
    assert len(persons) >= 300
    assert all(p.name_uk or p.name_ru for p in persons)
    countries = {p.country for p in persons}
    assert {"UA", "RU", "US", "DE", "TR", "BY"} <= countries


def test_russian_forms_belong_to_the_ukrainian_entity(gazetteer):
    kharkiv = gazetteer.entities["place:Харків"]
    assert "Харьков" in kharkiv.forms
    assert "Николаев" in gazetteer.entities["place:Миколаїв"].forms
    assert "Кривой Рог" in gazetteer.entities["place:Кривий Ріг"].forms
    assert "Артемовск" in gazetteer.entities["place:Бахмут"].forms  # former name
    zelensky = gazetteer.entities["person:Володимир Зеленський"]
    assert "Владимир Зеленский" in zelensky.forms


@pytest.mark.parametrize(
    ("key", "default", "strict", "english"),
    [
        ("place:Київ", "Kiew", "Kyjiw", "Kyiv"),
        ("place:Одеса", "Odessa", "Odesa", "Odesa"),
        ("place:Львів", "Lwiw", "Lwiw", "Lviv"),
        ("place:Крим", "Krim", "Krym", "Crimea"),
        ("place:Чорнобиль", "Tschernobyl", "Tschornobyl", "Chornobyl"),
        ("place:Харків", "Charkiw", "Charkiw", "Kharkiv"),
        (
            "person:Володимир Зеленський",
            "Wolodymyr Selenskyj",
            "Wolodymyr Selenskyj",
            "Volodymyr Zelensky",
        ),
        ("person:Віталій Кличко", "Witalij Klitschko", "Witalij Klitschko", "Vitali Klitschko"),
        ("person:Кирило Буданов", "Kyrylo Budanow", "Kyrylo Budanow", "Kyrylo Budanov"),
        ("person:Володимир Путін", "Wladimir Putin", "Wladimir Putin", "Vladimir Putin"),
        (
            "person:Олександр Лукашенко",
            "Alexander Lukaschenko",
            "Alexander Lukaschenko",
            "Alexander Lukashenko",
        ),
        ("person:Хакан Фідан", "Hakan Fidan", "Hakan Fidan", "Hakan Fidan"),
        (
            "person:Реджеп Тайїп Ердоган",
            "Recep Tayyip Erdoğan",
            "Recep Tayyip Erdoğan",
            "Recep Tayyip Erdoğan",
        ),
    ],
)
def test_house_forms_per_style(gazetteer, key, default, strict, english):
    assert house(gazetteer, key) == default
    assert house(gazetteer, key, "duden-strict") == strict
    assert house(gazetteer, key, "english") == english


def test_oblasts_are_named_after_their_place(gazetteer):
    assert house(gazetteer, "oblast:Харківська") == "Charkiw"
    assert house(gazetteer, "oblast:Дніпропетровська") == "Dnipropetrowsk"
    assert house(gazetteer, "oblast:Київська") == "Kiew"


def test_editors_extend_the_gazetteer_and_the_styles(tmp_path):
    (tmp_path / "persons.tsv").write_text(
        "name_uk\tname_ru\tlatin\tcountry\trole\tenglish\n"
        "Степан Бандерчук\tСтепан Бандерчук\t\tUA\tmayor\t\n",
        encoding="utf-8",
    )
    (tmp_path / "established.tsv").write_text(
        "kind\tsource\thouse_de\treason\nperson\tСтепан Бандерчук\tStefan Banderchuk\tasked by him\n",
        encoding="utf-8",
    )
    (tmp_path / "styles.yaml").write_text(
        "lemberg:\n  base: default\n  exonyms: [Київ, Одеса, Крим, Чорнобиль, Львів]\n",
        encoding="utf-8",
    )
    extended = Gazetteer(tmp_path)
    assert house(extended, "person:Степан Бандерчук") == "Stefan Banderchuk"
    styles = load_styles(tmp_path / "styles.yaml")
    lemberg = styles["lemberg"]
    assert lemberg.transcription == "duden"
    assert extended.house_form(extended.entities["place:Львів"], lemberg)[0] == "Lemberg"


def test_unknown_style_is_a_clear_error():
    with pytest.raises(StyleError, match="available: default, duden-strict, english"):
        get_style("tabloid")


def test_every_person_shows_its_house_form_and_it_agrees_with_the_rules(gazetteer):
    persons = list(gazetteer.persons())
    assert all(p.house_de for p in persons)
    style = get_style("default")
    disagree = [
        (p.key, p.house_de, gazetteer.house_form(p, style)[0])
        for p in persons
        if p.house_de != gazetteer.house_form(p, style)[0]
    ]
    assert disagree == []
