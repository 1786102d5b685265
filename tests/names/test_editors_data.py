"""Editors' names data cannot break the line: a bad row in their files is skipped and
reported (file, line, why) while everything else keeps working, the names page's rules
refuse what would break a file, and the names step survives any odd entry that slips
through anyway."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmt.names import get_style, house_styler, load_styles
from newsmt.names.detect import Detector
from newsmt.names.editors import delete_entry, editor_entries, save_person, save_place
from newsmt.names.gazetteer import Entity, Gazetteer
from newsmt.names.house_style import HouseStyler
from newsmt.names.project import romanisation_pattern
from newsmt.names.rows import SPECS, EntryError, clean_value, parse_tsv
from newsmt.names.styles import load_styles_reporting

SOURCE = "Владимир Зеленский прибыл в Харьков."
ENGINE = "Wladimir Selenski kam in Charkow an."
FIXED = "Wolodymyr Selenskyj kam in Charkiw an."
PLACES_HEADER = "name_uk\tkind\taliases_ru\taliases_uk\tenglish\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_place_of_only_spaces_is_skipped_and_reported_and_the_names_step_goes_on(tmp_path):
    """What broke the line: a place entry of spaces made every article fail (IndexError
    in detect.py). Now the row is skipped, named with its file and line, and the shipped
    rows and the editors' good ones still work."""
    write(
        tmp_path,
        "places-extra.tsv",
        "# our places\n"
        + PLACES_HEADER
        + "   \tcity\t\t\t\n"  # line 3: the reported row
        + "Новоселиця Тестова\tcity\tНовоселица Тестовая\t\t\n"
        + "Х\tcity\t\t\t\n"  # one letter: would match any capital Х
        + "Ромашкове\tcity\tРомашково|\t\t\tстолбец лишний\n",  # a tab too many
    )
    gazetteer = Gazetteer(tmp_path)
    where = str(tmp_path / "places-extra.tsv")
    assert [(p.file, p.line) for p in gazetteer.problems] == [(where, 3), (where, 5), (where, 6)]
    assert "name_uk fehlt" in gazetteer.problems[0].why
    assert "zwei Buchstaben" in gazetteer.problems[1].why
    assert "Kopfzeile hat 5" in gazetteer.problems[2].why
    assert "place:Новоселиця Тестова" in gazetteer.entities  # the good row counts
    assert "place:Харків" in gazetteer.entities  # and the shipped data
    result = house_styler("default", tmp_path).apply(SOURCE, ENGINE, "ru")
    assert result.fixed == FIXED


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("persons.tsv", "name_uk\tname_ru\tcountry\n\t\tUA\n", "name_uk oder name_ru fehlt"),
        ("persons.tsv", "name_uk\tname_ru\tcountry\nІван Тест\t\tUkraine\n", "Ländercode"),
        ("persons.tsv", "name_uk\tname_ru\nІван\x07Тест\t\n", "Steuer- oder Formatzeichen"),
        ("oblasts.tsv", "adjective_uk\tnamed_after_uk\nТестова\t\n", "named_after_uk fehlt"),
        ("places-world.tsv", "name_uk\tname_ru\thouse_de\nТестбург\t\t\n", "house_de fehlt"),
        ("established.tsv", "kind\tsource\thouse_de\nplaec\tКиїв\tKyiv\n", "kind muss"),
        ("established.tsv", "kind\tsource\thouse_de\nplace\t  \tKyiv\n", "source fehlt"),
        ("homonyms.tsv", "name\talso\nБар\t\n", "also fehlt"),
        ("exonyms.tsv", "name_uk\texonym_de\nКиїв\t\n", "exonym_de fehlt"),
        ("places-ua.tsv", "name_uk\tname_ru\tkind\n\t\tcity\n", "name_uk fehlt"),
        ("places-ua.tsv", "name_uk\tname_ru\tkind\nТест\xfe\t\tcity\n", "kein gültiges UTF-8"),
    ],
)
def test_a_bad_row_of_any_editors_file_is_reported_and_the_rest_works(tmp_path, name, text, why):
    path = tmp_path / name
    path.write_bytes(text.encode().replace("\xfe".encode(), b"\xfe"))  # þ → a byte not UTF-8
    gazetteer = Gazetteer(tmp_path)
    assert [(p.file, p.line) for p in gazetteer.problems] == [(str(path), 2)]
    assert why in gazetteer.problems[0].why
    assert house_styler("default", tmp_path).apply(SOURCE, ENGINE, "ru").fixed == FIXED


def test_a_file_without_the_columns_it_needs_is_skipped_whole(tmp_path):
    write(tmp_path, "persons.tsv", "Name\tLand\nІван Тест\tUA\n")
    gazetteer = Gazetteer(tmp_path)
    [problem] = gazetteer.problems
    assert problem.line == 1 and "Kopfzeile ohne Spalte name_uk, name_ru" in problem.why
    assert len(list(gazetteer.persons())) >= 300


