"""translation memory; per-source engine

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("engine", sa.String(length=40), nullable=True))
    op.create_table(
        "translation_memory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("src_lang", sa.String(length=8), nullable=False),
        sa.Column("tgt_lang", sa.String(length=8), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("engine", sa.String(length=60), nullable=False),
        sa.Column("model_id", sa.String(length=300), nullable=False),
        sa.Column("model_revision", sa.String(length=100), nullable=False),
        sa.Column("style", sa.String(length=60), nullable=False),
        sa.Column("editor", sa.String(length=200), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_hash", "origin", "engine", "model_id", "style"),
    )
    op.create_index("ix_translation_memory_source_hash", "translation_memory", ["source_hash"])


def downgrade() -> None:
    op.drop_index("ix_translation_memory_source_hash", table_name="translation_memory")
    op.drop_table("translation_memory")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("engine")
