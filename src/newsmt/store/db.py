"""Engine, sessions and migrations. Alembic owns the schema; nothing calls create_all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _json(value: object) -> str:
    """JSON columns keep Cyrillic as it is (half the bytes of \\u escapes, and an
    editor's search in the source text finds it)."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=_json)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; cheap when already there."""
    command.upgrade(alembic_config(engine), "head")


class SchemaOutdated(Exception):  # noqa: N818 - a condition of the system
    """The database was made by an older newsmt: its schema must be upgraded, explicitly."""


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the database's revision, or None when it has none; the newest this code knows)."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """`newsmt db upgrade`: bring the schema to the newest revision."""
        upgrade(self.engine)

    def prepare(self) -> None:
        """What every start does: an empty database is created (zero configuration), one
        at the newest revision is used; one made by an older newsmt is refused with the
        command that upgrades it, because an upgrade wants a backup first and must not
        run half-way under several starting workers at once."""
        current, head = schema_revisions(self.engine)
        if current == head:
            return
        if current is None and not inspect(self.engine).get_table_names():
            upgrade(self.engine)
            return
        raise SchemaOutdated(
            f"the database schema is at revision {current or 'none (tables without a revision)'}"
            f", this newsmt needs {head}: back it up, then run `newsmt db upgrade`"
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
