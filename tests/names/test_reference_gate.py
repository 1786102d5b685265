"""The gate on real text: the names step over the human German references of
../shared/eval may make exactly the reviewed changes, no more and no fewer."""

from __future__ import annotations

from importlib import resources

import pytest

from newsmt.names.house_style import house_styler
from newsmt.names.references import GateReport, changes_on_references, load_expected, tsv_line
from newsmt.translate.evaluate import find_eval_dir


@pytest.fixture(scope="module")
def eval_dir():
    return find_eval_dir()


@pytest.mark.parametrize("style", ["default", "english"])
def test_changes_on_human_references_are_exactly_the_reviewed_ones(eval_dir, style):
    name = "reference-changes.tsv" if style == "default" else f"reference-changes-{style}.tsv"
    with resources.as_file(resources.files("newsmt.data").joinpath(f"names/{name}")) as path:
        expected = load_expected(path)
    report = GateReport(changes_on_references(house_styler(style), eval_dir), expected)
    assert not report.unexpected, "changes not on the reviewed list:\n" + "\n".join(
        tsv_line(c) for c in report.unexpected
    )
    assert not report.missing, "reviewed changes no longer made:\n" + "\n".join(
        tsv_line(c) for c in report.missing
    )
    assert all(e.why for e in expected), "every reviewed change says why it is right"


def test_german_exonyms_and_inflection_are_never_touched_in_any_style():
    for style in ("default", "duden-strict", "english"):
        styler = house_styler(style)
        src = "Германия, Франция и Турция поддержали Италию; на юге Франции итальянцы отдыхают."
        mt = "Deutschland, Frankreich und die Türkei unterstützten Italien; im Süden Frankreichs urlauben Italiener."
        assert styler.apply(src, mt, "ru").fixed == mt, style


def test_a_person_is_never_mapped_to_a_place_by_shared_letters():
    styler = house_styler("default")
    src = "Все событие проходит при содействии Богуслава Свободы, лорда-мэра Праги."
    mt = "Die Schirmherrschaft übernahm Bohuslav Svoboda, der Oberbürgermeister von Prag."
    assert styler.apply(src, mt, "ru").fixed == mt
    src = "Представитель Буша Гордон Джондро назвал обещание большим шагом."
    mt = "Bush-Sprecher Gordon Johndroe nannte das Versprechen einen großen Schritt."
    assert styler.apply(src, mt, "ru").fixed == mt


def test_with_evidence_the_ambiguous_place_is_changed():
    styler = house_styler("default")
    src = "В Богуславе Киевской области прошли учения."
    mt = "In Boguslav im Gebiet Kiew fanden Übungen statt."
    assert "Bohuslaw" in styler.apply(src, mt, "ru").fixed


def test_reasons_come_from_the_data_not_from_assumptions():
    styler = house_styler("default")
    src = "Премьер-министр Израиля Биньямин Нетаньяху выступил."
    result = styler.apply(src, "Israels Premierminister Benjamin Netanyahu sprach.", "ru")
    (change,) = result.changes
    assert "own Latin-script" not in change.reason and "another script, IL" in change.reason
    src = "Канцлер Фридрих Мерц прибыл в Киев."
    result = styler.apply(src, "Kanzler Friedrich Merz kam nach Kiew.", "ru")
    assert result.changes == []


def test_doubtful_mentions_are_listed_for_editors_not_changed():
    styler = house_styler("default")
    src = "Ворог атакував Дружбу."
    result = styler.apply(src, "Der Feind griff Druzhba an.", "uk", report_unknown=False)
    assert result.fixed == "Der Feind griff Druzhba an."
    assert result.doubtful and result.doubtful[0]["house_form"] == "Druschba"
