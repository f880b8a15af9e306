from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ImportBatch(Base):
    """One run of `flask import` that added responses: which file, when, how many rows."""

    __tablename__ = "import_batches"
    __table_args__ = (Index("ix_import_batches_training_file", "training_id", "file_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    # SHA-256 of the file's bytes: --replace and import-delete find a file's responses by it.
    file_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportedRow(Base):
    """The file row a response was imported from (header = row 1, as a spreadsheet counts)."""

    __tablename__ = "imported_rows"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    row: Mapped[int]