def test_a_byte_order_mark_and_windows_line_ends_are_read_as_the_file_means_them(tmp_path):
    (tmp_path / "persons.tsv").write_bytes(
        "\ufeffname_uk\tname_ru\tlatin\r\nІван Тестенко\tИван Тестенко\t\r\n".encode()
    )
    gazetteer = Gazetteer(tmp_path)
    assert gazetteer.problems == []
    assert gazetteer.entities["person:Іван Тестенко"].forms == {"Іван Тестенко", "Иван Тестенко"}


def test_an_editors_styles_file_that_is_not_yaml_leaves_the_built_in_styles(tmp_path):
    write(tmp_path, "styles.yaml", "lemberg: [unclosed\n")
    styles, problems = load_styles_reporting(tmp_path / "styles.yaml")
    assert {"default", "duden-strict", "english"} <= set(styles)
    [problem] = problems
    assert problem.file == str(tmp_path / "styles.yaml") and "kein gültiges YAML" in problem.why


def test_a_broken_editors_style_is_left_out_and_if_active_gives_way_to_default(tmp_path):
    write(
        tmp_path,
        "styles.yaml",
        "good:\n  base: default\n  exonyms: [Львів]\n"
        "broken:\n  transcription: klingonisch\n"
        "strange: 7\n",
    )
    styles, problems = load_styles_reporting(tmp_path / "styles.yaml")
    assert "good" in styles and "broken" not in styles and "strange" not in styles
    assert sorted(p.line for p in problems) == [4, 6]
    assert get_style("broken", tmp_path / "styles.yaml").name == "default"
    styler = house_styler("broken", tmp_path)  # the line goes on in the default style
    assert styler.apply(SOURCE, ENGINE, "ru").fixed == FIXED
    assert load_styles(tmp_path / "styles.yaml")["good"].exonyms == {"Львів"}


def test_the_names_step_survives_odd_entries_that_slip_through():
    """Defensive: whatever the loader lets through, detection and projection do not
    raise (an empty name, a name of spaces, one letter, a form without letters)."""
    gazetteer = Gazetteer()
    odd = [
        Entity("place:", "place", "", forms={""}),
        Entity("place: ", "place", " ", forms={" ", "  "}),
        Entity("place:Я", "place", "Я", forms={"Я"}),
        Entity("person:Я", "person", "Я", "Я", forms={"Я", "Я Я", "-"}),
        Entity("oblast:", "oblast", "", forms={""}, named_after=gazetteer.entities["place:Київ"]),
        Entity("person:ь", "person", "ь", "ь", forms={"ь ь"}),
    ]
    for entity in odd:
        gazetteer.entities[entity.key] = entity
    gazetteer.homonyms[""] = "nothing"
    styler = HouseStyler(gazetteer, get_style("default"))
    for src, mt in [
        ("Я прибыл в Харьков. Я Я сказал.", "Ich kam in Charkow an. Ja Ja, sagte ich."),
        ("Ь Ь і - у Києві.", "B B und - in Kiew."),
        ("", ""),
        ("   ", "   "),
    ]:
        styler.apply(src, mt, "ru")
        styler.apply(src, mt, "uk")
    assert Detector(gazetteer).index  # built without an IndexError


def test_a_name_with_many_doubled_letters_cannot_hang_the_projection():
    """A doubled letter may be written once: before the atomic group, each run of
    doubled letters doubled the work on a near miss, and a long name hung the step."""
    name = "А" + "сса" * 30
    pattern = romanisation_pattern(name)
    started = time.monotonic()
    assert re.search(rf"(?<![\w-]){pattern}(?!\w)", "A" + "sssa" * 30 + "x", re.I) is None
    assert time.monotonic() - started < 1
    assert re.fullmatch(romanisation_pattern("Касса"), "Kasa", re.I)
    assert re.fullmatch(romanisation_pattern("Касса"), "Kassa", re.I)


def test_the_page_rules_refuse_what_would_break_a_file_with_a_german_reason():
    for value, why in [
        ("   ", "fehlt"),
        ("Київ\tKyiv", "Tabulator"),
        ("Київ\nKyiv", "Zeilenumbruch"),
        ("Київ|Kyiv", "senkrechten Strich"),
        ("#Київ", "Raute"),
        ("Ки\u200bїв", "Formatzeichen"),
        ("К", "zwei Buchstaben"),
        ("К" * 201, "höchstens 200 Zeichen"),
    ]:
        with pytest.raises(EntryError, match=why):
            clean_value(value, "Ukrainisch", required=True, name=True)
    assert clean_value("  Кривий \u00a0 Ріг  ", "Ukrainisch", name=True) == "Кривий Ріг"


