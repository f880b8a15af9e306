"""SQL aggregation for one training: GROUP BY counts in, analysis summaries out.

This is the one place where answers are counted. The dashboard, the JSON figures, the
CLI and the PDF report all read a ``TrainingFigures`` built here, so a number on screen
and the same number in a report come from one function.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from .analysis.proportions import Proportion, response_rate
from .analysis.summaries import (
    NPS,
    Distribution,
    KnowledgeShift,
    LikertSummary,
    NumericSummary,
    distribution,
    knowledge_shift,
    likert_summary,
    nps,
    numeric_summary,
)
from .models import Answer, Question, QuestionRole, QuestionType, Response, Training
from .models.base import as_utc

COMMENT_ROLES = (QuestionRole.APPLY, QuestionRole.COMMENT)


@dataclass(frozen=True)
class QuestionResult:
    """The summary of one question; only the member for its type is set."""

    question: Question
    answered: int
    no_answer: int
    likert: LikertSummary | None = None
    distribution: Distribution | None = None
    nps: NPS | None = None
    numeric: NumericSummary | None = None


@dataclass(frozen=True)
class Comment:
    question_code: str
    role: str | None
    text: str
    language: str
    submitted_at: datetime


@dataclass(frozen=True)
class TrainingFigures:
    training_id: int
    responses: int
    expected: int | None
    last_response_at: datetime | None
    response_rate: Proportion | None
    satisfied: Proportion | None
    ready_to_adopt: Proportion | None
    recommend: NPS | None
    knowledge: KnowledgeShift | None
    questions: list[QuestionResult]
    comments: list[Comment]

    def by_role(self, role: QuestionRole) -> QuestionResult | None:
        return next((r for r in self.questions if r.question.role == role), None)


def training_figures(session: Session, training: Training) -> TrainingFigures:
    """Count the training's answers in SQL and summarise them."""
    questions = training.questionnaire.questions
    in_training = Response.training_id == training.id
    n_responses, last = session.execute(
        select(func.count(Response.id), func.max(Response.submitted_at)).where(in_training)
    ).one()

    def grouped(column) -> dict[int, dict[Any, int]]:
        rows = session.execute(
            select(Answer.question_id, column, func.count())
            .join(Response, Response.id == Answer.response_id)
            .where(in_training, column.is_not(None))
            .group_by(Answer.question_id, column)
        )
        out: dict[int, dict[Any, int]] = defaultdict(dict)
        for question_id, value, count in rows:
            out[question_id][value] = count
        return out

    likert = grouped(Answer.likert)
    rating = grouped(Answer.rating)
    choice = grouped(Answer.choice)
    number = grouped(Answer.number)
    answered = dict(
        session.execute(
            select(Answer.question_id, func.count(func.distinct(Answer.response_id)))
            .join(Response, Response.id == Answer.response_id)
            .where(in_training)
            .group_by(Answer.question_id)
        ).all()
    )

    results = []
    for q in questions:
        got = answered.get(q.id, 0)
        missing = n_responses - got
        kwargs: dict[str, Any] = {}
        if q.type == QuestionType.LIKERT:
            kwargs["likert"] = likert_summary(likert.get(q.id, {}), no_answer=missing)
        elif q.type == QuestionType.RATING:
            counts = rating.get(q.id, {})
            kwargs["distribution"] = distribution(counts, range(11), missing)
            if q.role == QuestionRole.RECOMMEND:
                kwargs["nps"] = nps(counts)
            kwargs["numeric"] = numeric_summary(counts)
        elif q.type in (QuestionType.SINGLE, QuestionType.YES_NO, QuestionType.MULTIPLE):
            options = [c["code"] for c in q.choices]
            dist = distribution(choice.get(q.id, {}), options, missing)
            if q.type == QuestionType.MULTIPLE:
                # Percentages of respondents, not of ticks: several options per person.
                dist = Distribution(
                    options=dist.options,
                    counts=dist.counts,
                    percent=tuple(100 * c / got if got else None for c in dist.counts),
                    n=got,
                    no_answer=missing,
                    unlisted=dist.unlisted,
                )
            kwargs["distribution"] = dist
        elif q.type == QuestionType.NUMBER:
            kwargs["numeric"] = numeric_summary(number.get(q.id, {}))
        results.append(QuestionResult(question=q, answered=got, no_answer=missing, **kwargs))

    figures = TrainingFigures(
        training_id=training.id,
        responses=n_responses,
        expected=training.expected_participants,
        last_response_at=as_utc(last) if last else None,
        response_rate=response_rate(n_responses, training.expected_participants),
        satisfied=None,
        ready_to_adopt=None,
        recommend=None,
        knowledge=None,
        questions=results,
        comments=_comments(session, training),
    )
    return _with_headlines(session, training, figures)


