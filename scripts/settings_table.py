"""The README's table of settings, made from the settings themselves.

Each setting's help lives once, beside the setting (`Field(description=…)` in
newsmt/config.py); the README shows it, and tests/test_config.py fails when the two differ,
so a new setting cannot ship undocumented and a removed one cannot stay in the README.

    python scripts/settings_table.py           # print the table
    python scripts/settings_table.py --write   # put it into README.md between the markers
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from newsmt.config import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
START = "<!-- settings table: made by scripts/settings_table.py from newsmt/config.py -->"
END = "<!-- end of settings table -->"


def env_name(name: str) -> str:
    return f"NEWSMT_{name.upper()}"


def shown_default(field: FieldInfo) -> str:
    """The default as a reader wants it: computed ones say how, strings in backticks."""
    extra = field.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("shown_default"), str):
        return str(extra["shown_default"])
    value: Any = field.default
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") if value >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table() -> str:
    """One row per setting, in the order of newsmt/config.py."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        lines.append(
            f"| `{env_name(name)}` | {_cell(shown_default(field))} "
            f"| {_cell(field.description or '')} |"
        )
    return "\n".join(lines) + "\n"


def with_table(readme: str) -> str:
    """The README with the text between the markers replaced by the table."""
    before, rest = readme.split(START + "\n", 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table()}{END}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    args = parser.parse_args(argv)
    if args.write:
        README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
