"""Typed SQLAlchemy 2.0 models; invariants live in the database as constraints."""

from .base import Base
from .dataversion import DataEpoch
from .donor import DonorLink, DonorLinkVisit
from .imports import ImportBatch, ImportedRow
from .profile import Layout, ProfileError, layout_for, layout_of
from .project import INDICATOR_METRICS, Indicator, Project, Training
from .questionnaire import Question, Questionnaire, QuestionRole, QuestionType
from .response import Answer, ReportComment, Response
from .user import User

__all__ = [
    "INDICATOR_METRICS",
    "Answer",
    "Base",
    "DataEpoch",
    "DonorLink",
    "DonorLinkVisit",
    "ImportBatch",
    "ImportedRow",
    "Indicator",
    "Layout",
    "ProfileError",
    "Project",
    "Question",
    "QuestionRole",
    "QuestionType",
    "Questionnaire",
    "ReportComment",
    "Response",
    "Training",
    "User",
    "layout_for",
    "layout_of",
]
