"""Transliteration: Duden (uk, ru), national 2010, scientific ISO 9."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsmt.names import transliterate

STAGN = Path(__file__).resolve().parents[3] / "shared" / "names" / "stagn-places.tsv"


def stagn_rows() -> list[dict[str, str]]:
    with STAGN.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_stagn_place_reproduces_its_duden_column():
    rows = stagn_rows()
    assert len(rows) >= 40
    wrong = [
        (r["name_uk"], transliterate(r["name_uk"], lang="uk"), r["duden_de"])
        for r in rows
        if transliterate(r["name_uk"], lang="uk") != r["duden_de"]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("lang", "cyrillic", "duden"),
    [
        ("uk", "Запоріжжя", "Saporischschja"),
        ("uk", "Київ", "Kyjiw"),
        ("uk", "Хмельницький", "Chmelnyzkyj"),
        ("uk", "Прип'ять", "Prypjat"),
        ("uk", "Умєров", "Umjerow"),
        ("uk", "Володимир Зеленський", "Wolodymyr Selenskyj"),
        ("uk", "Буданов", "Budanow"),
        ("uk", "Азов", "Asow"),
        ("uk", "Льонька", "Ljonka"),  # ьо → jo
        ("uk", "Івано-Франківськ", "Iwano-Frankiwsk"),  # hyphen and capitals kept
        ("ru", "Сергей Лавров", "Sergej Lawrow"),
        ("ru", "Дмитрий Песков", "Dmitri Peskow"),  # -ий → -i
        ("ru", "Сергей Шойгу", "Sergej Schoigu"),  # й after a vowel, before a consonant
        ("ru", "Андрей Белый", "Andrej Bely"),  # -ый → -y
        ("ru", "Елена", "Jelena"),  # е at the start
        ("ru", "Андреевич", "Andrejewitsch"),  # е after a vowel
        ("ru", "Горбачёв", "Gorbatschow"),  # ё after ч
        ("ru", "Пётр", "Pjotr"),
        ("ru", "Василий", "Wassili"),  # с between vowels
        ("ru", "Подъезд", "Podjesd"),  # ъ dropped, е after ъ
        ("ru", "НАТО", "NATO"),  # all capitals stay capitals
        ("ru", "ЩИТ", "SCHTSCHIT"),
        ("uk", "Щорс", "Schtschors"),  # a capital becomes a capitalised group
    ],
)
def test_duden(lang, cyrillic, duden):
    assert transliterate(cyrillic, lang=lang) == duden


@pytest.mark.parametrize(
    ("cyrillic", "national"),
    [
        ("Київ", "Kyiv"),
        ("Запоріжжя", "Zaporizhzhia"),
        ("Південне", "Pivdenne"),
        ("Юрій Єрмак", "Yurii Yermak"),  # word-initial ю, є; й after і
        ("Їжакевич", "Yizhakevych"),
        ("Згурівка", "Zghurivka"),  # зг → zgh
        ("Знам'янка", "Znamianka"),  # apostrophe dropped, я → ia inside
        ("Харків", "Kharkiv"),
    ],
)
def test_national_2010(cyrillic, national):
    assert transliterate(cyrillic, lang="uk", system="national") == national


@pytest.mark.parametrize(
    ("lang", "cyrillic", "iso9"),
    [
        ("uk", "Київ", "Kiïv"),
        ("uk", "Запоріжжя", "Zaporìžžâ"),
        ("uk", "Прип'ять", "Pripʼâtʹ"),
        ("ru", "Щёлкино", "Ŝëlkino"),
        ("ru", "Подъезд", "Podʺezd"),
    ],
)
def test_scientific_iso9(lang, cyrillic, iso9):
    assert transliterate(cyrillic, lang=lang, system="scientific") == iso9


def test_latin_text_digits_and_punctuation_pass_through():
    assert transliterate("Київ-2026: NATO, «Азов»", lang="uk") == "Kyjiw-2026: NATO, «Asow»"


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="uk or ru"):
        transliterate("Київ", lang="be")
    with pytest.raises(ValueError, match="duden, national, scientific"):
        transliterate("Київ", lang="uk", system="bgn")
