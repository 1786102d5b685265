"""Copy a whole newsmt database into another one: the step from one machine (SQLite) to
several (PostgreSQL), or back. Both must be at the newest schema; the target must be
empty. Rows go table by table in the models' dependency order, in batches, inside one
transaction on the target, so a failed copy leaves the target as empty as it was.

Articles point at other articles (duplicate_of, edition_of), in any id order, so those
columns are written in a second pass. PostgreSQL's id sequences are moved past the copied
ids; SQLite's full-text rows are rebuilt from the copied articles.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text

from newsmt.store.db import Database, schema_revisions
from newsmt.store.models import Base
from newsmt.store.queries import published
from newsmt.store.search import index_article

BATCH = 500
SELF_REFERENCES = {"articles": ("duplicate_of_id", "edition_of_id")}


class CopyError(Exception):
    """The copy cannot start; the message says why."""


def copy_database(
    source: Database, target: Database, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Rows copied per table."""
    for db, what in ((source, "source"), (target, "target")):
        current, head = schema_revisions(db.engine)
        if current != head:
            raise CopyError(f"the {what} database is at revision {current or 'none'}, not "
                            f"{head}: run `newsmt db upgrade` on it first")  # fmt: skip
    tables = Base.metadata.sorted_tables
    counts: dict[str, int] = {}
    with source.engine.connect() as read, target.engine.begin() as write:
        for table in tables:
            if write.scalar(select(func.count()).select_from(table)):
                raise CopyError(f"the target database is not empty (table {table.name})")
        for table in tables:
            later = SELF_REFERENCES.get(table.name, ())
            links: list[dict[str, object]] = []
            counts[table.name] = 0
            result = read.execution_options(stream_results=True).execute(select(table))
            for rows in result.mappings().partitions(BATCH):
                batch = [dict(row) for row in rows]
                for row in batch:
                    if any(row.get(column) is not None for column in later):
                        links.append({"key": row["id"], **{c: row[c] for c in later}})
                        for column in later:
                            row[column] = None
                write.execute(table.insert(), batch)
                counts[table.name] += len(batch)
                if progress:
                    progress(table.name, counts[table.name])
            for link in links:
                values = {c: link[c] for c in later}
                write.execute(table.update().where(table.c.id == link["key"]).values(values))
        if write.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement and table.c.id.primary_key:
                    write.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    if target.engine.dialect.name == "sqlite":  # the full-text rows live outside the models
        with target.session() as session:
            for article in session.scalars(published()):
                index_article(session, article)
    return counts
