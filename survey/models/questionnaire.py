from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class QuestionType(enum.StrEnum):
    LIKERT = "likert"  # 1-5
    RATING = "rating"  # 0-10
    SINGLE = "single"
    MULTIPLE = "multiple"
    YES_NO = "yes_no"  # yes / no / unsure
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"


class QuestionRole(enum.StrEnum):
    """What a question measures; roles drive the headline figures and breakdowns."""

    SATISFACTION = "satisfaction"
    RELEVANCE = "relevance"
    TRAINER_QUALITY = "trainer_quality"
    PRACTICAL = "practical"
    ORGANISATION = "organisation"
    KNOWLEDGE_BEFORE = "knowledge_before"
    KNOWLEDGE_AFTER = "knowledge_after"
    INTENT_TO_ADOPT = "intent_to_adopt"
    RECOMMEND = "recommend"
    APPLY = "apply"
    COMMENT = "comment"
    COUNTRY = "country"
    ORGANISATION_TYPE = "organisation_type"
    SEX = "sex"

    @classmethod
    def demographics(cls) -> tuple[QuestionRole, ...]:
        return (cls.COUNTRY, cls.ORGANISATION_TYPE, cls.SEX)

    @classmethod
    def before_after(cls) -> frozenset[QuestionRole]:
        """The pair asked about before and after the training, shown in that order."""
        return frozenset({cls.KNOWLEDGE_BEFORE, cls.KNOWLEDGE_AFTER})


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class Questionnaire(Base):
    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable key for built-in questionnaires ("standard-v1"); None for custom ones.
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    languages: Mapped[list[str]] = mapped_column(JSON)
    # [{"code": "training", "labels": {"fr": "La formation", ...}}, ...] in form order.
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    questions: Mapped[list[Question]] = relationship(
        back_populates="questionnaire", order_by="Question.position", cascade="all, delete-orphan"
    )

    def section_label(self, code: str, lang: str) -> str:
        for section in self.sections:
            if section["code"] == code:
                return _pick(section["labels"], lang)
        return ""

    def by_role(self, role: QuestionRole) -> Question | None:
        return next((q for q in self.questions if q.role == role), None)


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "code"),
        UniqueConstraint("questionnaire_id", "position"),
        CheckConstraint(f"type IN ({_in(QuestionType)})", name="type"),
        CheckConstraint(f"role IS NULL OR role IN ({_in(QuestionRole)})", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"), index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(64))
    # The section a question belongs to (a key into the questionnaire's section titles).
    section: Mapped[str] = mapped_column(String(64), default="")
    type: Mapped[str] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(32))
    required: Mapped[bool] = mapped_column(default=False)
    # {"fr": "...", "en": "...", "ar": "..."}
    labels: Mapped[dict[str, str]] = mapped_column(JSON)
    hints: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # [{"code": "MA", "labels": {"fr": "Maroc", ...}}, ...]; for Likert, the five anchors.
    choices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang)

    def hint(self, lang: str) -> str:
        return _pick(self.hints or {}, lang)

    def choice_label(self, code: str, lang: str) -> str:
        for choice in self.choices:
            if choice["code"] == code:
                return _pick(choice["labels"], lang)
        return code


def _pick(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else French, else English, else any."""
    for key in (lang, "fr", "en"):
        if texts.get(key):
            return texts[key]
    return next(iter(texts.values()), "")
