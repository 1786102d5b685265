"""the editor's desk: publishing mode per source, an editor's claim on an article,
risk scores, comments and an audit log

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("publish_mode", sa.String(length=20), nullable=True))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("editing_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("editing_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("risk", sa.Float(), nullable=True))
        batch.add_column(sa.Column("risks", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("search_names", sa.Text(), nullable=True))
        batch.create_index("ix_articles_risk", ["risk"])
    if op.get_bind().dialect.name != "sqlite":  # SQLite's FTS5 row carries them
        op.execute(
            "CREATE INDEX ix_articles_fulltext_names ON articles "
            "USING GIN (to_tsvector('simple', coalesce(search_names, '')))"
        )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_comments_article_id", "comments", ["article_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_log_created_at", "audit_log", ["created_at"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX ix_articles_fulltext_names")
    op.drop_index("ix_audit_log_created_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_comments_article_id", table_name="comments")
    op.drop_table("comments")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_risk")
        batch.drop_column("search_names")
        batch.drop_column("risks")
        batch.drop_column("risk")
        batch.drop_column("editing_until")
        batch.drop_column("editing_by")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("publish_mode")
