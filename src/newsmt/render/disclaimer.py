"""Which disclaimer an article carries: the one rule, for the static export and the web app.

The wording is configuration (NEWSMT_DISCLAIMER_*); the rule is here. A text an editor
has changed must never claim it was "weder überprüft, noch redaktionell bearbeitet", and
only an approved one may say the newsroom checked it.
"""

from __future__ import annotations

from newsmt.config import Settings


def disclaimer_template(settings: Settings, *, approved: bool, edited: bool) -> str:
    if approved:
        return settings.disclaimer_reviewed
    if edited:
        return settings.disclaimer_edited
    return settings.disclaimer_unreviewed
