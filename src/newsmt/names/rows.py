"""The rules a names file keeps, for the shipped data, the editors' own files and every
input of the names page alike.

The names files are plain TSV that editors read and change by hand: one row a line,
fields split by tabs, `#` starting a comment line, `|` separating a list of aliases. A
value that carries one of those characters, a control character or nothing at all (a
place called "   ") breaks the file or every article after it. So the names page refuses
such a value with a German message (`clean_value`, `EntryError`), and the reader skips
such a row and says where and why (`parse_tsv`, `LoadProblem`): one editor's typo must
never stop the line, and the shipped rows keep working next to a broken file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_NAME = 200  # a name or a house form
MAX_TEXT = 500  # a free-text column: a role, a note, a reason
# Characters the file format gives a meaning: never part of a value.
FORMAT_CHARACTERS = {
    "|": "einen senkrechten Strich (|)",
    '"': 'ein gerades Anführungszeichen (")',
    "#": "eine Raute (#)",
}
# Unicode categories that are no part of a name: control and format characters, line and
# paragraph separators, private use, lone surrogates (these cannot even be written out).
BAD_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
# A free-text column (a role, a reason) is never the first of a row, so a "#" there starts
# no comment, and no reader splits it at "|" or unquotes it.
FREE_TEXT_CHARACTERS = '|"#'
COUNTRY_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class EntryError(ValueError):
    """A value the names files cannot take; the message is German, for the editor."""


@dataclass(frozen=True)
class LoadProblem:
    """A row (or a whole file, line 0) the reader skipped, and why, in German."""

    file: str
    line: int
    why: str

    def __str__(self) -> str:
        return (
            f"{self.file}, Zeile {self.line}: {self.why}"
            if self.line
            else f"{self.file}: {self.why}"
        )


@dataclass(frozen=True)
class FileSpec:
    """What one names file needs: the columns its readers use (missing optional ones read
    as ""), those every row must fill, those of which one must be filled, the columns
    holding names (checked like names-page input) and lists of names split by `|`."""

    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # free text: longer values allowed
    choices: dict[str, frozenset[str]] = field(default_factory=dict)


SPECS: dict[str, FileSpec] = {
    "places-ua.tsv": FileSpec(
        ("name_uk", "name_ru", "kind", "oblast_uk", "code"),
        required=("name_uk", "kind"),
        names=("name_uk", "name_ru"),
    ),
    "places-extra.tsv": FileSpec(
        ("name_uk", "kind", "aliases_ru", "aliases_uk", "english", "added_by"),
        required=("name_uk",),
        names=("name_uk",),
        lists=("aliases_ru", "aliases_uk"),
    ),
    "places-world.tsv": FileSpec(
        ("name_uk", "name_ru", "house_de", "english"),
        required=("name_uk", "house_de"),
        names=("name_uk", "name_ru"),
    ),
    "oblasts.tsv": FileSpec(
        ("adjective_uk", "named_after_uk", "named_after_ru", "adjective_ru"),
        required=("adjective_uk", "named_after_uk"),
        names=("adjective_uk", "named_after_uk", "named_after_ru", "adjective_ru"),
    ),
    "persons.tsv": FileSpec(
        ("name_uk", "name_ru", "latin", "country", "role", "english", "house_de", "added_by"),
        one_of=("name_uk", "name_ru"),
        names=("name_uk", "name_ru"),
        texts=("role",),
    ),
    "homonyms.tsv": FileSpec(
        ("name", "also"), required=("name", "also"), names=("name",), texts=("also",)
    ),
    "exonyms.tsv": FileSpec(
        ("name_uk", "exonym_de", "note"),
        required=("name_uk", "exonym_de"),
        names=("name_uk",),
        texts=("note",),
    ),
    "established.tsv": FileSpec(
        ("kind", "source", "house_de", "reason", "added_by"),
        required=("kind", "source", "house_de"),
        names=("source",),
        texts=("reason",),
        choices={"kind": frozenset({"person", "place", "given_name_ru"})},
    ),
}


def _odd_character(text: str) -> str:
    """Why `text` cannot stand in a names file character-wise, or ""."""
    for char in text:
        if char == "\t":
            return "enthält einen Tabulator"
        if char in "\n\r\x0b\x0c\x85\u2028\u2029":
            return "enthält einen Zeilenumbruch"
        if char == "\ufffd":
            return "enthält Zeichen, die kein gültiges UTF-8 sind"
        if unicodedata.category(char) in BAD_CATEGORIES:
            return f"enthält ein Steuer- oder Formatzeichen (U+{ord(char):04X})"
    return ""


def clean_value(
    value: str,
    label: str,
    *,
    required: bool = False,
    name: bool = False,
    max_length: int = MAX_NAME,
    separators: str = "",
) -> str:
    """`value` stripped, its spaces collapsed, checked; raises EntryError saying, in
    German, what `label` (the field as the form calls it) must not hold. A name needs two
    letters at least: "   " or "-" would match nothing, "Я" every sentence starting "I".
    `separators` are format characters this field may carry (aliases: "|")."""
    text = value.strip()
    why = _odd_character(text)
    if why:
        raise EntryError(f"{label} {why}.")
    for char, words in FORMAT_CHARACTERS.items():
        if char in text and char not in separators:
            raise EntryError(f"{label} enthält {words}; das Zeichen trennt in den Namensdateien.")
    text = " ".join(text.split())
    if not text:
        if required:
            raise EntryError(f"{label} fehlt (nur Leerzeichen zählen nicht).")
        return ""
    if len(text) > max_length:
        raise EntryError(f"{label} ist zu lang (höchstens {max_length} Zeichen).")
    if name and sum(char.isalpha() for char in text) < 2:
        raise EntryError(f"{label} muss mindestens zwei Buchstaben enthalten.")
    return text


def clean_names(value: str, label: str) -> str:
    """A list of names split by `|` (aliases), each checked; empty items dropped."""
    text = clean_value(value, label, max_length=MAX_TEXT, separators="|")
    items = [clean_value(item, label, name=True) for item in text.split("|") if item.strip()]
    return "|".join(items)


def clean_country(value: str, label: str = "Land") -> str:
    """An ISO 3166 alpha-2 code (two Latin letters), upper case; "" when left empty."""
    text = clean_value(value, label).upper()
    if text and (len(text) != 2 or not set(text) <= COUNTRY_LETTERS):
        raise EntryError(f"{label} muss ein Ländercode aus zwei Buchstaben sein (z. B. UA, DE).")
    return text


def check_row(values: dict[str, str], spec: FileSpec) -> dict[str, str]:
    """A row's values cleaned by the rules of its file; raises EntryError on a bad one."""
    out: dict[str, str] = {}
    for column in spec.columns:
        raw = values.get(column, "")
        if column in spec.lists:
            out[column] = clean_names(raw, column)
        elif column == "country":
            out[column] = clean_country(raw, column)
        else:
            text = column in spec.texts
            out[column] = clean_value(
                raw,
                column,
                required=column in spec.required,
                name=column in spec.names,
                max_length=MAX_TEXT if text else MAX_NAME,
                separators=FREE_TEXT_CHARACTERS if text else "",
            )
        allowed = spec.choices.get(column)
        if allowed and out[column] not in allowed:
            raise EntryError(f"{column} muss {' oder '.join(sorted(allowed))} sein.")
    if spec.one_of and not any(out[c] for c in spec.one_of):
        raise EntryError(f"{' oder '.join(spec.one_of)} fehlt.")
    return out


