"""A web app over a real database (SQLite and PostgreSQL) with a few published articles
made the way the pipeline leaves them, plus logged-in clients for editors and admins."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from newsmt.config import Settings
from newsmt.editorial import accounts
from newsmt.store import Article, Database, Source
from newsmt.store.search import index_article
from newsmt.web import create_app

PASSWORD = "correct horse battery"


def published_article(source: Source, n: int, **fields: object) -> Article:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC) + timedelta(hours=n)
    values: dict[str, object] = dict(
        source=source,
        url=f"https://korrespondent.net/ukraine/{4800000 + n}-artikel",
        canonical_url=f"https://korrespondent.net/ukraine/{4800000 + n}-artikel",
        lang="ru",
        stage="published",
        status="published",
        title=f"Зеленский посетил Харьков {n}",
        title_de=f"Selenskyj besuchte Charkiw ({n})",
        lead="Президент встретился с военными.",
        lead_de="Der Präsident traf sich mit Soldaten.",
        blocks=[{"kind": "p", "text": "Владимир Зеленский прибыл в Харьков.", "links": []}],
        blocks_de=[{"kind": "p", "text": "Wolodymyr Selenskyj kam in Charkiw an.", "links": []}],
        background=["Напомним, ранее сообщалось об обстрелах."],
        background_de=["Wir erinnern daran, dass zuvor über Angriffe berichtet wurde."],
        tags=["Харьков", "война"],
        tags_de=["Charkiw", "Krieg"],
        text_de=f"Selenskyj besuchte Charkiw ({n})\nWolodymyr Selenskyj kam in Charkiw an. Sonnenblumen",
        name_changes=[
            {
                "from": "Wladimir Selenski",
                "to": "Wolodymyr Selenskyj",
                "entity": "Володимир Зеленський",
                "kind": "person",
                "reason": "persons.tsv: Duden transcription",
                "where": "block 0",
            }
        ],
        unknown_names=[{"name": "Иван Сидоренко", "suggestion": "Iwan Sidorenko"}],
        engine="ctranslate2",
        model_id="test-model",
        model_revision="r1",
        source_published_at=now - timedelta(minutes=30 + n),
        published_at=now,
        discovered_at=now - timedelta(minutes=20),
        page_path=f"articles/{n}-artikel.html",
    )
    values.update(fields)
    return Article(**values)


@pytest.fixture
def web(tmp_path, database_url):
    settings = Settings(home=tmp_path / "home", database_url=database_url, articles_per_page=2)
    app = create_app(settings)
    db: Database = app.state.db
    with db.session() as session:
        source = Source(
            name="korr-ru",
            feed_url="https://k.img.com.ua/rss/ru/all_news2.0.xml",
            label="Korrespondent.net",
            lang="ru",
            adapter="korrespondent",
            hosts=["korrespondent.net"],
        )
        session.add(source)
        articles = [published_article(source, n) for n in range(1, 4)]
        session.add_all(articles)
        session.flush()
        for a in articles:
            index_article(session, a)
        accounts.add_user(session, "anna", PASSWORD, "editor")
        accounts.add_user(session, "boss", PASSWORD, "admin")
    client = TestClient(app)
    yield client, settings, db
    client.close()
    db.dispose()


def login(client: TestClient, name: str = "anna", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token, "next": "/edit/"},
        follow_redirects=False,
    )


def csrf_of(client: TestClient, path: str = "/edit/") -> str:
    html = client.get(path).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
