"""The file through which a change tells every web worker which pages are stale.

`site.changes` in the home holds one line per change: the ids of the articles whose pages
changed, "*" for every page, "-" for a change of no article page (the list pages only).
Writers append (publish/changes.py, once the change has committed); each web worker
remembers how far it has read and reads only what was added since. The file starts over
past 1 MB, with a "*" line, so a worker that missed the rest drops everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsmt.config import Settings

MAX_CHANGES_BYTES = 1_000_000


def site_changes_file(settings: Settings) -> Path:
    return settings.home / "site.changes"


def bump_site_version(settings: Settings, article_ids: list[int] | None = None) -> None:
    """Announce that these articles' pages are stale (None: every page)."""
    settings.home.mkdir(parents=True, exist_ok=True)
    line = "*" if article_ids is None else " ".join(map(str, article_ids)) or "-"
    changes = site_changes_file(settings)
    if changes.exists() and changes.stat().st_size > MAX_CHANGES_BYTES:
        changes.write_text("*\n", encoding="utf-8")
    with changes.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def site_version(settings: Settings) -> int:
    """Changes with every announcement: the size of site.changes grows with each line
    (the file's modification time alone can repeat within its clock's resolution), and
    its inode changes when it is replaced; 0 before the first announcement."""
    try:
        changes = site_changes_file(settings).stat()
    except FileNotFoundError:
        return 0
    return changes.st_size * 1_000_003 + changes.st_ino


@dataclass(frozen=True)
class Changes:
    """What was announced since a worker last looked."""

    lines: list[str]
    read_to: int  # where to start next time
    restarted: bool  # the file started over: what was in between is unknown


def changes_since(settings: Settings, offset: int) -> Changes:
    """The lines appended after `offset`; no file yet reads as "everything changed"."""
    path = site_changes_file(settings)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            handle.seek(offset if offset <= size else 0)
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return Changes(lines=["*"], read_to=0, restarted=False)
    return Changes(lines=lines, read_to=size, restarted=offset > size)
