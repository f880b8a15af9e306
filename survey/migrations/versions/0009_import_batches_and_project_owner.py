"""import_batches, imported_rows: where imported responses came from; projects.owner_id

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-08 01:30:00

Responses imported before this have no batch: import-delete and --replace leave them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_import_batches_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index(
        "ix_import_batches_training_file", "import_batches", ["training_id", "file_hash"]
    )
    op.create_table(
        "imported_rows",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_imported_rows_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_imported_rows_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_imported_rows")),
    )
    op.create_index(op.f("ix_imported_rows_batch_id"), "imported_rows", ["batch_id"])
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with an inline reference in place (Alembic would copy the
        # table to add the constraint separately).
        op.execute("ALTER TABLE projects ADD COLUMN owner_id INTEGER REFERENCES users (id)")
    else:
        op.add_column("projects", sa.Column("owner_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_projects_owner_id_users"), "projects", "users", ["owner_id"], ["id"]
        )
    op.create_index(op.f("ix_projects_owner_id"), "projects", ["owner_id"])


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_owner_id"))
        if op.get_bind().dialect.name != "sqlite":  # there the reference has no name
            batch_op.drop_constraint(batch_op.f("fk_projects_owner_id_users"), type_="foreignkey")
        batch_op.drop_column("owner_id")
    op.drop_index(op.f("ix_imported_rows_batch_id"), table_name="imported_rows")
    op.drop_table("imported_rows")
    op.drop_index("ix_import_batches_training_file", table_name="import_batches")
    op.drop_table("import_batches")
