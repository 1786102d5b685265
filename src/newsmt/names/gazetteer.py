"""The gazetteer: Ukrainian places, oblasts, world places and persons, from data files.

Everything here is plain TSV under data/names/ that editors can read and extend; an
editor's own additions go to $NEWSMT_HOME/names/*.tsv with the same columns and win over
the shipped rows. Russian-language forms (Харьков, Владимир Зеленский) belong to the
Ukrainian entity, whose house form comes from the Ukrainian name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newsmt.names.rows import SPECS, LoadProblem, parse_tsv, read_text
from newsmt.names.styles import Style
from newsmt.names.translit import transliterate

# Countries whose people write their names in a script other than Latin (ISO 3166 alpha-2);
# persons.tsv's `latin` column then holds the German spelling, not the person's own.
NON_LATIN_SCRIPT = frozenset(
    [
        "AE",
        "AF",
        "AM",
        "BD",
        "BG",
        "BH",
        "BY",
        "CN",
        "DZ",
        "EG",
        "ER",
        "ET",
        "GE",
        "GR",
        "IL",
        "IN",
        "IQ",
        "IR",
        "JO",
        "JP",
        "KG",
        "KH",
        "KP",
        "KR",
        "KW",
        "KZ",
        "LA",
        "LB",
        "LK",
        "LY",
        "MA",
        "MK",
        "MM",
        "MN",
        "NP",
        "OM",
        "PK",
        "PS",
        "QA",
        "RS",
        "RU",
        "SA",
        "SD",
        "SY",
        "TH",
        "TJ",
        "TM",
        "TN",
        "TW",
        "UA",
        "YE",
    ]
)


@dataclass
class Entity:
    """A person or place. `forms` are Cyrillic names that mention it in ru/uk text."""

    key: str  # stable id: "place:Харків", "person:Володимир Зеленський", "oblast:Харківська"
    kind: str  # person | place | oblast
    name_uk: str
    name_ru: str = ""
    latin: str = ""  # a person's own Latin-script spelling, or a world place's German name
    country: str = "UA"
    english: str = ""
    forms: set[str] = field(default_factory=set)
    established: str = ""  # established German spelling (established.tsv)
    house_de: str = ""  # the house form written in the data file (persons.tsv)
    exonym: str = ""
    named_after: Entity | None = None  # oblast → the place it is named after
    source: str = ""  # which data file, for explanations
    level: str = ""  # places: city | settlement (below raion level) | world (outside Ukraine)

    @property
    def label(self) -> str:
        return self.name_uk or self.name_ru or self.latin

    def surname_forms(self) -> set[str]:
        return {form.split()[-1] for form in self.forms if len(form.split()) > 1}


def read_rows(text: str) -> Iterator[dict[str, str]]:
    """The rows of one of the names TSV files (comment lines and blank lines skipped),
    values stripped and unchecked: for callers that only look."""
    for row in parse_tsv(text, "")[0]:
        yield row.values


def user_file(user_dir: Path, name: str) -> str:
    """How the problems list names an editor's file: the path editors open."""
    return str(user_dir / name)


