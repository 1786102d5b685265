"""The editors' own entries under NEWSMT_HOME/names: persons, places and the house forms
set for them, as the names page adds, changes and deletes them.

An entry is the gazetteer's key ("person:Іван Сидоренко", "place:Харків") with its rows
in persons.tsv or places-extra.tsv and in established.tsv. Each row the page writes
names its author in the `added_by` column: editors change and delete their own entries,
admins any (a row written by hand names nobody, so only admins touch it). Saving an
entry replaces its rows instead of appending another, so an edit can also take a form
back; columns the page does not show (english, aliases_uk) are kept. Every value is
checked by the rules of rows.py before it is written, and the file is replaced as a
whole, so a reader never sees half a row.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

from newsmt.names.rows import (
    FREE_TEXT_CHARACTERS,
    MAX_TEXT,
    SPECS,
    EntryError,
    clean_country,
    clean_names,
    clean_value,
    parse_tsv,
    read_text,
    split_lines,
)

FILES = {
    "person": ("persons.tsv", ["name_uk", "name_ru", "latin", "country", "role", "english"]),
    "place": ("places-extra.tsv", ["name_uk", "kind", "aliases_ru", "aliases_uk", "english"]),
    "established": ("established.tsv", ["kind", "source", "house_de", "reason"]),
}
OWNER = "added_by"
EDITABLE_FILES = tuple(name for name, _ in FILES.values())
_LOCK = threading.Lock()  # one writer at a time: each save reads, changes, replaces


class NotAllowed(EntryError):
    """The entry is someone else's and the user is no admin."""


@dataclass(frozen=True)
class EditorRow:
    file: str  # persons.tsv | places-extra.tsv | established.tsv
    line: int
    values: dict[str, str]

    @property
    def owner(self) -> str:
        return self.values.get(OWNER, "")


@dataclass
class EditorEntry:
    key: str
    kind: str  # person | place
    rows: list[EditorRow] = field(default_factory=list)

    @property
    def main(self) -> dict[str, str]:
        """The values of its last persons/places row (the one the gazetteer keeps)."""
        mains = [r for r in self.rows if r.file != "established.tsv"]
        return dict(mains[-1].values) if mains else {}

    @property
    def house(self) -> str:
        established = [r for r in self.rows if r.file == "established.tsv"]
        return established[-1].values["house_de"] if established else ""

    @property
    def owner(self) -> str:
        return next((r.owner for r in self.rows if r.owner), "")

    def may_change(self, user: str, admin: bool) -> bool:
        return admin or all(r.owner == user for r in self.rows)


def entry_key(kind: str, values: dict[str, str]) -> str:
    """The gazetteer's key of a persons or places row."""
    if kind == "person":
        return f"person:{values.get('name_uk') or values.get('name_ru', '')}"
    return f"place:{values.get('name_uk', '')}"


def editor_entries(names_dir: Path) -> dict[str, EditorEntry]:
    """The editors' entries by key; rows the file rules refuse are not entries (the
    gazetteer reports them)."""
    entries: dict[str, EditorEntry] = {}

    def add(key: str, kind: str, row: EditorRow) -> None:
        entries.setdefault(key, EditorEntry(key, kind)).rows.append(row)

    for kind in ("person", "place", "established"):
        name = FILES[kind][0]
        path = names_dir / name
        if not path.exists():
            continue
        rows, _ = parse_tsv(read_text(path, name)[0], name, SPECS[name])
        for row in rows:
            if kind != "established":
                add(entry_key(kind, row.values), kind, EditorRow(name, row.line, row.values))
            elif row.values["kind"] in ("person", "place"):
                key = f"{row.values['kind']}:{row.values['source']}"
                add(key, row.values["kind"], EditorRow(name, row.line, row.values))
    return entries


