"""names step: unknown names and the style applied

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 02:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("unknown_names", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("names_style", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("names_style")
        batch.drop_column("unknown_names")
