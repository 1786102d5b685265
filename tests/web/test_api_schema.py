"""schemathesis generates requests from the app's OpenAPI schema and checks every answer
against it (status codes, content types, response schemas, no server errors)."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from newsmt.config import Settings
from newsmt.store import Source
from newsmt.store.search import index_article
from newsmt.web import create_app

from .conftest import published_article


def make_app(home: Path):  # type: ignore[no-untyped-def]
    app = create_app(Settings(home=home))
    with app.state.db.session() as session:
        source = Source(
            name="korr-ru", feed_url="https://k.img.com.ua/rss", label="Korrespondent.net", hosts=[]
        )
        session.add(source)
        articles = [published_article(source, n) for n in range(1, 4)]
        session.add_all(articles)
        session.flush()
        for article in articles:
            index_article(session, article)
    return app


def test_json_api_matches_its_schema(tmp_path):
    """Every operation of the schema, with generated requests; the app lives in tmp_path."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", make_app(tmp_path / "home"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):  # type: ignore[no-untyped-def]
            case.call_and_validate()

        check()