@dataclass(frozen=True)
class Row:
    """One data row of a names file: its line number (1-based, as editors count) and its
    values by column."""

    line: int
    values: dict[str, str]


def split_lines(text: str) -> list[str]:
    """The file's lines as editors number them: split at "\\n" only (a stray U+2028 stays
    inside its line, where the row check finds it)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def parse_tsv(
    text: str, origin: str, spec: FileSpec | None = None
) -> tuple[list[Row], list[LoadProblem]]:
    """The good rows of one names file and a problem for each row skipped. The first line
    that is neither blank nor a comment is the header; without `spec` the values are only
    stripped (for files no reader of this package checks)."""
    rows: list[Row] = []
    problems: list[LoadProblem] = []
    header: list[str] | None = None
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = fields
            missing = [c for c in (spec.required + spec.one_of if spec else ()) if c not in header]
            if missing:
                why = f"Kopfzeile ohne Spalte {', '.join(missing)}; die Datei wird nicht gelesen"
                return [], [LoadProblem(origin, number, why)]
            continue
        if len(fields) > len(header) and any(fields[len(header) :]):
            why = f"{len(fields)} Felder, die Kopfzeile hat {len(header)} (ein Tabulator zu viel?)"
            problems.append(LoadProblem(origin, number, why))
            continue
        values = {c: (fields[i] if i < len(fields) else "") for i, c in enumerate(header) if c}
        if spec is None:
            rows.append(Row(number, values))
            continue
        try:
            checked = check_row(values, spec)
        except EntryError as exc:
            problems.append(LoadProblem(origin, number, str(exc)))
            continue
        rows.append(Row(number, {**values, **checked}))
    return rows, problems


def read_text(path: Path, origin: str) -> tuple[str, list[LoadProblem]]:
    """A names file's text; bytes that are not UTF-8 become U+FFFD (the row check reports
    their rows), a byte-order mark is dropped, an unreadable file reads as empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", [LoadProblem(origin, 0, f"nicht lesbar ({exc.strerror or exc})")]
    return data.decode("utf-8-sig", errors="replace"), []
