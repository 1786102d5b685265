"""Word-level differences between two texts, and the article as it stood at any revision.

Revisions record each change of one paragraph (its text before and after), so walking
them back from the current text gives the article after any revision, and before the
first one: the machine's output.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import Match, SequenceMatcher
from itertools import repeat

from markupsafe import Markup, escape

from newsmt.editorial import paragraphs
from newsmt.store import Article, Revision

MACHINE = "maschine"
CURRENT = "aktuell"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# a sentence with its end (., !, ?, … or a line break) and the space after it
_SENTENCE = re.compile(r"[^.!?…\n]*[.!?…\n]+\s*|[^.!?…\n]+")
# difflib's search for the longest match compares each token of one side with the equal
# tokens of the other, again for every stretch between two matches: two 20,000-character
# versions of a paragraph (8,000 tokens each, every other one a space) took a minute, and
# a paragraph of one word repeated is worse. These bound the comparisons (about 0.2 µs each).
WORD_STEPS = 200_000  # one diff on its own: some 50 ms
PAGE_STEPS = 1_000_000  # all the diffs of one page together: some 0.3 s
HISTORY_CONTEXT = 80  # characters of unchanged text kept next to a change in a history
_SLACK = 40  # characters of a common start or end still handed to difflib
Piece = tuple[str, str]  # ("=" | "-" | "+", text)
Opcode = tuple[str, int, int, int, int]


class DiffBudget:
    """The comparisons the diffs of one answer may still make. A diff that runs out goes
    by sentences (and word by word inside a changed sentence while the budget lasts);
    what still does not fit is shown removed and added whole, after the common start and
    end. One budget for a page bounds the page, however many paragraphs and revisions."""

    def __init__(self, steps: int = WORD_STEPS) -> None:
        self.left = steps

    def take(self, steps: int) -> bool:
        if steps > self.left:
            return False
        self.left -= steps
        return True


class _OverBudget(Exception):
    """The diff would compare more than its budget allows."""


class _BoundedMatcher(SequenceMatcher[str]):
    """difflib's matcher, charging each search for the longest match to a budget before
    it runs: its cost is the number of places in `b` where the tokens of `a` occur."""

    def __init__(self, a: list[str], b: list[str], counts: Counter[str], budget: DiffBudget):
        self.tokens, self.counts, self.budget = a, counts, budget
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> Match:
        ahi = len(self.tokens) if ahi is None else ahi
        if not self.budget.take(_cost(self.tokens[alo:ahi], self.counts)):
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def _cost(tokens: list[str], counts: Counter[str]) -> int:
    """A search's comparisons: each token, and each place in `b` it occurs (C speed)."""
    return len(tokens) + sum(map(counts.get, tokens, repeat(0)))


def _opcodes(a: list[str], b: list[str], budget: DiffBudget) -> Sequence[Opcode] | None:
    """difflib's opcodes, or None when they cost more than the budget has left (known
    before any work for most texts too long: the first search alone costs too much)."""
    counts = Counter(b)
    if _cost(a, counts) > budget.left:
        return None
    try:
        return _BoundedMatcher(a, b, counts, budget).get_opcodes()
    except _OverBudget:
        return None


def diff_if_changed(old: str, new: str, budget: DiffBudget | None = None) -> Markup | None:
    return word_diff(old, new, budget=budget) if changed(old, new) else None


def word_diff(
    old: str, new: str, *, budget: DiffBudget | None = None, context: int | None = None
) -> Markup:
    """The new text with removed words struck out and added words marked. With `context`,
    unchanged text further than that many characters from a change is left out (…)."""
    pieces: list[Piece] = []
    _diff(old or "", new or "", budget or DiffBudget(), pieces)
    pieces = [p for p in pieces if p[1]]
    out: list[str] = []
    for n, (kind, text) in enumerate(pieces):
        if kind == "-":
            out.append(f"<del>{escape(text)}</del>")
        elif kind == "+":
            out.append(f"<ins>{escape(text)}</ins>")
        elif context is None:
            out.append(str(escape(text)))
        else:
            out.append(str(escape(_elide(text, context, n > 0, n < len(pieces) - 1))))
    return Markup("".join(out))


