"""The editors' desk with the longest paragraphs it takes: word diffs of two 20,000-character
versions of a paragraph, and the desk page and the whole-article comparison of an article
whose title, lead and paragraphs are all that long, each reworded all through several
times. Prints one JSON line with the median times next to the target (the page under a
second; before diffs were bounded, one diff took about a minute and the page over one).

    .venv/bin/python benchmarks/desk_speed.py [--paragraphs 5] [--edits 3] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

_VOCABULARY = """der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als
auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über
Präsident Selenskyj Charkiw Kyjiw Soldaten Angriff Front Regierung Minister sagte"""
WORDS = _VOCABULARY.split()
LIMIT = 20_000  # the desk's form takes no longer paragraph
PASSWORD = "benchmark password"


def paragraph(seed: int) -> str:
    pick = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < LIMIT:
        words.append(pick.choice(WORDS) + (pick.choice(".,") if pick.random() < 0.08 else ""))
        length += len(words[-1]) + 1
    return " ".join(words)[:LIMIT]


def reworded(text: str, seed: int, share: float = 0.1) -> str:
    pick = random.Random(seed)
    return " ".join(pick.choice(WORDS) if pick.random() < share else w for w in text.split(" "))


def median_seconds(call, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def diffs(runs: int) -> dict[str, float]:
    from newsmt.web.diffs import word_diff

    old = paragraph(1)
    cases = {
        "reworded_tenth": reworded(old, 2),
        "unrelated": paragraph(3),
        "one_word": old[:9000] + "Kyjiw" + old[9005:],
    }
    return {
        name: median_seconds(lambda new=new: word_diff(old, new), runs)
        for name, new in cases.items()
    }


def pages(paragraphs: int, edits: int, runs: int) -> dict[str, float | int]:
    from fastapi.testclient import TestClient

    from newsmt.config import Settings
    from newsmt.editorial import accounts
    from newsmt.store import Article, Revision, Source
    from newsmt.web import create_app

    home = Path(tempfile.mkdtemp(prefix="desk-speed-"))
    app = create_app(Settings(home=home, database_url=f"sqlite:///{home / 'newsmt.db'}"))
    keys = ["title", "lead", *(f"block-{n}" for n in range(paragraphs - 2))]
    versions = {key: [paragraph(n)] for n, key in enumerate(keys)}
    for key, texts in versions.items():
        for edit in range(edits):
            texts.append(reworded(texts[-1], 100 * edit + len(key)))
    with app.state.db.session() as session:
        source = Source(name="korr-ru", feed_url="https://k.img.com.ua/rss", label="K", hosts=[])
        blocks = [{"kind": "p", "text": versions[k][-1], "links": []} for k in keys[2:]]
        article = Article(
            source=source, url="https://korrespondent.net/a", canonical_url="https://korrespondent.net/a",
            lang="ru", stage="published", status="published", title=paragraph(90),
            title_de=versions["title"][-1], lead=paragraph(91), lead_de=versions["lead"][-1],
            blocks=[{"kind": "p", "text": paragraph(92), "links": []}] * len(blocks),
            blocks_de=blocks,
        )  # fmt: skip
        session.add(article)
        session.flush()
        for edit in range(edits):
            for key, texts in versions.items():
                session.add(
                    Revision(article_id=article.id, user="bench", action="edit", field=key,
                             old=texts[edit], new=texts[edit + 1])
                )  # fmt: skip
        accounts.add_user(session, "bench", PASSWORD, "editor")
        article_id = article.id
    client = TestClient(app)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
    desk, compare = f"/edit/artikel/{article_id}", f"/edit/artikel/{article_id}/vergleich"
    assert client.get(desk).status_code == 200
    return {
        "desk_page_s": median_seconds(lambda: client.get(desk), runs),
        "compare_page_s": median_seconds(lambda: client.get(compare), runs),
        "desk_page_bytes": len(client.get(desk).content),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=5, help="title and lead included")
    parser.add_argument("--edits", type=int, default=3, help="revisions per paragraph")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    measured = pages(max(3, args.paragraphs), args.edits, args.runs)
    print(
        json.dumps(
            {
                "benchmark": "desk_speed",
                "paragraph_chars": LIMIT,
                "paragraphs": max(3, args.paragraphs),
                "edits_per_paragraph": args.edits,
                "cpus": os.cpu_count(),
                "word_diff_s": diffs(args.runs),
                **measured,
                "target": "desk page < 1 s",
                "meets_target": measured["desk_page_s"] < 1,
            }
        )
    )


if __name__ == "__main__":
    main()
