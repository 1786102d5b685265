"""indexes for pages that cost O(page): status + published_at, the related target, topics

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00
"""

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# A migration runs against the schema of its own day, so it imports nothing from newsmt:
# the live code may change and would change what this migration writes. Below is
# newsmt.sources.feeds.canonicalize_url (with sanitize.check_url) as it was at 0006.
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "yclid", "ref")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_MAX_URL_LENGTH = 2000


def canonicalize_url(url: str) -> str:
    """The deduplication key of a URL as newsmt 0006 made it; ValueError when the URL is
    not a usable absolute http(s) URL."""
    if _CONTROL.search(url) or any(c.isspace() for c in url.strip()):
        raise ValueError("URL with control characters or spaces")
    if len(url) > _MAX_URL_LENGTH:
        raise ValueError("URL too long")
    parts = urlsplit(url.strip())
    port = parts.port  # ValueError for ports out of range or not numeric
    scheme = parts.scheme.lower()
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an absolute http(s) URL")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PARAMS)
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("related_canonical", sa.String(length=2000), nullable=True))
        batch.create_index("ix_articles_related_canonical", ["related_canonical"])
        batch.create_index("ix_articles_status_published_at", ["status", "published_at"])
    op.create_table(
        "article_tags",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("article_id", "tag"),
    )
    op.create_index("ix_article_tags_tag", "article_tags", ["tag", "article_id"])
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, related_url, tags, status FROM articles WHERE related_url IS NOT NULL OR status = 'published'"
        )
    )
    for article_id, related_url, tags, status in rows.fetchall():
        if related_url:
            try:
                canonical = canonicalize_url(related_url)
            except ValueError:
                canonical = None
            bind.execute(
                sa.text("UPDATE articles SET related_canonical = :c WHERE id = :id"),
                {"c": canonical, "id": article_id},
            )
        values = json.loads(tags) if isinstance(tags, str) else (tags or [])
        if status == "published":
            for tag in sorted({str(t)[:200] for t in values if t}):
                bind.execute(
                    sa.text("INSERT INTO article_tags (article_id, tag) VALUES (:id, :tag)"),
                    {"id": article_id, "tag": tag},
                )


def downgrade() -> None:
    op.drop_index("ix_article_tags_tag", table_name="article_tags")
    op.drop_table("article_tags")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_status_published_at")
        batch.drop_index("ix_articles_related_canonical")
        batch.drop_column("related_canonical")