def _write(path: Path, text: str) -> None:
    """Replace the file in one step (a reader sees the old or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _header_index(lines: list[str]) -> int | None:
    """Where the header is: the first line neither blank nor a comment."""
    return next((i for i, t in enumerate(lines) if t.strip() and not t.startswith("#")), None)


def _rewrite(path: Path, drop: set[int], add: list[dict[str, str]], columns: list[str]) -> None:
    """Drop the lines numbered in `drop`, append `add` as rows. The header gains the
    columns written that it lacks (added_by in a file from before owners were kept)."""
    text = read_text(path, path.name)[0] if path.exists() else ""
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    at = _header_index(lines)
    if at is None:
        header = [*columns, OWNER]
        lines.append("\t".join(header))
    else:
        header = [f.strip() for f in lines[at].split("\t")]
        missing = [c for c in (*columns, OWNER) if c not in header]
        if missing and add:
            header += missing
            lines[at] = "\t".join(header)
    kept = [line for number, line in enumerate(lines, start=1) if number not in drop]
    kept += ["\t".join(row.get(c, "") for c in header) for row in add]
    _write(path, "\n".join(kept) + "\n")


def _who(user: str) -> str:
    """The user name as the added_by column holds it."""
    return clean_value(user, "Benutzername", required=True, separators=FREE_TEXT_CHARACTERS)


def _save(
    names_dir: Path,
    kind: str,
    values: dict[str, str],
    house: str,
    user: str,
    admin: bool,
    original: str,
) -> tuple[str, EditorEntry | None]:
    """Write one entry in place of its old rows (and those of `original`, the entry the
    form was opened for, when the name itself changed). Returns the key and the entry it
    replaced, if any."""
    key = entry_key(kind, values)
    user = _who(user)
    with _LOCK:
        entries = editor_entries(names_dir)
        keys = {key} | ({original} if original.startswith(f"{kind}:") else set())
        old = [entries[k] for k in sorted(keys) if k in entries]
        for entry in old:
            if not entry.may_change(user, admin):
                who = entry.owner or "jemand von Hand in der Datei"
                raise NotAllowed(
                    f"Diesen Eintrag hat {who} angelegt; ändern und löschen können ihn "
                    f"nur {entry.owner + ' und ' if entry.owner else ''}Administratoren."
                )
        previous = next((e for e in old if e.key == original), old[0] if old else None)
        owner = (previous.owner if previous else "") or user
        kept = previous.main if previous else {}
        row = {**kept, **values, OWNER: owner}
        drop: dict[str, set[int]] = {}
        for entry in old:
            for r in entry.rows:
                drop.setdefault(r.file, set()).add(r.line)
        name, columns = FILES[kind]
        _rewrite(names_dir / name, drop.get(name, set()), [row], columns)
        established = []
        if house:
            reason = f"set by {user} on {datetime.now(UTC).date()}"
            source = values.get("name_uk") or values.get("name_ru", "")
            established.append(
                {"kind": kind, "source": source, "house_de": house, "reason": reason, OWNER: owner}
            )
        name, columns = FILES["established"]
        if established or drop.get(name):
            _rewrite(names_dir / name, drop.get(name, set()), established, columns)
    return key, previous


def save_person(
    names_dir: Path, form: dict[str, str], user: str, admin: bool, original: str = ""
) -> tuple[str, EditorEntry | None]:
    """A person from the names page's form (values as typed); EntryError in German."""
    values = {
        "name_uk": clean_value(form.get("name_uk", ""), "Ukrainisch", name=True),
        "name_ru": clean_value(form.get("name_ru", ""), "Russisch", name=True),
        "latin": clean_value(form.get("latin", ""), "Eigene Lateinschrift", name=True),
        "country": clean_country(form.get("country", ""), "Land (ISO)") or "UA",
        "role": clean_value(
            form.get("role", ""), "Funktion", max_length=MAX_TEXT, separators=FREE_TEXT_CHARACTERS
        ),
    }
    if not (values["name_uk"] or values["name_ru"]):
        raise EntryError("Eine ukrainische oder russische Form fehlt.")
    house = clean_value(form.get("house", ""), "Hausschreibung", name=True)
    return _save(names_dir, "person", values, house, user, admin, original)


def save_place(
    names_dir: Path, form: dict[str, str], user: str, admin: bool, original: str = ""
) -> tuple[str, EditorEntry | None]:
    """A place from the names page's form (values as typed); EntryError in German."""
    values = {
        "name_uk": clean_value(form.get("name_uk", ""), "Ukrainisch", required=True, name=True),
        "aliases_ru": clean_names(form.get("aliases_ru", ""), "Russische Formen"),
        "kind": clean_value(form.get("kind", ""), "Art", max_length=30) or "city",
    }
    house = clean_value(form.get("house", ""), "Hausschreibung", name=True)
    return _save(names_dir, "place", values, house, user, admin, original)


def delete_entry(names_dir: Path, key: str, user: str, admin: bool) -> EditorEntry:
    """Remove an entry's rows from the editors' files; the shipped data, if it knows the
    name, counts again. Returns the entry removed."""
    user = _who(user)
    with _LOCK:
        entry = editor_entries(names_dir).get(key)
        if entry is None:
            raise EntryError("Diesen Eintrag gibt es in den Dateien der Redaktion nicht (mehr).")
        if not entry.may_change(user, admin):
            raise NotAllowed(
                f"Diesen Eintrag hat {entry.owner or 'jemand von Hand'} angelegt; löschen "
                "können ihn nur die Person, die ihn angelegt hat, und Administratoren."
            )
        drop: dict[str, set[int]] = {}
        for r in entry.rows:
            drop.setdefault(r.file, set()).add(r.line)
        for name, lines in drop.items():
            columns = next(c for n, c in FILES.values() if n == name)
            _rewrite(names_dir / name, lines, [], columns)
    return entry


def line_digest(text: str) -> str:
    """Names one line's text, so a deletion by line number hits only that text."""
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def delete_line(names_dir: Path, name: str, line: int, digest: str) -> str:
    """Remove one line (a row the reader refused) from an editors' file, if it still
    holds the text the page showed; returns that text."""
    if name not in EDITABLE_FILES:
        raise EntryError("Diese Datei bearbeitet die Namensseite nicht.")
    with _LOCK:
        path = names_dir / name
        lines = split_lines(read_text(path, name)[0]) if path.exists() else []
        if not 1 <= line <= len(lines) or line_digest(lines[line - 1]) != digest:
            raise EntryError("Die Zeile hat sich inzwischen geändert; bitte die Seite neu laden.")
        if _header_index(lines) == line - 1:  # the next row would become the header
            raise EntryError("Die Kopfzeile bitte in der Datei selbst korrigieren.")
        text = lines[line - 1]
        columns = next(c for n, c in FILES.values() if n == name)
        _rewrite(path, {line}, [], columns)
    return text
