from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, as_utc, utcnow

if TYPE_CHECKING:
    from .questionnaire import Questionnaire
    from .user import User


class Project(Base):
    """A funded project that runs one or more trainings."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    donor: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainings: Mapped[list[Training]] = relationship(
        back_populates="project", order_by="Training.start_date"
    )


class Training(Base):
    """One training session, evaluated with one questionnaire through one public form."""

    __tablename__ = "trainings"
    __table_args__ = (
        CheckConstraint("expected_participants IS NULL OR expected_participants >= 0",
                        name="expected_participants"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                        name="dates"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
                        name="open_window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(String(300), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    expected_participants: Mapped[int | None]
    # The short public code of the form: /s/<code>.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["fr", "en", "ar"])
    default_language: Mapped[str] = mapped_column(String(8), default="fr")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="trainings")
    questionnaire: Mapped[Questionnaire] = relationship()
    owner: Mapped[User | None] = relationship()

    def opens_later(self, now: datetime) -> bool:
        return self.opens_at is not None and now < as_utc(self.opens_at)

    def is_open(self, now: datetime) -> bool:
        if self.opens_later(now):
            return False
        return not (self.closes_at is not None and now >= as_utc(self.closes_at))
