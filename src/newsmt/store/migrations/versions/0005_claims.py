"""article claims with a lease (two runners never work on one article), url index

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("claim_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_articles_url", ["url"])
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("item_errors", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("item_errors")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_url")
        batch.drop_column("claim_expires_at")
        batch.drop_column("claimed_by")
