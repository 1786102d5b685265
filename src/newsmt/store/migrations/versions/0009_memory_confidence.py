"""translation memory keeps the engine's confidence, so a sentence served from the memory
carries the same risk as when the engine first translated it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translation_memory") as batch:
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translation_memory") as batch:
        batch.drop_column("confidence")
