"""The German article in the seed's layout, and German typography."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsmt.render import RelatedLine, german_date, german_typography, render_german_article
from newsmt.render.disclaimer import DISCLAIMER_UNREVIEWED

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_2bf44b8b1b0b4564.txt"


def test_seed_lower_case_slip_is_repaired():
    slip = "Rustem Umjerow ist auch in täglichem Kontakt, sagte der Präsident. am 3. Januar wird in der Ukraine …"
    assert "Präsident. Am 3.\u00a0Januar wird" in german_typography(slip)


@pytest.mark.parametrize(
    ("mt", "german"),
    [
        (
            '"Wir brauchen diese Unterstützung", sagte Selenskyj.',
            "„Wir brauchen diese Unterstützung“, sagte Selenskyj.",
        ),
        ("«Asow»-Gefangene", "„Asow“-Gefangene"),
        ("Die Lage ist schwer - Selenskyj", "Die Lage ist schwer – Selenskyj"),
        ("am 3. und 4. Mai, z. B. die Stadt.", "Am 3. und 4.\u00a0Mai, z. B. die Stadt."),
        ("Seit dem 1. Januar gilt Nr. 5.", "Seit dem 1.\u00a0Januar gilt Nr.\u00a05."),
        ("Die Preise stiegen um 12 %.", "Die Preise stiegen um 12\u00a0%."),
        ('Er sagte: "Wir bleiben".', "Er sagte: „Wir bleiben“."),
        ("Er sagte: “Wir bleiben”.", "Er sagte: „Wir bleiben“."),
        ("Zwei  Leerzeichen.", "Zwei Leerzeichen."),
    ],
)
def test_german_typography(mt, german):
    assert german_typography(mt) == german


def test_german_date_line_in_kyiv_time():
    utc = datetime(2026, 1, 1, 16, 42, tzinfo=ZoneInfo("UTC"))
    assert german_date(utc) == "Donnerstag, 1.\u00a0Januar 2026, 18:42 Uhr"


def render(**overrides):
    values = dict(
        title_de="Umjerow spricht mit türkischen Vermittlern",
        lead_de="Umjerow spricht mit türkischen Vermittlern über den Austausch.",
        blocks_de=[{"kind": "p", "text": "Der Sekretär des Rates führt Gespräche."}],
        background_de=["Wir erinnern daran, dass Umjerow am 15. November sagte …"],
        published_at=datetime(2026, 1, 1, 18, 42, tzinfo=ZoneInfo("Europe/Kyiv")),
        disclaimer_template=DISCLAIMER_UNREVIEWED,
        source_label="Korrespondent.net",
        site_name="Ukraine-Nachrichten",
        original_url="https://korrespondent.net/ukraine/4801234-umerov",
        screenshot_href="../screenshots/1.png",
        related=RelatedLine(
            "Budanow erzählte, wie viele Gefangene zurückkehrten",
            "https://korrespondent.net/x/1-b",
            ours=False,
        ),
    )
    values.update(overrides)
    return render_german_article(**values)


def test_layout_follows_the_seed():
    text = render().to_text().splitlines()
    seed = SEED.read_text(encoding="utf-8")
    assert text[0] == "date 2026-01-01"
    assert text[1] in seed  # the disclaimer, word for word
    assert text[3] == "Bildschirmfoto des Originalartikels auf korrespondent.net"
    assert text[-1] == "Budanow erzählte, wie viele Gefangene zurückkehrten"
    assert any(line.startswith("Wir erinnern daran") for line in text)


def test_disclaimer_names_the_configured_portal():
    article = render(source_label="Strana.ua")
    assert "eines Artikels des Onlineportals Strana.ua." in article.disclaimer
