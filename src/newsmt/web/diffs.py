"""Word-level differences between two texts, and the article as it stood at any revision.

Revisions record each change of one paragraph (its text before and after), so walking
them back from the current text gives the article after any revision, and before the
first one: the machine's output.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from markupsafe import Markup, escape

from newsmt.store import Article, Revision
from newsmt.web.editing import paragraphs

MACHINE = "maschine"
CURRENT = "aktuell"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def diff_if_changed(old: str, new: str) -> Markup | None:
    return word_diff(old, new) if changed(old, new) else None


def word_diff(old: str, new: str) -> Markup:
    """The new text with removed words struck out and added words marked."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return Markup("".join(out))


def changed(old: str, new: str) -> bool:
    """Different beyond white space."""
    return " ".join((old or "").split()) != " ".join((new or "").split())


def texts_at(article: Article, revisions: list[Revision], point: str) -> dict[str, str]:
    """Each paragraph's text at `point`: a revision id, MACHINE (before any revision) or
    CURRENT. `revisions` are the article's, in any order."""
    texts = {p.key: p.german for p in paragraphs(article)}
    if point == CURRENT:
        return texts
    stop = -1 if point == MACHINE else int(point)
    for revision in sorted(revisions, key=lambda r: r.id, reverse=True):
        if revision.id <= stop:
            break
        if revision.field and revision.field in texts and revision.action in ("edit", "names"):
            texts[revision.field] = revision.old or ""
    return texts


def compare(
    article: Article, revisions: list[Revision], before: str, after: str
) -> list[tuple[str, Markup, bool]]:
    """(label, diff, changed) per paragraph between two points."""
    old, new = texts_at(article, revisions, before), texts_at(article, revisions, after)
    return [
        (
            p.label,
            word_diff(old.get(p.key, ""), new.get(p.key, "")),
            changed(old.get(p.key, ""), new.get(p.key, "")),
        )
        for p in paragraphs(article)
    ]
