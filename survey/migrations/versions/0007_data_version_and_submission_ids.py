"""data version (training revisions, a data epoch); submission ids unique per training

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 01:30:00

- trainings.data_revision: raised by every change to a training's responses other than
  a new one (deletion, retention, import), so cached figures are never served after it.
- data_epoch: one random value, replaced by a restore.
- responses: submission ids in one form (lower-case hexadecimal, no dashes) and unique
  per training instead of per questionnaire. An id whose canonical form is already
  taken in its training is left as it is (nothing is deleted).
"""

import re
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_FORM_ID = re.compile(r"[0-9a-fA-F-]{16,64}")


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE TABLE: SQLite does both in place.
    op.add_column(
        "trainings",
        sa.Column("data_revision", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    epoch = op.create_table(
        "data_epoch",
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("epoch", name=op.f("pk_data_epoch")),
    )
    op.bulk_insert(epoch, [{"epoch": secrets.token_hex(16)}])
    _canonical_ids(op.get_bind())
    # SQLite cannot drop a constraint in place: the table is copied (migrate() runs this
    # with foreign keys off, so no answer goes with the old table).
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint("uq_responses_questionnaire_id_submission_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_responses_training_id_submission_id"), ["training_id", "submission_id"]
        )


def _canonical_ids(bind) -> None:
    responses = sa.table(
        "responses",
        sa.column("id", sa.Integer),
        sa.column("training_id", sa.Integer),
        sa.column("submission_id", sa.String),
    )
    rows = bind.execute(
        sa.select(responses.c.id, responses.c.training_id, responses.c.submission_id)
    ).all()
    taken = {(training, sid) for _id, training, sid in rows}
    changes = []
    for response_id, training, sid in rows:
        if not _FORM_ID.fullmatch(sid):
            continue
        canonical = sid.replace("-", "").lower()
        if canonical == sid or len(canonical) < 16 or (training, canonical) in taken:
            continue
        taken.add((training, canonical))
        changes.append({"rid": response_id, "canonical": canonical})
    if changes:
        bind.execute(
            responses.update()
            .where(responses.c.id == sa.bindparam("rid"))
            .values(submission_id=sa.bindparam("canonical")),
            changes,
        )


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint("uq_responses_training_id_submission_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_responses_questionnaire_id_submission_id"),
            ["questionnaire_id", "submission_id"],
        )
    op.drop_table("data_epoch")
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_column("data_revision")
