"""Write the `house_de` column of data/names/persons.tsv: the house form (style `default`)
the rules and established.tsv give each person, so editors can read it in the file.

Run after adding persons; a row whose house_de an editor changed by hand keeps it.

    python scripts/fill_house_forms.py
"""

from __future__ import annotations

from pathlib import Path

from newsmt.names import get_style
from newsmt.names.gazetteer import Gazetteer

PERSONS = Path(__file__).resolve().parents[1] / "src/newsmt/data/names/persons.tsv"


def main() -> int:
    gazetteer = Gazetteer()
    style = get_style("default")
    lines = PERSONS.read_text(encoding="utf-8").splitlines()
    out = []
    header_seen = False
    for line in lines:
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if "house_de" not in cells:
                cells.append("house_de")
            width = len(cells)
            out.append("\t".join(cells))
            continue
        cells += [""] * (width - len(cells))
        if not cells[width - 1]:
            entity = gazetteer.entities[f"person:{cells[0] or cells[1]}"]
            cells[width - 1] = gazetteer.house_form(entity, style)[0]
        out.append("\t".join(cells))
    PERSONS.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"house forms written to {PERSONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
