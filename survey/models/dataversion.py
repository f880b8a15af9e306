"""What makes the version of the data behind the figures, besides the responses' ids."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class DataEpoch(Base):
    """One row: a random value that a restore replaces.

    A restored database can repeat a version seen before it (the same responses count,
    highest id and revisions, with other data), so the figures cached from before the
    restore would be served again; the epoch is part of the version and tells them apart.
    """

    __tablename__ = "data_epoch"

    epoch: Mapped[str] = mapped_column(String(32), primary_key=True)
