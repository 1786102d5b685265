"""site.changes: how a change tells every web worker which pages are stale."""

from __future__ import annotations

from newsmt.config import Settings
from newsmt.publish.announce import (
    bump_site_version,
    changes_since,
    site_changes_file,
    site_version,
)


def test_each_announcement_changes_the_version_and_is_read_once(tmp_path):
    settings = Settings(home=tmp_path / "home")
    assert site_version(settings) == 0
    assert changes_since(settings, 0).lines == ["*"]  # no file yet: drop everything
    bump_site_version(settings, [1, 2])
    first = site_version(settings)
    bump_site_version(settings, [])
    assert site_version(settings) != first
    seen = changes_since(settings, 0)
    assert seen.lines == ["1 2", "-"] and not seen.restarted
    bump_site_version(settings)
    later = changes_since(settings, seen.read_to)
    assert later.lines == ["*"] and later.read_to == site_changes_file(settings).stat().st_size


def test_the_file_starts_over_with_everything_past_a_megabyte(tmp_path, monkeypatch):
    import newsmt.publish.announce as announce

    monkeypatch.setattr(announce, "MAX_CHANGES_BYTES", 10)
    settings = Settings(home=tmp_path)
    bump_site_version(settings, list(range(10)))
    read_to = changes_since(settings, 0).read_to
    bump_site_version(settings, [7])
    seen = changes_since(settings, read_to)
    assert site_changes_file(settings).read_text(encoding="utf-8") == "*\n7\n"
    assert seen.restarted  # what was announced in between is unknown
