"""projects.countries: the countries its forms offer

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 12:00:00

Existing projects get none, which means the standard five (Morocco, Cameroon, Côte
d'Ivoire, Guinea, Nigeria), as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds it in place, without copying the table.
    op.add_column(
        "projects",
        sa.Column("countries", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("countries")
