"""indexes for pages that cost O(page): status + published_at, the related target, topics

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsmt.sources.feeds import canonicalize_url

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
