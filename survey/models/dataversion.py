"""What makes the version of the data behind the figures, besides the responses' ids."""

from __future__ import annotations

from sqlalchemy import String, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base
from .project import Training


class DataEpoch(Base):
    """One row: a random value that a restore replaces.

    A restored database can repeat a version seen before it (the same responses count,
    highest id and revisions, with other data), so the figures cached from before the
    restore would be served again; the epoch is part of the version and tells them apart.
    """

    __tablename__ = "data_epoch"

    epoch: Mapped[str] = mapped_column(String(32), primary_key=True)


def bump_revision(session: Session, where) -> None:
    """Raise the data revision of the trainings matching ``where`` (in the caller's
    transaction), after a write that changes their figures other than a new response."""
    session.execute(
        update(Training).where(where).values(data_revision=Training.data_revision + 1),
        execution_options={"synchronize_session": False},
    )
