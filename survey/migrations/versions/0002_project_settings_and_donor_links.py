"""project settings, indicators, donor links, report comments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 02:29:51.833851
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "metric IN ('satisfied', 'ready_to_adopt', 'response_rate', 'recommend', 'knowledge_gain')",
            name=op.f("ck_indicators_metric"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_indicators_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("project_id", "metric", name=op.f("uq_indicators_project_id_metric")),
    )
    op.create_table(
        "donor_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_donor_links_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_donor_links_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_donor_links_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donor_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_donor_links_token_hash")),
    )
    with op.batch_alter_table("donor_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donor_links_project_id"), ["project_id"], unique=False)

    op.create_table(
        "donor_link_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["donor_links.id"],
            name=op.f("fk_donor_link_visits_link_id_donor_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donor_link_visits")),
    )
    with op.batch_alter_table("donor_link_visits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_donor_link_visits_link_opened", ["link_id", "opened_at"], unique=False
        )

    op.create_table(
        "report_comments",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name=op.f("fk_report_comments_answer_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_report_comments")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        # Server defaults fill the rows that exist already.
        batch_op.add_column(
            sa.Column("organisation", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_email", sa.String(length=254), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("privacy_notice", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("donor_emails", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("org_logo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("org_logo_type", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("donor_logo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("donor_logo_type", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("donor_logo_type")
        batch_op.drop_column("donor_logo")
        batch_op.drop_column("org_logo_type")
        batch_op.drop_column("org_logo")
        batch_op.drop_column("donor_emails")
        batch_op.drop_column("retention_days")
        batch_op.drop_column("privacy_notice")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("organisation")

    op.drop_table("report_comments")
    with op.batch_alter_table("donor_link_visits", schema=None) as batch_op:
        batch_op.drop_index("ix_donor_link_visits_link_opened")

    op.drop_table("donor_link_visits")
    with op.batch_alter_table("donor_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donor_links_project_id"))

    op.drop_table("donor_links")
    op.drop_table("indicators")