def test_editors_change_and_delete_their_own_entries_and_admins_any(tmp_path):
    save_person(tmp_path, {"name_uk": "Іван Тестенко", "house": "Iwan Testenko"}, "anna", False)
    entry = editor_entries(tmp_path)["person:Іван Тестенко"]
    assert entry.owner == "anna" and entry.house == "Iwan Testenko"
    with pytest.raises(EntryError, match="hat anna angelegt"):
        save_person(tmp_path, {"name_uk": "Іван Тестенко", "house": "X Y"}, "bert", False)
    with pytest.raises(EntryError, match="hat anna angelegt"):
        delete_entry(tmp_path, "person:Іван Тестенко", "bert", False)
    # anna renames her entry: the old rows go, nothing is appended twice
    key, previous = save_person(
        tmp_path,
        {"name_uk": "Іван Тестенко-Нов", "country": "ua", "house": ""},
        "anna",
        False,
        original="person:Іван Тестенко",
    )
    assert previous is not None and key == "person:Іван Тестенко-Нов"
    assert set(editor_entries(tmp_path)) == {"person:Іван Тестенко-Нов"}
    assert "Іван Тестенко\t" not in (tmp_path / "persons.tsv").read_text(encoding="utf-8")
    assert delete_entry(tmp_path, key, "boss", True).owner == "anna"
    assert editor_entries(tmp_path) == {}
    assert Gazetteer(tmp_path).problems == []


def test_a_file_from_before_owners_gets_the_column_and_its_rows_stay_admin_only(tmp_path):
    write(tmp_path, "places-extra.tsv", PLACES_HEADER + "Тестове\tcity\tТестово\t\tTestowe\n")
    with pytest.raises(EntryError, match="nur Administratoren"):
        save_place(tmp_path, {"name_uk": "Тестове"}, "anna", False)
    save_place(tmp_path, {"name_uk": "Тестове", "aliases_ru": "Тестово"}, "boss", True)
    text = (tmp_path / "places-extra.tsv").read_text(encoding="utf-8")
    # the header gained added_by; the column the form does not show (english) is kept
    assert (
        text
        == PLACES_HEADER.replace("\n", "\tadded_by\n") + "Тестове\tcity\tТестово\t\tTestowe\tboss\n"
    )


@given(field=st.sampled_from(["name_uk", "name_ru", "latin", "role", "house"]), text=st.text())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_input_is_refused_in_german_or_written_so_that_it_reads_back(tmp_path, field, text):
    """Arbitrary text in a field of the person form: the rules refuse it with an
    EntryError (whose message the page shows), or it is written, and the file then reads
    back with the value as typed (spaces tidied) and without any problem."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    form = {"name_ru": "Иван Тестенко", field: text}
    try:
        key, _ = save_person(folder, form, "anna", False)
    except EntryError as exc:
        assert str(exc).endswith(".")
        return
    gazetteer = Gazetteer(folder)
    assert gazetteer.problems == []
    entry = editor_entries(folder)[key]
    written = entry.house if field == "house" else entry.main[field]
    assert written == " ".join(text.split())
    assert key in gazetteer.entities


# Text shaped like a names file (rows of tab-separated fields) or any text at all.
FIELD = st.one_of(st.sampled_from(["", " ", "Київ", "Х", "#", "|", "a|b", '"', "\x00"]), st.text())
FILES_TEXT = st.one_of(
    st.text(),
    st.lists(st.lists(FIELD, max_size=7).map("\t".join), max_size=6).map("\n".join),
)


@given(FILES_TEXT)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_reader_never_raises_on_any_file(text):
    for name, spec in SPECS.items():
        rows, problems = parse_tsv(text, name, spec)
        assert all(p.file == name and p.line >= 1 for p in problems)
        for row in rows:
            assert set(spec.columns) <= set(row.values)


@given(FILES_TEXT)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_gazetteer_and_the_styles_load_whatever_the_editors_files_hold(tmp_path, text):
    """(The gazetteer takes a fifth of a second to load: fewer examples.)"""
    for name in ("places-extra.tsv", "persons.tsv", "oblasts.tsv", "established.tsv"):
        write(
            tmp_path,
            name,
            SPECS[name].columns[0] + "\t" + "\t".join(SPECS[name].columns[1:]) + "\n" + text,
        )
    write(tmp_path, "styles.yaml", text)
    gazetteer = Gazetteer(tmp_path)
    assert "place:Харків" in gazetteer.entities
    assert "default" in load_styles_reporting(tmp_path / "styles.yaml")[0]
    HouseStyler(gazetteer, get_style("default")).apply(SOURCE, ENGINE, "ru", report_unknown=False)
