"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29 02:15:06.343228
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("donor", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
        sa.UniqueConstraint("key", name=op.f("uq_questionnaires_key")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('trainer', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("section", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("hints", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "role IS NULL OR role IN ('satisfaction', 'relevance', 'trainer_quality', 'practical', 'organisation', 'knowledge_before', 'knowledge_after', 'intent_to_adopt', 'recommend', 'apply', 'comment', 'country', 'organisation_type', 'sex')",
            name=op.f("ck_questions_role"),
        ),
        sa.CheckConstraint(
            "type IN ('likert', 'rating', 'single', 'multiple', 'yes_no', 'short_text', 'long_text', 'number')",
            name=op.f("ck_questions_type"),
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questions_questionnaire_id_questionnaires"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
        sa.UniqueConstraint(
            "questionnaire_id", "code", name=op.f("uq_questions_questionnaire_id_code")
        ),
        sa.UniqueConstraint(
            "questionnaire_id", "position", name=op.f("uq_questions_questionnaire_id_position")
        ),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questions_questionnaire_id"), ["questionnaire_id"], unique=False
        )

    op.create_table(
        "trainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.String(length=300), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("expected_participants", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("default_language", sa.String(length=8), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
            name=op.f("ck_trainings_open_window"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_trainings_dates"),
        ),
        sa.CheckConstraint(
            "expected_participants IS NULL OR expected_participants >= 0",
            name=op.f("ck_trainings_expected_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_trainings_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_trainings_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_trainings_questionnaire_id_questionnaires"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainings")),
        sa.UniqueConstraint("code", name=op.f("uq_trainings_code")),
    )
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trainings_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trainings_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_trainings_questionnaire_id"), ["questionnaire_id"], unique=False
        )

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_responses_questionnaire_id_questionnaires"),
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_responses_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint(
            "questionnaire_id",
            "submission_id",
            name=op.f("uq_responses_questionnaire_id_submission_id"),
        ),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_responses_training_submitted", ["training_id", "submitted_at"], unique=False
        )

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("likert", sa.SmallInteger(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("choice", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN likert IS NULL THEN 0 ELSE 1 END) + (CASE WHEN rating IS NULL THEN 0 ELSE 1 END) + (CASE WHEN number IS NULL THEN 0 ELSE 1 END) + (CASE WHEN choice IS NULL THEN 0 ELSE 1 END) + (CASE WHEN text IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_answers_one_value"),
        ),
        sa.CheckConstraint("likert BETWEEN 1 AND 5", name=op.f("ck_answers_likert_range")),
        sa.CheckConstraint("rating BETWEEN 0 AND 10", name=op.f("ck_answers_rating_range")),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_answers_question_id_questions")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index("ix_answers_question_choice", ["question_id", "choice"], unique=False)
        batch_op.create_index("ix_answers_question_likert", ["question_id", "likert"], unique=False)
        batch_op.create_index("ix_answers_question_rating", ["question_id", "rating"], unique=False)
        batch_op.create_index(
            "ix_answers_response_question", ["response_id", "question_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_response_question")
        batch_op.drop_index("ix_answers_question_rating")
        batch_op.drop_index("ix_answers_question_likert")
        batch_op.drop_index("ix_answers_question_choice")

    op.drop_table("answers")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index("ix_responses_training_submitted")

    op.drop_table("responses")
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trainings_questionnaire_id"))
        batch_op.drop_index(batch_op.f("ix_trainings_project_id"))
        batch_op.drop_index(batch_op.f("ix_trainings_owner_id"))

    op.drop_table("trainings")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_questionnaire_id"))

    op.drop_table("questions")
    op.drop_table("users")
    op.drop_table("questionnaires")
    op.drop_table("projects")
