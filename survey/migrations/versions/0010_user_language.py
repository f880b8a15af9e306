"""users.language: the interface language a trainer chose

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 01:30:00

Existing users get none, which means their browser's language, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds it in place, without copying the table.
    op.add_column("users", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
