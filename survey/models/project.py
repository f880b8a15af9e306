from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from .base import Base, as_utc, utcnow, zone_named

if TYPE_CHECKING:
    from .questionnaire import Questionnaire
    from .user import User


class Project(Base):
    """A funded project that runs one or more trainings."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    donor: Mapped[str] = mapped_column(String(300), default="")
    # The name, donor and organisation as read in another language ({"ar": "..."}), as
    # trainings have their titles; a language without one shows the main wording.
    name_translations: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    donor_translations: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    organisation_translations: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    description: Mapped[str] = mapped_column(Text, default="")
    # Who collects the answers, and whom participants may contact (privacy notice, reports).
    organisation: Mapped[str] = mapped_column(String(300), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # {"fr": "...", "en": "...", "ar": "..."}: shown at the top of every form of the project.
    privacy_notice: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Responses older than this many days are deleted or anonymised by `flask retention`.
    retention_days: Mapped[int | None]
    # Where emailed reports go.
    donor_emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The countries its forms offer (ISO 3166 codes, in order); none means the standard
    # five. See standard_questionnaire().
    countries: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # Logos for reports; deferred so that listing projects does not load images.
    org_logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    org_logo_type: Mapped[str | None] = mapped_column(String(32))
    donor_logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    donor_logo_type: Mapped[str | None] = mapped_column(String(32))
    # The trainer who owns it (`flask project create --owner`); its new trainings are theirs.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainings: Mapped[list[Training]] = relationship(
        back_populates="project", order_by="Training.start_date"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="project", order_by="Indicator.position", cascade="all, delete-orphan"
    )

    def name_in(self, lang: str) -> str:
        """The project's name in ``lang`` when one was given, else the main name."""
        return (self.name_translations or {}).get(lang) or self.name

    def donor_in(self, lang: str) -> str:
        """The donor's name in ``lang`` when one was given, else the main one."""
        return (self.donor_translations or {}).get(lang) or self.donor

    def organisation_in(self, lang: str) -> str:
        """The organisation's name in ``lang`` when one was given, else the main one."""
        return (self.organisation_translations or {}).get(lang) or self.organisation


INDICATOR_METRICS = ("satisfied", "ready_to_adopt", "response_rate", "recommend", "knowledge_gain")


class Indicator(Base):
    """A project indicator with its target, e.g. 80% of participants ready to adopt."""

    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("project_id", "metric"),
        CheckConstraint(
            "metric IN (" + ", ".join(f"'{m}'" for m in INDICATOR_METRICS) + ")", name="metric"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(32))
    # A share (0-1) for shares, a score (-100..100) for the Net Promoter Score.
    target: Mapped[float] = mapped_column(Float)
    # {"fr": "...", ...}; empty means the metric's standard wording.
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="indicators")


class Training(Base):
    """One training session, evaluated with one questionnaire through one public form."""

    __tablename__ = "trainings"
    __table_args__ = (
        CheckConstraint(
            "expected_participants IS NULL OR expected_participants >= 0",
            name="expected_participants",
        ),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"
        ),
        CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="open_window"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    # The title as participants read it in another form language ({"ar": "..."}); a
    # language without one shows ``title``.
    title_translations: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    theme: Mapped[str] = mapped_column(String(300), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    # The place ("Rabat, Maroc") as read in another language ({"ar": "الرباط، المغرب"}); a
    # language without one shows location and country.
    place_translations: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    expected_participants: Mapped[int | None]
    # The short public code of the form: /s/<code>.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["fr", "en", "ar"])
    default_language: Mapped[str] = mapped_column(String(8), default="fr")
    # Stored in UTC; entered and shown in the training's own time zone (an IANA name).
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised by every write that changes its figures other than adding responses
    # (deletions, retention, imports): part of the data version (results.data_version).
    data_revision: Mapped[int] = mapped_column(default=0, server_default="0")

    project: Mapped[Project] = relationship(back_populates="trainings")
    questionnaire: Mapped[Questionnaire] = relationship()
    owner: Mapped[User | None] = relationship()

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` when the trainer gave one, else the main title."""
        return (self.title_translations or {}).get(lang) or self.title

    def place_in(self, lang: str) -> str:
        """Where the training is, in ``lang`` when given, else "location, country"."""
        own = (self.place_translations or {}).get(lang)
        return own or ", ".join(p for p in (self.location, self.country) if p)

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.timezone)

    def opens_later(self, now: datetime) -> bool:
        return self.opens_at is not None and now < as_utc(self.opens_at)

    def is_open(self, now: datetime) -> bool:
        if self.opens_later(now):
            return False
        return not (self.closes_at is not None and now >= as_utc(self.closes_at))
