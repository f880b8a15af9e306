from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

VALUE_COLUMNS = ("likert", "rating", "number", "choice", "text")


class Response(Base):
    """One participant's submitted form. Anonymous: no IP, no user agent, no cookie."""

    __tablename__ = "responses"
    __table_args__ = (
        # A re-sent form (double tap, retry, offline queue) is stored once per training;
        # trainings that share a questionnaire do not share their ids.
        UniqueConstraint("training_id", "submission_id"),
        Index("ix_responses_training_submitted", "training_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    submission_id: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str] = mapped_column(String(8))
    # The closed answers again, in one column, for counting (see models/profile.py).
    profile: Mapped[str] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One value given to one question; the column used depends on the question type.

    A multiple-choice question has one row per ticked option, so every result is a
    ``GROUP BY`` over a typed column.
    """

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("likert BETWEEN 1 AND 5", name="likert_range"),
        CheckConstraint("rating BETWEEN 0 AND 10", name="rating_range"),
        CheckConstraint(
            " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in VALUE_COLUMNS)
            + " = 1",
            name="one_value",
        ),
        Index("ix_answers_question_likert", "question_id", "likert"),
        Index("ix_answers_question_rating", "question_id", "rating"),
        Index("ix_answers_question_choice", "question_id", "choice"),
        Index("ix_answers_response_question", "response_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    likert: Mapped[int | None] = mapped_column(SmallInteger)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    number: Mapped[float | None] = mapped_column(Float)
    choice: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class ReportComment(Base):
    """A comment a trainer has chosen to show (anonymised) in reports. None by default."""

    __tablename__ = "report_comments"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    selected_at: Mapped[datetime] = mapped_column(default=utcnow)
