"""editions: one German article per story published in Russian and Ukrainian; a poll
interval per source; topics in German

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("edition_priority", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("poll_interval", sa.Integer(), nullable=True))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("edition_of_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("story_key", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("alternate_urls", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("tags_de", sa.JSON(), nullable=True))
        batch.create_foreign_key("fk_articles_edition_of_id", "articles", ["edition_of_id"], ["id"])
        batch.create_index("ix_articles_edition_of_id", ["edition_of_id"])
        batch.create_index("ix_articles_story_key", ["story_key"])


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_story_key")
        batch.drop_index("ix_articles_edition_of_id")
        batch.drop_constraint("fk_articles_edition_of_id", type_="foreignkey")
        batch.drop_column("tags_de")
        batch.drop_column("alternate_urls")
        batch.drop_column("story_key")
        batch.drop_column("edition_of_id")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("poll_interval")
        batch.drop_column("edition_priority")
