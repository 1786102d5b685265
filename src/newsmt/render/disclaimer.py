"""Which disclaimer an article carries: the one rule, for the static export and the web app.

The rule and the wording are here; a newsroom may set its own wording
(NEWSMT_DISCLAIMER_*, unset: the texts below). A text an editor has changed must never
claim it was "weder überprüft, noch redaktionell bearbeitet", and only an approved one may
say the newsroom checked it. `{label}` is the portal's name, `{site_name}` ours.
"""

from __future__ import annotations

from newsmt.config import Settings

DISCLAIMER_UNREVIEWED = (
    "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals {label}. "
    "Die Übersetzung wurde weder überprüft, noch redaktionell bearbeitet und die Schreibung "
    "von Namen und geographischen Bezeichnungen entspricht nicht den sonst bei {site_name} "
    "verwendeten Konventionen."
)

DISCLAIMER_EDITED = (
    "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals {label}. "
    "Die Redaktion von {site_name} hat die Übersetzung bearbeitet, aber noch nicht "
    "abschließend geprüft; die Schreibung von Namen und geographischen Bezeichnungen kann "
    "von den sonst bei {site_name} verwendeten Konventionen abweichen."
)

DISCLAIMER_REVIEWED = (
    "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals {label}. "
    "Die Übersetzung wurde von der Redaktion von {site_name} überprüft und bearbeitet."
)


def disclaimer_template(settings: Settings, *, approved: bool, edited: bool) -> str:
    """The template (`{label}`, `{site_name}`) for an article in this review state: the
    newsroom's own wording where it set one, else ours."""
    if approved:
        return _or(settings.disclaimer_reviewed, DISCLAIMER_REVIEWED)
    if edited:
        return _or(settings.disclaimer_edited, DISCLAIMER_EDITED)
    return _or(settings.disclaimer_unreviewed, DISCLAIMER_UNREVIEWED)


def _or(configured: str | None, default: str) -> str:
    return default if configured is None else configured
