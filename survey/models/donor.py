from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, as_utc, utcnow


class DonorLink(Base):
    """A read-only, expiring, revocable link for a donor; only the token's hash is stored."""

    __tablename__ = "donor_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    # None: the whole project; else one training of it.
    training_id: Mapped[int | None] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    lang: Mapped[str] = mapped_column(String(8), default="fr")
    label: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    visits: Mapped[list[DonorLinkVisit]] = relationship(
        back_populates="link",
        order_by="DonorLinkVisit.opened_at.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def state(self, now: datetime) -> str:
        """'active', 'revoked' or 'expired'."""
        if self.revoked_at is not None:
            return "revoked"
        if now >= as_utc(self.expires_at):
            return "expired"
        return "active"


class DonorLinkVisit(Base):
    """When a donor link was opened (no address, no browser: just the time)."""

    __tablename__ = "donor_link_visits"
    __table_args__ = (Index("ix_donor_link_visits_link_opened", "link_id", "opened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("donor_links.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)

    link: Mapped[DonorLink] = relationship(back_populates="visits")
