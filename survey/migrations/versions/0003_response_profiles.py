"""responses.profile: each response's answers in one column, for counting

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 05:10:00

Existing responses get their profile from their answers here, with the same encoding
as survey/models/profile.py (repeated rather than imported: a migration must keep
working when the application code moves on).
"""

import zlib
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CLOSED = {"likert", "rating", "single", "yes_no", "number"}
ANSWERED = {"multiple", "short_text", "long_text"}  # stored as "1" when answered
BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile", sa.Text(), nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.alter_column("profile", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("profile")


def _backfill(bind) -> None:
    questions = sa.table(
        "questions",
        sa.column("id"),
        sa.column("questionnaire_id"),
        sa.column("type"),
        sa.column("position"),
    )
    responses = sa.table(
        "responses", sa.column("id"), sa.column("questionnaire_id"), sa.column("profile")
    )
    answers = sa.table(
        "answers",
        sa.column("response_id"),
        sa.column("question_id"),
        sa.column("likert"),
        sa.column("rating"),
        sa.column("choice"),
        sa.column("number"),
        sa.column("text"),
    )
    layouts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for qid, questionnaire_id, qtype in bind.execute(
        sa.select(questions.c.id, questions.c.questionnaire_id, questions.c.type).order_by(
            questions.c.questionnaire_id, questions.c.position
        )
    ):
        if qtype in CLOSED or qtype in ANSWERED:
            layouts[questionnaire_id].append((qid, qtype))
    last = 0
    while True:
        batch = bind.execute(
            sa.select(responses.c.id, responses.c.questionnaire_id)
            .where(responses.c.id > last)
            .order_by(responses.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        last = batch[-1][0]
        values: dict[int, dict[int, object]] = defaultdict(dict)
        for rid, qid, likert, rating, choice, number, text in bind.execute(
            sa.select(
                answers.c.response_id,
                answers.c.question_id,
                answers.c.likert,
                answers.c.rating,
                answers.c.choice,
                answers.c.number,
                answers.c.text,
            ).where(answers.c.response_id.between(batch[0][0], last))
        ):
            value = next((v for v in (likert, rating, choice, number, text) if v is not None), None)
            if value is not None:
                values[rid][qid] = value
        bind.execute(
            sa.update(responses)
            .where(responses.c.id == sa.bindparam("rid"))
            .values(profile=sa.bindparam("new_profile")),
            [{"rid": rid, "new_profile": _encode(layouts[qn], values[rid])} for rid, qn in batch],
        )


def _encode(layout: list[tuple[int, str]], values: dict[int, object]) -> str:
    text = ",".join(f"{qid}:{t}" for qid, t in layout)
    fields = [format(zlib.crc32(text.encode()), "08x")]
    for qid, qtype in layout:
        value = values.get(qid)
        if value is None:
            fields.append("")
        elif qtype in ANSWERED:
            fields.append("1")
        else:
            fields.append(repr(float(value)) if isinstance(value, float) else str(value))
    return "\t".join(fields)
