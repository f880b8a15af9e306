"""trainings.title_translations: the title participants read, per form language

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:40:00

Existing trainings get none: every language shows the main title, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds it in place, without copying the table.
    op.add_column(
        "trainings",
        sa.Column("title_translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )


def downgrade() -> None:
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_column("title_translations")
