"""trainings.timezone: opening times and the dashboard's days in the training's own zone

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 11:00:00

Existing trainings get UTC, which is what their times were entered in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds it in place, without copying the table.
    op.add_column(
        "trainings",
        sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC"),
    )


def downgrade() -> None:
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_column("timezone")
