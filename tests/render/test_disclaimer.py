"""Which disclaimer an article carries, in our wording or the newsroom's own."""

from __future__ import annotations

from newsmt.config import Settings
from newsmt.render.disclaimer import (
    DISCLAIMER_EDITED,
    DISCLAIMER_REVIEWED,
    DISCLAIMER_UNREVIEWED,
    disclaimer_template,
)


def test_the_review_state_picks_the_disclaimer(tmp_path):
    settings = Settings(home=tmp_path)
    assert disclaimer_template(settings, approved=False, edited=False) == DISCLAIMER_UNREVIEWED
    assert disclaimer_template(settings, approved=False, edited=True) == DISCLAIMER_EDITED
    assert disclaimer_template(settings, approved=True, edited=True) == DISCLAIMER_REVIEWED
    assert "weder überprüft" in DISCLAIMER_UNREVIEWED
    assert "weder überprüft" not in DISCLAIMER_EDITED + DISCLAIMER_REVIEWED


def test_a_newsroom_sets_its_own_wording(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMT_DISCLAIMER_EDITED", "Von {site_name} bearbeitet ({label}).")
    (tmp_path / "newsmt.toml").write_text('disclaimer_reviewed = "Geprüft."\n', encoding="utf-8")
    settings = Settings(home=tmp_path)
    assert disclaimer_template(settings, approved=False, edited=True).startswith("Von {site")
    assert disclaimer_template(settings, approved=True, edited=True) == "Geprüft."
    assert disclaimer_template(settings, approved=False, edited=False) == DISCLAIMER_UNREVIEWED
