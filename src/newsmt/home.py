"""The home folder on disk: the folders every process expects to find there.

Settings only say where things are (reading them creates nothing, so a command that only
reads, or a test, leaves no folders behind); whoever is about to write calls this first.
"""

from __future__ import annotations

from newsmt.config import Settings


def ensure_dirs(settings: Settings) -> None:
    """Create the home and its site/, screenshots/ and logs/ folders where missing."""
    for path in (settings.home, settings.site_dir, settings.screenshots_dir, settings.logs_dir):
        path.mkdir(parents=True, exist_ok=True)