def _same_length(a: str, b: str, reverse: bool = False) -> int:
    """How many characters the two start (or end) with alike: a binary search over
    slice comparisons, which run in C."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        same = a[len(a) - mid :] == b[len(b) - mid :] if reverse else a[:mid] == b[:mid]
        low, high = (mid, high) if same else (low, mid - 1)
    return low


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """The characters the two start and end with alike (they do not overlap), less the
    last `_SLACK` characters next to the change and cut after a space: difflib still
    sees a change's surroundings and places its edges as it would on the whole texts."""
    start = _same_length(a, b)
    end = _same_length(a[start:], b[start:], reverse=True)
    start = a.rfind(" ", 0, max(0, start - _SLACK)) + 1
    end_at = a.find(" ", min(len(a), len(a) - end + _SLACK))
    end = len(a) - end_at if end_at >= 0 else 0
    return start, end


def _diff(old: str, new: str, budget: DiffBudget, out: list[Piece], words: bool = True) -> None:
    """Word by word while the budget lasts; otherwise sentence by sentence (`words`: not
    yet tried), otherwise the changed stretch removed and added whole. The common start
    and end are split off first, without tokenizing them (an edit changes a few words of
    a long paragraph)."""
    start, end = _common_ends(old, new)
    out.append(("=", old[:start]))
    old_mid, new_mid = old[start : len(old) - end], new[start : len(new) - end]
    # the first search costs at least a comparison per token: once the budget is spent,
    # a long text is not even cut into tokens
    fits = len(old_mid.split()) <= budget.left
    a, b = (_TOKEN.findall(old_mid), _TOKEN.findall(new_mid)) if fits else ([], [])
    ops = _opcodes(a, b, budget) if fits else None
    if ops is not None:
        _collect(a, b, ops, out)
    elif words:
        _by_sentence(old_mid, new_mid, budget, out)
    else:
        out += [("-", old_mid), ("+", new_mid)]
    out.append(("=", old[len(old) - end :]))


def _collect(a: list[str], b: list[str], ops: Sequence[Opcode], out: list[Piece]) -> None:
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("-", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", "".join(b[j1:j2])))


def _by_sentence(old: str, new: str, budget: DiffBudget, out: list[Piece]) -> None:
    """The sentences the two share stay; the others are compared word by word."""
    a, b = _SENTENCE.findall(old), _SENTENCE.findall(new)
    ops = _opcodes(a, b, budget)
    if ops is None:
        out += [("-", old), ("+", new)]
        return
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        elif op == "replace":
            _diff("".join(a[i1:i2]), "".join(b[j1:j2]), budget, out, words=False)
        else:
            out += [("-", "".join(a[i1:i2])), ("+", "".join(b[j1:j2]))]


def _elide(text: str, context: int, before: bool, after: bool) -> str:
    """Unchanged text shortened to about `context` characters after the change `before`
    it and before the change `after` it, cut between words."""
    head = text[:context] if before else ""
    tail = text[-context:] if after else ""
    if len(head) + len(tail) + 1 >= len(text):
        return text
    if head and " " in head:
        head = head[: head.rfind(" ") + 1]
    if tail and " " in tail:
        tail = tail[tail.find(" ") :]
    return f"{head}…{tail}"


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
    """(label, diff, changed) per paragraph between two points, within one page's budget."""
    old, new = texts_at(article, revisions, before), texts_at(article, revisions, after)
    budget = DiffBudget(PAGE_STEPS)
    return [
        (
            p.label,
            word_diff(old.get(p.key, ""), new.get(p.key, ""), budget=budget),
            changed(old.get(p.key, ""), new.get(p.key, "")),
        )
        for p in paragraphs(article)
    ]
