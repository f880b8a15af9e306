"""Project name, donor and organisation, and a training's place, per language

Revision ID: 0008
Revises: 0010
Create Date: 2026-12-08 01:40:00

Existing projects and trainings get none: every language shows the main wording, as
before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0010"
branch_labels = None
depends_on = None

PROJECT_COLUMNS = ("name_translations", "donor_translations", "organisation_translations")


def upgrade() -> None:
    # Plain ADD COLUMNs: SQLite adds them in place, without copying the tables.
    for column in PROJECT_COLUMNS:
        op.add_column(
            "projects",
            sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        )
    op.add_column(
        "trainings",
        sa.Column("place_translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )


def downgrade() -> None:
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_column("place_translations")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        for column in reversed(PROJECT_COLUMNS):
            batch_op.drop_column(column)