class Gazetteer:
    """Everything the names step knows, from the shipped files and the editors' own. A
    row a file's rules refuse (see rows.py) is skipped and listed in `problems`; the
    other rows, and every shipped one, still count."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self.entities: dict[str, Entity] = {}
        self.given_names_ru: dict[str, str] = {}
        self.homonyms: dict[str, str] = {}  # Cyrillic name → what else it names
        self.problems: list[LoadProblem] = []
        self._load()

    def _data(self, name: str) -> Iterator[dict[str, str]]:
        """The good rows of a shipped file, then of the editors' file of the same name."""
        spec = SPECS[name]
        shipped = resources.files("newsmt.data").joinpath(f"names/{name}").read_text("utf-8")
        rows, problems = parse_tsv(shipped, f"mitgeliefert: {name}", spec)
        if self.user_dir is not None and (self.user_dir / name).exists():
            origin = user_file(self.user_dir, name)
            text, unreadable = read_text(self.user_dir / name, origin)
            theirs, more = parse_tsv(text, origin, spec)
            rows, problems = rows + theirs, problems + unreadable + more
        self.problems += problems
        for row in rows:
            yield row.values

    # -- loading -----------------------------------------------------------------------
    def _place(self, name_uk: str, source: str) -> Entity:
        key = f"place:{name_uk}"
        if key not in self.entities:
            self.entities[key] = Entity(key, "place", name_uk, source=source)
            self.entities[key].forms.add(name_uk)
        return self.entities[key]

    def _load(self) -> None:
        for row in self._data("places-ua.tsv"):
            if row["kind"] == "oblast":
                continue
            if row["kind"] == "raion":  # raions are named in their adjectival form only
                continue
            place = self._place(row["name_uk"], f"places-ua.tsv ({row['code']})")
            # a city of the same name outranks a village: the better-known place is meant
            place.level = "city" if "city" in (row["kind"], place.level) else row["kind"]
            if row["name_ru"]:
                place.name_ru = place.name_ru or row["name_ru"]
                place.forms.add(row["name_ru"])
        for row in self._data("places-extra.tsv"):
            place = self._place(row["name_uk"], "places-extra.tsv")
            place.level = "city"  # the well-known places newsrooms named by hand
            aliases_ru = [a for a in row.get("aliases_ru", "").split("|") if a]
            aliases_uk = [a for a in row.get("aliases_uk", "").split("|") if a]
            place.name_ru = place.name_ru or (aliases_ru[0] if aliases_ru else "")
            place.forms |= {*aliases_ru, *aliases_uk}
            place.english = row.get("english", "") or place.english
        for row in self._data("places-world.tsv"):
            place = self._place(row["name_uk"], "places-world.tsv")
            place.name_ru, place.latin, place.country = row["name_ru"], row["house_de"], "XX"
            place.level = "world"
            place.english = row["english"]
            place.forms |= {row["name_ru"]} - {""}
        for row in self._data("oblasts.tsv"):
            key = f"oblast:{row['adjective_uk']}"
            named_after = self._place(row["named_after_uk"], "oblasts.tsv")
            if row["named_after_ru"]:
                named_after.forms.add(row["named_after_ru"])
                named_after.name_ru = named_after.name_ru or row["named_after_ru"]
            self.entities[key] = Entity(
                key,
                "oblast",
                row["adjective_uk"],
                row["adjective_ru"],
                forms={row["adjective_uk"], row["adjective_ru"]} - {""},
                named_after=named_after,
                source="oblasts.tsv",
            )
        for row in self._data("persons.tsv"):
            key = f"person:{row['name_uk'] or row['name_ru']}"
            self.entities[key] = Entity(
                key,
                "person",
                row["name_uk"],
                row["name_ru"],
                latin=row.get("latin", ""),
                country=row.get("country", "") or "UA",
                english=row.get("english", ""),
                house_de=row.get("house_de", ""),
                forms={f for f in (row["name_uk"], row["name_ru"]) if f},
                source="persons.tsv",
            )
        for row in self._data("homonyms.tsv"):
            self.homonyms[row["name"]] = row["also"]
        for row in self._data("exonyms.tsv"):
            entity = self.entities.get(f"place:{row['name_uk']}")
            if entity is not None:
                entity.exonym = row["exonym_de"]
        for row in self._data("established.tsv"):
            if row["kind"] == "given_name_ru":
                self.given_names_ru[row["source"]] = row["house_de"]
                continue
            for entity in self.entities.values():
                if row["source"] in (entity.name_uk, entity.name_ru):
                    entity.established = row["house_de"]

    # -- house forms -------------------------------------------------------------------
    def duden(self, entity: Entity) -> str:
        """The Duden transcription the rules give (Ukrainian name for Ukrainian entities)."""
        if entity.kind == "person" and entity.country != "UA" and entity.name_ru:
            words = [
                self.given_names_ru.get(w) or transliterate(w, lang="ru")
                for w in entity.name_ru.split()
            ]
            return " ".join(words)
        return transliterate(entity.name_uk or entity.name_ru, lang="uk")

    def house_form(self, entity: Entity, style: Style) -> tuple[str, str]:
        """(house form, reason) of an entity under a style."""
        if entity.kind == "oblast":
            assert entity.named_after is not None
            place, why = self.house_form(entity.named_after, style)
            return place, f"oblast named after {entity.named_after.name_uk}: {why}"
        if entity.latin:
            if entity.kind == "place":
                origin = "German name"
            elif entity.country in NON_LATIN_SCRIPT:  # Нетаньяху: his name is in Hebrew
                origin = (
                    "established German spelling (a name written in another script, "
                    f"{entity.country})"
                )
            else:
                origin = f"own Latin-script spelling ({entity.country})"
            if style.transcription == "english" and entity.english:
                return entity.english, f"{entity.source}: English form"
            return entity.latin, f"{entity.source}: {origin}"
        if style.transcription == "english":
            if entity.english:
                return entity.english, f"{entity.source}: English-media form"
            lang = "uk" if entity.country == "UA" and entity.name_uk else "ru"
            name = entity.name_uk if lang == "uk" else entity.name_ru
            return transliterate(name, lang=lang, system="national"), (
                f"{entity.source}: national romanisation of {name}"
            )
        if entity.kind == "place" and entity.name_uk in style.exonyms and entity.exonym:
            return entity.exonym, f"exonyms.tsv: exonym in style {style.name}"
        if entity.established:
            return entity.established, "established.tsv: established German spelling"
        basis = "Ukrainian" if entity.country == "UA" or entity.kind != "person" else "Russian"
        name = entity.name_uk if basis == "Ukrainian" else entity.name_ru
        rule = self.duden(entity)
        if entity.house_de and entity.house_de != rule:
            return entity.house_de, f"{entity.source}: house form of the data file"
        return rule, f"{entity.source}: Duden transcription of the {basis} {name}"

    def persons(self) -> Iterable[Entity]:
        return (e for e in self.entities.values() if e.kind == "person")


@lru_cache(maxsize=4)
def load_gazetteer(user_dir: Path | None = None) -> Gazetteer:
    return Gazetteer(user_dir)