def _with_headlines(session: Session, training: Training, figures: TrainingFigures):
    def top2(role: QuestionRole) -> Proportion | None:
        result = figures.by_role(role)
        return result.likert.top2 if result and result.likert else None

    recommend = figures.by_role(QuestionRole.RECOMMEND)
    return TrainingFigures(
        **{
            **figures.__dict__,
            "satisfied": top2(QuestionRole.SATISFACTION),
            "ready_to_adopt": top2(QuestionRole.INTENT_TO_ADOPT),
            "recommend": recommend.nps if recommend else None,
            "knowledge": _knowledge(session, training),
        }
    )


def _knowledge(session: Session, training: Training) -> KnowledgeShift | None:
    questionnaire = training.questionnaire
    before = questionnaire.by_role(QuestionRole.KNOWLEDGE_BEFORE)
    after = questionnaire.by_role(QuestionRole.KNOWLEDGE_AFTER)
    if before is None or after is None:
        return None
    a_before, a_after = aliased(Answer), aliased(Answer)
    rows = session.execute(
        select(a_before.likert, a_after.likert, func.count())
        .join(a_after, a_after.response_id == a_before.response_id)
        .join(Response, Response.id == a_before.response_id)
        .where(
            Response.training_id == training.id,
            a_before.question_id == before.id,
            a_after.question_id == after.id,
            a_before.likert.is_not(None),
            a_after.likert.is_not(None),
        )
        .group_by(a_before.likert, a_after.likert)
    )
    return knowledge_shift({(b, a): c for b, a, c in rows})


def _comments(session: Session, training: Training) -> list[Comment]:
    questions = {q.id: q for q in training.questionnaire.questions if q.role in COMMENT_ROLES}
    if not questions:
        return []
    rows = session.execute(
        select(Answer.question_id, Answer.text, Response.language, Response.submitted_at)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.training_id == training.id,
            Answer.question_id.in_(list(questions)),
            Answer.text.is_not(None),
        )
        .order_by(Response.submitted_at.desc(), Answer.id.desc())
    )
    return [
        Comment(
            question_code=questions[qid].code,
            role=questions[qid].role,
            text=text,
            language=language,
            submitted_at=as_utc(when),
        )
        for qid, text, language, when in rows
    ]


def as_json(figures: TrainingFigures, lang: str = "fr") -> dict[str, Any]:
    """The figures as JSON-ready data: the public shape documented in the README."""

    def prop(p: Proportion | None) -> dict[str, Any] | None:
        if p is None:
            return None
        return {
            "k": p.k,
            "n": p.n,
            "share": _round(p.share),
            "ci95": [_round(p.ci.low), _round(p.ci.high)] if p.ci else None,
        }

    def numeric(s: NumericSummary | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "n": s.n,
            "mean": _round(s.mean),
            "sd": _round(s.sd),
            "ci95": [_round(s.ci.low), _round(s.ci.high)] if s.ci else None,
        }

    def dist(d: Distribution | None, q: Question) -> dict[str, Any] | None:
        if d is None:
            return None
        return {
            "n": d.n,
            "no_answer": d.no_answer,
            "options": [
                {
                    "code": str(option),
                    "label": q.choice_label(str(option), lang),
                    "count": count,
                    "percent": _round(percent, 1),
                }
                for option, count, percent in d.rows
            ],
        }

    questions = []
    for r in figures.questions:
        q = r.question
        item: dict[str, Any] = {
            "code": q.code,
            "type": q.type,
            "role": q.role,
            "label": q.label(lang),
            "answered": r.answered,
            "no_answer": r.no_answer,
        }
        if r.likert is not None:
            item["distribution"] = dist(r.likert.distribution, q)
            item["mean"] = numeric(r.likert.summary)
            item["top2"] = prop(r.likert.top2)
        if r.distribution is not None and r.likert is None:
            item["distribution"] = dist(r.distribution, q)
        if r.numeric is not None:
            item["mean"] = numeric(r.numeric)
        if r.nps is not None:
            item["nps"] = _nps(r.nps)
        questions.append(item)

    k = figures.knowledge
    return {
        "training_id": figures.training_id,
        "responses": figures.responses,
        "expected": figures.expected,
        "last_response_at": figures.last_response_at.isoformat()
        if figures.last_response_at
        else None,
        "response_rate": prop(figures.response_rate),
        "satisfied": prop(figures.satisfied),
        "ready_to_adopt": prop(figures.ready_to_adopt),
        "recommend": _nps(figures.recommend) if figures.recommend else None,
        "knowledge": {
            "n": k.n,
            "mean_before": _round(k.mean_before),
            "mean_after": _round(k.mean_after),
            "shift": numeric(k.shift),
            "gain": prop(k.gain),
        }
        if k
        else None,
        "questions": questions,
        "comments": len(figures.comments),
    }


def _nps(value: NPS) -> dict[str, Any]:
    return {
        "n": value.n,
        "promoters": value.promoters,
        "passives": value.passives,
        "detractors": value.detractors,
        "score": _round(value.score, 1),
        "ci95": [_round(value.ci.low, 1), _round(value.ci.high, 1)] if value.ci else None,
    }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
