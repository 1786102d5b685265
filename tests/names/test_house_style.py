from __future__ import annotations

from newsmt.names import apply_house_style


def test_russian_based_forms_become_house_forms():
    fixed, changes = apply_house_style("Wladimir Selenski sprach mit Umerow in Charkow.")
    assert fixed == "Wolodymyr Selenskyj sprach mit Umjerow in Charkiw."
    assert [(c.from_, c.to) for c in changes] == [
        ("Wladimir Selenski", "Wolodymyr Selenskyj"),
        ("Umerow", "Umjerow"),
        ("Charkow", "Charkiw"),
    ]
    assert changes[0].entity == "Володимир Зеленський" and changes[0].kind == "person"


def test_genitive_s_is_kept():
    assert apply_house_style("Selenskis Worte")[0] == "Selenskyjs Worte"


def test_correct_text_and_other_words_are_untouched():
    text = "Wolodymyr Selenskyj traf Hakan Fidan. Die Umerowka-Straße bleibt."
    assert apply_house_style(text) == (text, [])
