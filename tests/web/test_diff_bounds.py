"""Word diffs take bounded time, however long and however different the two texts: two
20,000-character versions of a paragraph (the editing form's limit) took a minute, and
the desk page of an article with such paragraphs took one on every view. Past a budget a
diff goes by sentences, then shows the changed stretch whole; it is always a true diff.

Timings here are loose sanity checks for a shared machine; benchmarks/desk_speed.py
measures."""

from __future__ import annotations

import html
import random
import re
import time

import pytest
from markupsafe import Markup

from newsmt.store import Article, Revision
from newsmt.web.diffs import DiffBudget, word_diff

from .conftest import login

LIMIT = 20_000  # the longest paragraph the desk's form takes
_VOCABULARY = """der die das und in den von zu mit sich des auf für ist im dem nicht ein eine
als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über
Präsident Selenskyj Charkiw Kyjiw Soldaten Angriff Front Regierung Minister sagte"""
WORDS = _VOCABULARY.split()


def paragraph(seed: int, size: int = LIMIT) -> str:
    """German-looking text of `size` characters, with commas and full stops."""
    pick = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        word = pick.choice(WORDS)
        words.append(word + pick.choice(".,") if pick.random() < 0.08 else word)
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


def reworded(text: str, seed: int, share: float = 0.1) -> str:
    """`text` with a share of its words replaced, all through it."""
    pick = random.Random(seed)
    words = [pick.choice(WORDS) if pick.random() < share else w for w in text.split(" ")]
    return " ".join(words)[:LIMIT]


def sides(diff: Markup) -> tuple[str, str]:
    """The old and the new text a diff shows."""
    marked = str(diff)
    old = re.sub(r"</?del>", "", re.sub(r"<ins>.*?</ins>", "", marked, flags=re.S))
    new = re.sub(r"</?ins>", "", re.sub(r"<del>.*?</del>", "", marked, flags=re.S))
    return html.unescape(old), html.unescape(new)


CASES = {
    "a tenth of the words changed": (paragraph(1), reworded(paragraph(1), 2)),
    "nothing in common": (paragraph(1), paragraph(3)),
    "one word changed": (paragraph(1), paragraph(1)[:9000] + "Kyjiw" + paragraph(1)[9005:]),
    "one word repeated": ("und " * 5000, "und und oder " * 1538),
    "two words at random": (
        " ".join(random.Random(4).choice("ab") for _ in range(LIMIT // 2)),
        " ".join(random.Random(5).choice("ab") for _ in range(LIMIT // 2)),
    ),
    "short sentences": ("Ja. " * 5000, "Ja. Nein. " * 2000),
}


@pytest.mark.parametrize("old,new", CASES.values(), ids=CASES.keys())
def test_a_diff_of_two_long_paragraphs_is_quick_and_true(old, new):
    started = time.perf_counter()
    diff = word_diff(old, new)
    assert time.perf_counter() - started < 5  # was up to a minute; about 0.1 s here
    assert sides(diff) == (old, new)


def test_a_small_change_in_a_long_paragraph_is_marked_word_by_word():
    old = paragraph(1)
    new = old[:9000] + " Kyjiw " + old[9000:]
    diff = str(word_diff(old, new))
    assert diff.count("<ins>") == 1 and diff.count("<del>") == 0 and "Kyjiw" in diff


def test_a_spent_budget_still_gives_a_true_diff_with_the_common_ends_unmarked():
    old, new = paragraph(1), reworded(paragraph(1), 2)
    new = "Neuer Anfang. " + new
    diff = word_diff(old, new + " Ende.", budget=DiffBudget(0))
    assert sides(diff) == (old, new + " Ende.")
    assert str(diff).startswith("<del>") or str(diff).startswith("<ins>")
    assert word_diff("a b c", "a x c", budget=DiffBudget(0)) == Markup(
        "<del>a b c</del><ins>a x c</ins>"
    )


def test_short_diffs_read_as_before():
    assert str(word_diff("Der Präsident kam in Kiew an.", "Der Präsident traf in Kyjiw ein.")) == (
        "Der Präsident <del>kam</del><ins>traf</ins> in <del>Kiew</del><ins>Kyjiw</ins> "
        "<del>an</del><ins>ein</ins>."
    )


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_give_true_diffs(seed):
    pick = random.Random(seed)
    old = paragraph(seed, pick.randrange(0, 3000))
    new = reworded(old, seed + 100, pick.random())
    if pick.random() < 0.5:
        at = pick.randrange(0, len(old) + 1)
        new = new[:at] + pick.choice(["", "Neu. ", "\n", "  "]) + new[at:]
    budget = DiffBudget(pick.choice([0, 1_000, 200_000]))
    assert sides(word_diff(old, new, budget=budget)) == (old, new)


def test_a_history_diff_shows_the_change_with_some_context():
    old = paragraph(1)
    at = old.index(" ", 9000) + 1
    new = old[:at] + "Wolodymyr " + old[at:]
    short = str(word_diff(old, new, context=80))
    assert short.startswith("…") and short.endswith("…") and len(short) < 300
    assert re.search("<ins>[^<]*Wolodymyr[^<]*</ins>", short) and "<del>" not in short


def test_the_desk_page_of_an_article_of_the_longest_paragraphs_answers_quickly(web):
    """Title, lead and three paragraphs at the form's limit, each reworded all through
    twice (as the revisions an editor's saves leave): the page shows a diff against the
    machine per paragraph and one per revision."""
    client, _, db = web
    keys = ("title", "lead", "block-0", "block-1", "block-2")
    versions = {key: [paragraph(n)] for n, key in enumerate(keys)}
    for key, texts in versions.items():
        for round_ in range(2):
            texts.append(reworded(texts[-1], round_ * 10 + len(key)))
    with db.session() as session:
        article = session.get(Article, 1)
        article.title_de, article.lead_de = versions["title"][-1], versions["lead"][-1]
        article.blocks_de = [
            {"kind": "p", "text": versions[f"block-{n}"][-1], "links": []} for n in range(3)
        ]
        article.blocks = [{"kind": "p", "text": paragraph(50 + n), "links": []} for n in range(3)]
        for round_ in range(2):
            for key, texts in versions.items():
                session.add(
                    Revision(
                        article_id=1, user="anna", action="edit", field=key,
                        old=texts[round_], new=texts[round_ + 1],
                    )
                )  # fmt: skip
    login(client)
    for path in ("/edit/artikel/1", "/edit/artikel/1/vergleich"):
        started = time.perf_counter()
        page = client.get(path)
        assert page.status_code == 200
        assert time.perf_counter() - started < 5, path  # was minutes; about 0.3 s here
    desk = client.get("/edit/artikel/1").text
    assert desk.count("Geändert gegenüber der Maschine") == 5
    assert desk.count('class="restore-revision"') == 10
