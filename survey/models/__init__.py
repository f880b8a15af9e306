"""Typed SQLAlchemy 2.0 models; invariants live in the database as constraints."""

from .base import Base
from .project import Project, Training
from .questionnaire import Question, Questionnaire, QuestionRole, QuestionType
from .response import Answer, Response
from .user import User

__all__ = [
    "Answer",
    "Base",
    "Project",
    "Question",
    "QuestionRole",
    "QuestionType",
    "Questionnaire",
    "Response",
    "Training",
    "User",
]
