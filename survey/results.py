"""A training's figures: counts in (from the responses' profiles, see counting.py, and a
few SQL queries), analysis summaries out.

This is the one place where answers are counted. The dashboard, the JSON figures, the
CLI and the PDF report all read a ``TrainingFigures`` built here, so a number on screen
and the same number in a report come from one function.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import String, event, func, select
from sqlalchemy.orm import Session

from .analysis.disclosure import DEFAULT_MIN_SIZE, PUBLISHED_REASON, suppress
from .analysis.proportions import Proportion, proportion, response_rate
from .analysis.reliability import Reliability, cronbach_alpha_from_moments
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
from .counting import Pick, count_profiles, picker, role_positions, typed
from .gcpause import collector_paused
from .models import (
    Answer,
    DataEpoch,
    Layout,
    Project,
    Question,
    QuestionRole,
    QuestionType,
    Response,
    Training,
)
from .models.base import as_utc, zone_named
from .models.profile import ANSWERED, ANSWERED_TYPES, VALUE_TYPES

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
    # Added later; defaults keep older callers working.
    filters: Filters = field(default_factory=lambda: NO_FILTERS)
    reliability: Reliability | None = None
    # The number of comments; set when ``comments`` holds only the newest few.
    comment_count: int | None = None

    def by_role(self, role: QuestionRole) -> QuestionResult | None:
        return next((r for r in self.questions if r.question.role == role), None)


@dataclass(frozen=True)
class Filters:
    """Which responses to count: demographic answers (choice codes) and a date range."""

    country: str | None = None
    organisation_type: str | None = None
    sex: str | None = None
    since: date | None = None
    until: date | None = None
    # The days above are the training's days: they start at midnight in its time zone.
    zone: str = "UTC"

    @property
    def active(self) -> bool:
        return any(getattr(self, name) is not None for name in FILTER_FIELDS)

    def key(self) -> tuple[Any, ...]:
        """Return a hashable key for caches."""
        return (*(getattr(self, name) for name in FILTER_FIELDS), self.zone)

    def as_args(self) -> dict[str, str]:
        """Return the filters as URL query arguments (only those set)."""
        out = {}
        for name in FILTER_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, date) else value
        return out


FILTER_FIELDS = ("country", "organisation_type", "sex", "since", "until")
NO_FILTERS = Filters()


def response_conditions(training_ids: Sequence[int], filters: Filters | None = None) -> list:
    """Return the WHERE clauses on Response for these trainings and filters."""
    ids = list(training_ids)
    conditions = [
        Response.training_id == ids[0] if len(ids) == 1 else Response.training_id.in_(ids)
    ]
    filters = filters or NO_FILTERS
    for role in QuestionRole.demographics():
        value = getattr(filters, role.value)
        if value is not None:
            conditions.append(
                Response.id.in_(
                    select(Answer.response_id)
                    .join(Question, Question.id == Answer.question_id)
                    .where(Question.role == role.value, Answer.choice == value)
                )
            )
    if filters.since is not None:
        conditions.append(Response.submitted_at >= _day_start(filters.since, filters.zone))
    if filters.until is not None and filters.until < date.max:  # the last day has no next
        next_day = filters.until + timedelta(days=1)
        conditions.append(Response.submitted_at < _day_start(next_day, filters.zone))
    return conditions


def _day_start(day: date, zone: str) -> datetime:
    """Midnight of ``day`` in ``zone``, in UTC (SQLite compares the stored UTC text)."""
    try:
        return datetime.combine(day, time(), tzinfo=zone_named(zone)).astimezone(UTC)
    except OverflowError:  # the first or last days of year 1 or 9999, east or west of UTC
        return (datetime.min if day.year == 1 else datetime.max).replace(tzinfo=UTC)


class DataVersion(NamedTuple):
    """The version of the data behind some trainings' figures; it changes whenever they do.

    A new response changes ``responses`` and ``last_id`` in the transaction that stores
    it; every other write that changes what is shown (retention, text-only too, which
    deletes; imports) raises the trainings' ``revision`` in the transaction of that write;
    a restore brings a new random ``epoch``, since it can bring back any earlier counts.
    """

    responses: int
    last_id: int
    revision: int
    epoch: str

    @property
    def tag(self) -> str:
        """The version as short text, for a page to compare with a later one."""
        return f"{self.responses}-{self.last_id}-{self.revision}-{self.epoch[:8]}"


def data_version(session: Session, training_ids: Sequence[int]) -> DataVersion:
    """Return the trainings' data version, in one query (an index range scan and two
    primary-key reads)."""
    memo = session.info.get(_VERSIONS)
    key = tuple(training_ids)
    if memo is not None and key in memo:
        return memo[key]
    ids = list(training_ids)
    revision = (
        select(func.coalesce(func.sum(Training.data_revision), 0))
        .where(Training.id == ids[0] if len(ids) == 1 else Training.id.in_(ids))
        .scalar_subquery()
    )
    epoch = select(DataEpoch.epoch).limit(1).scalar_subquery()
    count, last, revised, current = session.execute(
        select(func.count(Response.id), func.max(Response.id), revision, epoch).where(
            *response_conditions(ids)
        )
    ).one()
    version = DataVersion(int(count), int(last or 0), int(revised or 0), current or "")
    if memo is not None:
        memo[key] = version
    return version


_VERSIONS = "survey_data_versions"


@contextmanager
def one_version(session: Session):
    """Within this block, read each data version once (a page asks several times).

    Outside it every call reads the database: a long-lived session must see new
    responses. Anything written in the block makes the versions be read again.
    """
    session.info[_VERSIONS] = {}
    try:
        yield
    finally:
        session.info.pop(_VERSIONS, None)


@event.listens_for(Session, "after_flush")
def _forget_versions(session: Session, *_args) -> None:
    if _VERSIONS in session.info:
        session.info[_VERSIONS] = {}


@dataclass(frozen=True)
class _Tally:
    """Additive counts behind a training's figures: tallies of disjoint responses add up."""

    responses: int
    last: datetime | None
    values: Counter  # (question id, likert, rating, choice, number) -> answers
    per_person: Counter  # question id -> respondents (multiple choice and text questions)
    pivot: dict[str, Counter]  # set name -> (training id, answers by its roles) -> people

    def __add__(self, other: _Tally) -> _Tally:
        lasts = [t for t in (self.last, other.last) if t is not None]
        return _Tally(
            self.responses + other.responses,
            max(lasts) if lasts else None,
            self.values + other.values,
            self.per_person + other.per_person,
            {name: self.pivot[name] + other.pivot[name] for name in self.pivot},
        )


def _tally(
    session: Session, training: Training, filters: Filters | None, after_id: int = 0
) -> _Tally:
    with collector_paused():
        return _count_tally(session, training, filters, after_id)


def _count_tally(
    session: Session, training: Training, filters: Filters | None, after_id: int
) -> _Tally:
    """Count the training's answers (only responses with id > after_id).

    Everything comes from the responses' profiles (see models/profile.py), except the
    ticks of each multiple-choice option, which come from the answers table.
    """
    conditions = _conditions([training.id], filters, after_id)
    last = session.scalar(select(func.max(Response.submitted_at)).where(*conditions))
    questions = training.questionnaire.questions
    role_ids: dict[str, list[int]] = defaultdict(list)
    for q in questions:
        if q.role:
            role_ids[str(q.role)].append(q.id)
    positions: dict[str, list[int | None]] = {}  # pivot name -> layout positions of its roles
    singles: list[int] = []  # layout positions in no pivot

    def picks_for(layout: Layout) -> list[Pick]:
        for name, roles in PIVOT_SETS.items():
            positions[name] = role_positions(layout, roles, role_ids)
        in_pivots = {p for at in positions.values() for p in at}
        singles.extend(j for j in range(len(layout.types)) if j not in in_pivots)
        return [picker(at) for at in positions.values()] + [itemgetter(j + 1) for j in singles]

    counted = count_profiles(session, [training.id], picks_for, conditions)[training.id]
    layout = counted.layout
    picked = dict(zip(positions, counted.counts, strict=False))  # pivot name -> counts
    single_counts = dict(zip(singles, counted.counts[len(positions) :], strict=True))
    values: Counter = Counter()
    # Several rows per person for multiple-choice and text questions: people who answered.
    per_person: Counter = Counter()
    for j, (qid, qtype) in enumerate(zip(layout.question_ids, layout.types, strict=True)):
        # A question in a pivot is summed from its few thousand combinations.
        answers: Counter = single_counts.get(j) or Counter()
        name = next((name for name, at in positions.items() if j in at), None)
        if name is not None:
            k = positions[name].index(j)
            for key, n in picked[name].items():
                answers[key[k]] += n
        if qtype in ANSWERED_TYPES:
            per_person[qid] = answers.get(ANSWERED, 0)
            continue
        for text, count in answers.items():
            if text:
                values[_value_key(qid, qtype, layout.value(j, text))] = count
    multiple_ids = [q.id for q in questions if q.type == QuestionType.MULTIPLE]
    if multiple_ids:
        for question_id, choice, count in session.execute(
            select(Answer.question_id, Answer.choice, func.count())
            .join(Response, Response.id == Answer.response_id)
            .where(*conditions, Answer.question_id.in_(multiple_ids))
            .group_by(Answer.question_id, Answer.choice)
        ):
            values[(question_id, None, None, choice, None)] = count
    pivot = {
        name: typed(training.id, layout, positions[name], counts) for name, counts in picked.items()
    }
    n_responses = counted.people
    return _Tally(n_responses, as_utc(last) if last else None, values, per_person, pivot)


def _value_key(question_id: int, question_type: str, value: Any) -> tuple:
    """The key of ``_Tally.values``: (question id, likert, rating, choice, number)."""
    if question_type == QuestionType.LIKERT:
        return (question_id, value, None, None, None)
    if question_type == QuestionType.RATING:
        return (question_id, None, value, None, None)
    if question_type == QuestionType.NUMBER:
        return (question_id, None, None, None, value)
    return (question_id, None, None, value, None)


def _count_pivot(
    session: Session,
    training_ids: Sequence[int],
    roles: Sequence[str],
    qids: dict[str, list[int]],
    filters: Filters | None = None,
    after_id: int = 0,
) -> Counter:
    """Count people per (training id, their answers to the questions with ``roles``)."""
    counted = count_profiles(
        session,
        training_ids,
        lambda layout: [picker(role_positions(layout, roles, qids))],
        _conditions(training_ids, filters, after_id),
    )
    out: Counter = Counter()
    for tid, c in counted.items():
        out.update(typed(tid, c.layout, role_positions(c.layout, roles, qids), c.counts[0]))
    return out


def _conditions(training_ids: Sequence[int], filters: Filters | None, after_id: int) -> list:
    conditions = response_conditions(list(training_ids), filters)
    if after_id:
        conditions.append(Response.id > after_id)
    return conditions


def _current_tally(
    session: Session,
    training: Training,
    filters: Filters | None,
    store: MutableMapping[Any, Any] | None,
) -> _Tally:
    """Return the training's tally, updated from ``store`` with new responses only.

    Responses are added and deleted, never edited. When the stored tally's version
    (responses, highest id) plus the responses added since make the current count, only
    those are counted; after any other change (a new revision or epoch: a deletion,
    retention, a restore) everything is counted again.
    """
    filters = filters or NO_FILTERS
    version = data_version(session, [training.id])
    tally = None
    key = ("tally", training.id, filters.key())
    if store is not None:
        stored = store.get(key)
        if stored is not None:
            (count, last_id, *changes), old = stored
            if stored[0] == version:
                tally = old
            elif changes == [version.revision, version.epoch] and last_id <= version.last_id:
                added = session.scalar(
                    select(func.count(Response.id)).where(
                        Response.training_id == training.id, Response.id > last_id
                    )
                )
                if count + (added or 0) == version.responses:
                    tally = old + _tally(session, training, filters, after_id=last_id)
    if tally is None:
        tally = _tally(session, training, filters)
    if store is not None:
        store[key] = (version, tally)
    # The breakdowns of the same request read the pivots from here instead of counting.
    memo = session.info.setdefault("survey_pivots", {})
    for name, roles in PIVOT_SETS.items():
        meta = _pivot_meta(session, [training.id], roles)
        memo[(name, (training.id,), filters.key(), version)] = _Pivot(
            roles,
            meta[2],
            meta[1],
            [(tid, values, n) for (tid, values), n in tally.pivot[name].items() if n],
        )
    return tally


def training_figures(
    session: Session,
    training: Training,
    filters: Filters | None = None,
    comment_limit: int | None = None,
    store: MutableMapping[Any, Any] | None = None,
) -> TrainingFigures:
    """Count the training's answers in SQL and summarise them; filters narrow the responses.

    ``comment_limit`` keeps only the newest comments (``comment_count`` says how many
    there are); by default all of them are read. ``store`` (a mapping kept between
    requests) lets the counts be updated with only the responses added since, instead of
    counted again from scratch.
    """
    questions = training.questionnaire.questions
    tally = _current_tally(session, training, filters, store)
    n_responses, last = tally.responses, tally.last
    counts: dict[str, dict[int, dict[Any, int]]] = {
        name: defaultdict(dict) for name in ("likert", "rating", "choice", "number")
    }
    answered: dict[int, int] = defaultdict(int)
    for (question_id, likert, rating, choice, number), count in tally.values.items():
        for name, value in (
            ("likert", likert),
            ("rating", rating),
            ("choice", choice),
            ("number", number),
        ):
            if value is not None:
                counts[name][question_id][value] = count
        answered[question_id] += count
    answered.update(tally.per_person)
    likert, rating, choice, number = (
        counts["likert"],
        counts["rating"],
        counts["choice"],
        counts["number"],
    )

    results = []
    for q in questions:
        got = answered.get(q.id, 0)
        missing = n_responses - got
        kwargs: dict[str, Any] = {}
        if q.type == QuestionType.LIKERT:
            kwargs["likert"] = likert_summary(likert.get(q.id, {}), no_answer=missing)
        elif q.type == QuestionType.RATING:
            value_counts = rating.get(q.id, {})
            kwargs["distribution"] = distribution(value_counts, range(11), missing)
            if q.role == QuestionRole.RECOMMEND:
                kwargs["nps"] = nps(value_counts)
            kwargs["numeric"] = numeric_summary(value_counts)
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
        # A filtered subset has no expected count of its own: no response rate then.
        response_rate=None
        if filters is not None and filters.active
        else response_rate(n_responses, training.expected_participants),
        satisfied=None,
        ready_to_adopt=None,
        recommend=None,
        knowledge=None,
        questions=results,
        comments=_comments(session, training, filters, limit=comment_limit),
        filters=filters or NO_FILTERS,
        # A person writes at most one answer per text question, so the comments are the
        # people who answered the comment questions (counted with the tally already).
        comment_count=None
        if comment_limit is None
        else sum(answered.get(qid, 0) for qid in _comment_questions(training)),
    )
    return _with_headlines(session, training, figures)


def _with_headlines(session: Session, training: Training, figures: TrainingFigures):
    def top2(role: QuestionRole) -> Proportion | None:
        result = figures.by_role(role)
        return result.likert.top2 if result and result.likert else None

    recommend = figures.by_role(QuestionRole.RECOMMEND)
    knowledge, reliability = _knowledge_and_reliability(session, [training.id], figures.filters)
    return replace(
        figures,
        satisfied=top2(QuestionRole.SATISFACTION),
        ready_to_adopt=top2(QuestionRole.INTENT_TO_ADOPT),
        recommend=recommend.nps if recommend else None,
        knowledge=knowledge,
        reliability=reliability,
    )


# The items that together measure satisfaction with the training (Cronbach's alpha).
SATISFACTION_ROLES = (
    QuestionRole.SATISFACTION,
    QuestionRole.RELEVANCE,
    QuestionRole.TRAINER_QUALITY,
    QuestionRole.PRACTICAL,
    QuestionRole.ORGANISATION,
)


def _knowledge_and_reliability(
    session: Session, training_ids: Sequence[int], filters: Filters | None = None
) -> tuple[KnowledgeShift | None, Reliability | None]:
    """The paired before/after knowledge ratings and Cronbach's alpha, from one pivot."""
    roles = [str(QuestionRole.KNOWLEDGE_BEFORE), str(QuestionRole.KNOWLEDGE_AFTER)] + [
        str(r) for r in SATISFACTION_ROLES
    ]
    pivot = _pivot(session, training_ids, roles, filters)
    knowledge = None
    if {roles[0], roles[1]} <= pivot.types.keys():
        pairs: dict[tuple[Any, Any], int] = defaultdict(int)
        for _tid, values, count in pivot.rows:
            if values[0] is not None and values[1] is not None:
                pairs[(values[0], values[1])] += count
        knowledge = knowledge_shift(pairs)
    items = [
        i for i, role in enumerate(roles) if i >= 2 and pivot.types.get(role) == QuestionType.LIKERT
    ]
    reliability = None
    if len(items) >= 2:
        n = 0
        sums = [0] * len(items)
        squares = [0] * len(items)
        total_sum = total_sq = 0
        for _tid, values, count in pivot.rows:
            answers = [values[i] for i in items]
            if any(v is None for v in answers):
                continue
            n += count
            for j, v in enumerate(answers):
                sums[j] += count * v
                squares[j] += count * v * v
            total = sum(answers)
            total_sum += count * total
            total_sq += count * total * total
        reliability = cronbach_alpha_from_moments(n, sums, squares, total_sum, total_sq)
    return knowledge, reliability


def _knowledge(
    session: Session, training_ids: Sequence[int], filters: Filters | None = None
) -> KnowledgeShift | None:
    return _knowledge_and_reliability(session, training_ids, filters)[0]


def _comment_questions(training: Training) -> dict[int, Question]:
    return {q.id: q for q in training.questionnaire.questions if q.role in COMMENT_ROLES}


def count_comments(
    session: Session,
    training: Training,
    filters: Filters | None = None,
    question_code: str | None = None,
    language: str | None = None,
) -> int:
    """Return how many comments match (question code and language are optional)."""
    questions = _comment_questions(training)
    ids = [qid for qid, q in questions.items() if question_code in (None, q.code)]
    if not ids:
        return 0
    query = (
        select(func.count(Answer.id))
        .join(Response, Response.id == Answer.response_id)
        .where(
            *response_conditions([training.id], filters),
            Answer.question_id.in_(ids),
            Answer.text.is_not(None),
        )
    )
    if language is not None:
        query = query.where(Response.language == language)
    return session.scalar(query) or 0


def _comments(
    session: Session,
    training: Training,
    filters: Filters | None = None,
    question_code: str | None = None,
    language: str | None = None,
    limit: int | None = None,
) -> list[Comment]:
    """Return the comments, newest first; optionally one question's, one language's, a few."""
    questions = {
        qid: q for qid, q in _comment_questions(training).items() if question_code in (None, q.code)
    }
    if not questions:
        return []
    query = (
        select(Answer.question_id, Answer.text, Response.language, Response.submitted_at)
        .join(Response, Response.id == Answer.response_id)
        .where(
            *response_conditions([training.id], filters),
            # "+ 0" keeps the planner off the index on question_id: read the training's
            # newest responses first and stop at the limit, instead of every answer to
            # these questions in every training, sorted (3 ms rather than 70 at 100,000).
            (Answer.question_id + 0).in_(list(questions)),
            Answer.text.is_not(None),
        )
        .order_by(Response.submitted_at.desc(), Answer.id.desc())
    )
    if language is not None:
        query = query.where(Response.language == language)
    if limit is not None:
        query = query.limit(limit)
    return [
        Comment(
            question_code=questions[qid].code,
            role=questions[qid].role,
            text=text,
            language=lang,
            submitted_at=as_utc(when),
        )
        for qid, text, lang, when in session.execute(query)
    ]


def comments(
    session: Session,
    training: Training,
    filters: Filters | None = None,
    question_code: str | None = None,
    language: str | None = None,
    limit: int = 200,
    total: int | None = None,
) -> tuple[list[Comment], int]:
    """Return the newest ``limit`` matching comments and how many match in all.

    ``total`` is that number when the caller already knows it (from the figures).
    """
    found = _comments(session, training, filters, question_code, language, limit)
    if total is None:
        total = (
            len(found)
            if len(found) < limit
            else count_comments(session, training, filters, question_code, language)
        )
    return found, total


BREAKDOWN_BY = ("country", "organisation_type", "sex", "training")
NOT_STATED = ""
# Groups of people who did not say (no answer, "prefer not to say"): see suppress().
UNATTRIBUTED = frozenset({NOT_STATED, "NA"})


@dataclass(frozen=True)
class BreakdownGroup:
    """One group of a breakdown: its outcome share, or nothing at all when suppressed."""

    key: str  # the demographic answer's code, the training id, or "" for not stated
    labels: dict[str, str]  # {"fr": ..., "en": ..., "ar": ...}; empty for not stated
    n: int | None
    outcome: Proportion | None
    suppressed: bool
    reason: str | None  # "fewer than 5" or "complementary"

    def label(self, lang: str) -> str:
        for key in (lang, "fr", "en"):
            if self.labels.get(key):
                return self.labels[key]
        return next(iter(self.labels.values()), self.key)


@dataclass(frozen=True)
class BreakdownTable:
    """The outcome (top-2-box share) per group, with small groups suppressed."""

    by: str  # country | organisation_type | sex | training
    outcome_role: str
    groups: tuple[BreakdownGroup, ...]
    total: Proportion
    min_size: int

    @property
    def any_suppressed(self) -> bool:
        return any(g.suppressed for g in self.groups)


def _is_positive(question_type: str, value: Any) -> bool:
    """Top-2-box of a 1-5 Likert answer, a promoter's 9-10 of 10, or "yes"."""
    if question_type == QuestionType.LIKERT:
        return value >= 4
    if question_type == QuestionType.RATING:
        return value >= 9
    return value == "yes"


@dataclass(frozen=True)
class _Pivot:
    """One row per combination of answers to a few questions, with how many gave it."""

    roles: tuple[str, ...]
    types: dict[str, str]  # role -> question type (roles without a question are absent)
    question_ids: dict[str, list[int]]
    rows: list[tuple[int, tuple[Any, ...], int]]  # (training id, values by role, count)


# Two small pivots rather than one wide one: each answer row is tested against each
# column, so the cost grows with (answers read) x (columns).
PIVOT_SETS: dict[str, tuple[str, ...]] = {
    # breakdowns: who answered what
    "groups": tuple(
        str(r)
        for r in (
            *QuestionRole.demographics(),
            QuestionRole.SATISFACTION,
            QuestionRole.INTENT_TO_ADOPT,
            QuestionRole.RECOMMEND,
        )
    ),
    # knowledge before/after and Cronbach's alpha of the satisfaction items
    "scales": tuple(
        str(r)
        for r in (
            QuestionRole.KNOWLEDGE_BEFORE,
            QuestionRole.KNOWLEDGE_AFTER,
            QuestionRole.SATISFACTION,
            QuestionRole.RELEVANCE,
            QuestionRole.TRAINER_QUALITY,
            QuestionRole.PRACTICAL,
            QuestionRole.ORGANISATION,
        )
    ),
}


def _pivot(
    session: Session,
    training_ids: Sequence[int],
    roles: Sequence[str],
    filters: Filters | None = None,
) -> _Pivot:
    """Return the pivot over ``roles``, computed once per session and data version.

    The dashboard's figures, knowledge shift, alpha and breakdowns all read one pivot over
    the usual roles; the memo lives in ``session.info``, so it ends with the request.
    """
    wanted = [str(r) for r in roles]
    name = next((n for n, rs in PIVOT_SETS.items() if set(wanted) <= set(rs)), None)
    if name is not None:
        key = (
            name,
            tuple(training_ids),
            (filters or NO_FILTERS).key(),
            data_version(session, training_ids),
        )
        memo = session.info.setdefault("survey_pivots", {})
        if key not in memo:
            if len(memo) > 64:
                memo.clear()
            pooled = None
            if len(training_ids) > 1:
                # A project's pivot is its trainings' pivots side by side (rows carry their
                # training): the project page counts each training's profiles once for
                # the training's own figures and reuses them for the pooled ones.
                parts = [_pivot(session, [tid], PIVOT_SETS[name], filters) for tid in training_ids]
                pooled = _side_by_side(PIVOT_SETS[name], parts)
            memo[key] = pooled or _make_pivot(session, training_ids, PIVOT_SETS[name], filters)
        full = memo[key]
        at = [full.roles.index(r) for r in wanted]
        return _Pivot(
            tuple(wanted),
            {r: t for r, t in full.types.items() if r in wanted},
            {r: q for r, q in full.question_ids.items() if r in wanted},
            [(tid, tuple(values[i] for i in at), count) for tid, values, count in full.rows],
        )
    return _make_pivot(session, training_ids, wanted, filters)


def _side_by_side(roles: Sequence[str], parts: Sequence[_Pivot]) -> _Pivot | None:
    """One pivot of several trainings' pivots over the same roles, or None when their
    questionnaires differ in which roles they have (a training without any of them has
    no rows of its own, where the pooled count would list its respondents)."""
    if len({frozenset(part.types) for part in parts}) > 1:
        return None
    types: dict[str, str] = {}
    question_ids: dict[str, list[int]] = defaultdict(list)
    rows: list[tuple[int, tuple[Any, ...], int]] = []
    for part in parts:
        for role, qtype in part.types.items():
            types.setdefault(role, qtype)
        for role, qids in part.question_ids.items():
            question_ids[role] += [q for q in qids if q not in question_ids[role]]
        rows += part.rows
    return _Pivot(tuple(str(r) for r in roles), types, dict(question_ids), rows)


def _pivot_meta(
    session: Session, training_ids: Sequence[int], roles: Sequence[str]
) -> tuple[list[str], dict[str, list[int]], dict[str, str]]:
    """Return the roles that have questions, their question ids and their types."""
    question_rows = session.execute(
        select(Question.role, Question.id, Question.type)
        .join(Training, Training.questionnaire_id == Question.questionnaire_id)
        .where(
            Training.id.in_(list(training_ids)),
            Question.role.in_([str(r) for r in roles]),
            Question.type.in_(list(VALUE_TYPES)),
        )
        .distinct()
    ).all()
    qids: dict[str, list[int]] = defaultdict(list)
    types: dict[str, str] = {}
    for role, qid, qtype in question_rows:
        qids[role].append(qid)
        types.setdefault(role, qtype)
    present = [str(r) for r in roles if str(r) in qids]
    return present, dict(qids), types


def _pivot_rows(
    session: Session,
    training_ids: Sequence[int],
    meta: tuple[list[str], dict[str, list[int]], dict[str, str]],
    filters: Filters | None = None,
    after_id: int = 0,
    roles: Sequence[str] = (),
) -> Counter:
    """Count respondents per (training id, answers by ``roles``) combination."""
    present, qids, _types = meta
    if not present:
        return Counter()
    with collector_paused():
        return _count_pivot(session, training_ids, roles, qids, filters, after_id)


def _make_pivot(
    session: Session,
    training_ids: Sequence[int],
    roles: Sequence[str],
    filters: Filters | None = None,
) -> _Pivot:
    meta = _pivot_meta(session, training_ids, roles)
    rows = _pivot_rows(session, training_ids, meta, filters, roles=roles)
    return _Pivot(
        tuple(str(r) for r in roles),
        meta[2],
        meta[1],
        [(tid, values, count) for (tid, values), count in rows.items()],
    )


def _table(
    pivot: _Pivot,
    by_role: str,
    outcome_role: str,
    labels: dict[str, dict[str, str]],
    min_size: int,
    hidden_in_parts: Collection[str] = (),
) -> BreakdownTable | None:
    """Build one breakdown table from the pivot's counts.

    ``hidden_in_parts``: groups hidden in a training's own table, for a pooled table.
    """
    if outcome_role not in pivot.types:
        return None
    outcome_at = pivot.roles.index(outcome_role)
    by_at = pivot.roles.index(by_role) if by_role != "training" else None
    qtype = pivot.types[outcome_role]
    counted: dict[str, list[int]] = {}
    for training_id, values, count in pivot.rows:
        value = values[outcome_at]
        if value is None:
            continue
        if by_at is None:
            key = str(training_id)
        else:
            key = NOT_STATED if values[by_at] is None else str(values[by_at])
        cell = counted.setdefault(key, [0, 0])
        cell[0] += count
        if _is_positive(qtype, value):
            cell[1] += count
    order = {code: i for i, code in enumerate(labels)}
    keys = sorted(counted, key=lambda c: (c == NOT_STATED, order.get(c, len(order)), c))
    cells = suppress(
        {key: counted[key][0] for key in keys}, min_size, UNATTRIBUTED, hidden_in_parts
    )
    groups = []
    for cell in cells:
        n, k = counted[cell.key]
        groups.append(
            BreakdownGroup(
                key=cell.key,
                labels=labels.get(cell.key, {}),
                n=None if cell.suppressed else n,
                outcome=None if cell.suppressed else proportion(k, n),
                suppressed=cell.suppressed,
                reason=cell.reason,
            )
        )
    return BreakdownTable(
        by=by_role,
        outcome_role=outcome_role,
        groups=tuple(groups),
        total=proportion(sum(k for _, k in counted.values()), sum(n for n, _ in counted.values())),
        min_size=min_size,
    )


def _group_labels(
    session: Session, training_ids: Sequence[int], pivot: _Pivot, by_role: str
) -> dict[str, dict[str, str]]:
    if by_role == "training":
        rows = session.execute(
            select(Training.id, Training.title, Training.title_translations)
            .where(Training.id.in_(list(training_ids)))
            .order_by(Training.start_date, Training.id)
        )
        # The main title stands for every language without a title of its own.
        return {
            str(tid): {lang: (titles or {}).get(lang) or title for lang in ("fr", "en", "ar")}
            for tid, title, titles in rows
        }
    labels: dict[str, dict[str, str]] = {}
    ids = pivot.question_ids.get(by_role, [])
    for question in session.scalars(select(Question).where(Question.id.in_(ids))):
        for c in question.choices:
            labels.setdefault(c["code"], c["labels"])
    return labels


def breakdown(
    session: Session,
    training_ids: Sequence[int],
    by_role: str,
    outcome_role: str,
    min_size: int | None = None,
    filters: Filters | None = None,
) -> BreakdownTable | None:
    """Return the outcome's positive share per group of ``by_role``, small groups hidden.

    The outcome is the top-2-box (4-5) of a Likert question, the share of promoters (9-10)
    of a 0-10 rating, or the share of "yes". ``by_role`` is a demographic role (country,
    organisation_type, sex) or "training". Respondents who did not answer the demographic
    question form a "not stated" group, so the groups add up to the published total and
    suppression (small cells, then one complementary cell) protects every group. Over
    several trainings, a group hidden in any one training's table is hidden too.
    Returns None when no question of these trainings has the outcome role.
    """
    return (
        breakdowns(session, training_ids, (by_role,), min_size, filters, (outcome_role,))
        .get(str(by_role), {})
        .get(str(outcome_role))
    )


def _min_size(min_size: int | None) -> int:
    if min_size is not None:
        return min_size
    from flask import current_app, has_app_context

    if has_app_context():
        return int(current_app.config.get("MIN_CELL_SIZE", DEFAULT_MIN_SIZE))
    return DEFAULT_MIN_SIZE


@dataclass(frozen=True)
class ProjectFigures:
    """A project's trainings side by side and its figures pooled over all their responses."""

    project_id: int
    trainings: list[TrainingFigures]
    responses: int
    expected: int | None  # expected participants of the trainings that set a number
    response_rate: Proportion | None
    satisfied: Proportion | None
    ready_to_adopt: Proportion | None
    recommend: NPS | None
    knowledge: KnowledgeShift | None
    first_response_at: datetime | None
    last_response_at: datetime | None


def project_figures(
    session: Session,
    project: Project,
    trainings: Sequence[Training] | None = None,
    filters: Filters | None = None,
) -> ProjectFigures:
    """Return each training's figures and the project's figures pooled.

    Pooled shares are counted over all the responses of the project's trainings (sum of k
    over sum of n, from one count of their profiles), never averaged from rounded
    per-training numbers.
    ``trainings`` limits the project to those a user may see (default: all of them).
    """
    chosen = list(project.trainings if trainings is None else trainings)
    chosen = [t for t in chosen if t.project_id == project.id]
    # The project page and report show no training's comments: reading every one of
    # them took most of a cold project page at 100,000 responses.
    per_training = [training_figures(session, t, filters, comment_limit=0) for t in chosen]
    ids = [t.id for t in chosen]
    if not ids:
        return ProjectFigures(project.id, [], 0, None, None, None, None, None, None, None, None)
    conditions = response_conditions(ids, filters)
    n_responses, first, last = session.execute(
        select(
            func.count(Response.id),
            func.min(Response.submitted_at),
            func.max(Response.submitted_at),
        ).where(*conditions)
    ).one()
    rate = None
    with_expected = [t for t in chosen if t.expected_participants]
    if with_expected and not (filters and filters.active):
        answered = session.scalar(
            select(func.count(Response.id)).where(
                *response_conditions([t.id for t in with_expected])
            )
        )
        rate = response_rate(
            answered or 0, sum(t.expected_participants or 0 for t in with_expected)
        )

    def role_counts(role: QuestionRole) -> dict[Any, int] | None:
        """People per answer to the role's question, over all the chosen trainings."""
        pivot = _pivot(session, ids, [str(role)], filters)
        if str(role) not in pivot.types:
            return None
        counts: Counter = Counter()
        for _tid, (value,), n in pivot.rows:
            if value is not None:
                counts[value] += n
        return dict(counts)

    satisfied = role_counts(QuestionRole.SATISFACTION)
    adopt = role_counts(QuestionRole.INTENT_TO_ADOPT)
    recommend = role_counts(QuestionRole.RECOMMEND)
    return ProjectFigures(
        project_id=project.id,
        trainings=per_training,
        responses=n_responses,
        expected=sum(t.expected_participants or 0 for t in with_expected) or None,
        response_rate=rate,
        satisfied=likert_summary(satisfied).top2 if satisfied is not None else None,
        ready_to_adopt=likert_summary(adopt).top2 if adopt is not None else None,
        recommend=nps(recommend) if recommend is not None else None,
        knowledge=_knowledge(session, ids, filters),
        first_response_at=as_utc(first) if first else None,
        last_response_at=as_utc(last) if last else None,
    )


def daily_responses(
    session: Session,
    training_ids: Sequence[int],
    filters: Filters | None = None,
    hourly: bool = False,
) -> list[tuple[datetime, int]]:
    """Return (day or hour, responses) for each day (or hour) with responses, in order.

    Days and hours are those of each training's time zone: a response at 23:30 UTC in
    Rabat in summer counts on the next day. Days come back as dates, hours as aware
    datetimes; a training that lasted a day or two reads better by the hour.
    """
    # Counted per training and UTC hour in the database, then moved to local time here:
    # the SQL stays the same on SQLite and PostgreSQL, and a zone may be half an hour off.
    if session.get_bind().dialect.name == "postgresql":
        hour = func.date_trunc("hour", Response.submitted_at)
    else:
        # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy's format): cutting the
        # text is twice as fast as strftime, which parses every date first.
        hour = func.substr(Response.submitted_at, 1, 13, type_=String) + ":00:00"
    rows = session.execute(
        select(Response.training_id, hour, func.count())
        .where(*response_conditions(training_ids, filters))
        .group_by(Response.training_id, hour)
    ).all()
    zones = dict(
        session.execute(
            select(Training.id, Training.timezone).where(Training.id.in_(training_ids))
        ).all()
    )
    counts: dict[date | datetime, int] = {}
    for training_id, when, n in rows:
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        local = as_utc(when).astimezone(zone_named(zones.get(training_id, "UTC")))
        key = local if hourly else local.date()
        counts[key] = counts.get(key, 0) + n
    return sorted(counts.items())


def response_span_days(session: Session, training_ids: Sequence[int]) -> int:
    """Return how many days lie between the first and the last response (0 if none)."""
    first, last = session.execute(
        select(func.min(Response.submitted_at), func.max(Response.submitted_at)).where(
            *response_conditions(training_ids)
        )
    ).one()
    if first is None:
        return 0
    return (as_utc(last) - as_utc(first)).days


def _proportion_json(p: Proportion | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "k": p.k,
        "n": p.n,
        "share": _round(p.share),
        "ci95": [_round(p.ci.low), _round(p.ci.high)] if p.ci else None,
    }


def as_json(figures: TrainingFigures, lang: str = "fr") -> dict[str, Any]:
    """The figures as JSON-ready data: the public shape documented in the README."""

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
            item["top2"] = _proportion_json(r.likert.top2)
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
        "response_rate": _proportion_json(figures.response_rate),
        "satisfied": _proportion_json(figures.satisfied),
        "ready_to_adopt": _proportion_json(figures.ready_to_adopt),
        "recommend": _nps(figures.recommend) if figures.recommend else None,
        "knowledge": {
            "n": k.n,
            "mean_before": _round(k.mean_before),
            "mean_after": _round(k.mean_after),
            "shift": numeric(k.shift),
            "gain": _proportion_json(k.gain),
        }
        if k
        else None,
        "questions": questions,
        "comments": figures.comment_count
        if figures.comment_count is not None
        else len(figures.comments),
        "reliability": {
            "items": figures.reliability.items,
            "n": figures.reliability.n,
            "cronbach_alpha": _round(figures.reliability.alpha),
        }
        if figures.reliability
        else None,
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


BREAKDOWN_OUTCOMES = (QuestionRole.SATISFACTION, QuestionRole.INTENT_TO_ADOPT)


def breakdowns(
    session: Session,
    training_ids: Sequence[int],
    by_roles: Sequence[str] = tuple(str(r) for r in QuestionRole.demographics()),
    min_size: int | None = None,
    filters: Filters | None = None,
    outcomes: Sequence[str] = tuple(str(r) for r in BREAKDOWN_OUTCOMES),
) -> dict[str, dict[str, BreakdownTable]]:
    """Return {by: {outcome role: BreakdownTable}}, all from one pass over the answers."""
    for by in by_roles:
        if str(by) not in BREAKDOWN_BY:
            raise ValueError(f"cannot break down by {by!r}")
    min_size = _min_size(min_size)
    groups = [str(by) for by in by_roles if str(by) != "training"]
    pivot = _pivot(session, training_ids, [*groups, *[str(o) for o in outcomes]], filters)
    hidden_in_parts = _hidden_in_trainings(
        session, training_ids, groups, min_size, filters, outcomes
    )
    out: dict[str, dict[str, BreakdownTable]] = {}
    for by in by_roles:
        labels = _group_labels(session, training_ids, pivot, str(by))
        tables = {}
        for outcome in outcomes:
            hidden = hidden_in_parts.get((str(by), str(outcome)), set())
            table = _table(pivot, str(by), str(outcome), labels, min_size, hidden)
            if table is not None:
                tables[str(outcome)] = table
        if tables:
            out[str(by)] = tables
    return out


def _hidden_in_trainings(
    session: Session,
    training_ids: Sequence[int],
    by_roles: Sequence[str],
    min_size: int,
    filters: Filters | None,
    outcomes: Sequence[str],
) -> dict[tuple[str, str], set[str]]:
    """Return {(by, outcome): groups hidden in any one training's own table}.

    A pooled table is the sum of its trainings' tables, which are published too (each
    training's dashboard, report and donor page): a group hidden in one of them is
    hidden in the pooled table as well (see suppress), else it is the pooled cell minus
    the other trainings' cells. Each training's table is built here by the very call
    that publishes it, so both always agree.
    """
    ids = list(dict.fromkeys(training_ids))
    if len(ids) < 2 or not by_roles:
        return {}
    # A report asks for one table at a time: every training's tables are made once,
    # for all the groups and outcomes (each table is the same whatever else is asked).
    everything = tuple(dict.fromkeys([*(str(r) for r in QuestionRole.demographics()), *by_roles]))
    outcomes = tuple(dict.fromkeys([*(str(o) for o in BREAKDOWN_OUTCOMES), *outcomes]))
    key = (tuple(ids), min_size, (filters or NO_FILTERS).key(), data_version(session, ids))
    memo = session.info.setdefault("survey_hidden_in_trainings", {})
    if (key, outcomes) not in memo:
        hidden: dict[tuple[str, str], set[str]] = defaultdict(set)
        for training_id in ids:
            tables = breakdowns(session, [training_id], everything, min_size, filters, outcomes)
            for by, per_outcome in tables.items():
                for outcome, table in per_outcome.items():
                    hidden[(by, outcome)].update(g.key for g in table.groups if g.suppressed)
        if len(memo) > 8:
            memo.clear()
        memo[(key, outcomes)] = hidden
    return memo[(key, outcomes)]


def breakdowns_json(
    tables: dict[str, dict[str, BreakdownTable]], lang: str = "fr"
) -> dict[str, Any]:
    """The breakdowns as JSON: a suppressed group has null numbers and says why."""

    return {
        by: {
            outcome: {
                "min_size": table.min_size,
                "total": _proportion_json(table.total),
                "groups": [
                    {
                        "key": g.key,
                        "label": g.label(lang) if g.key else None,
                        "n": g.n,
                        "outcome": _proportion_json(g.outcome),
                        "suppressed": g.suppressed,
                        "reason": PUBLISHED_REASON if g.suppressed else None,
                    }
                    for g in table.groups
                ],
            }
            for outcome, table in outcomes.items()
        }
        for by, outcomes in tables.items()
    }


SMALL_SET = "fewer than {min_size}"
SMALL_COMPLEMENT = "all but fewer than {min_size}"


def withheld(filters: Filters | None, matching: int, everyone: int, min_size: int) -> str | None:
    """Return why a filtered set's figures must not be shown, or None to show them.

    A filter that leaves fewer than ``min_size`` people shows their answers one by one
    (country = Cameroon: one person, all of their answers and their comment). A filter
    that leaves out fewer than ``min_size`` people does too, by difference with the
    unfiltered figures shown a click away. An empty set shows nothing anyway.
    """
    if filters is None or not filters.active:
        return None
    if 0 < matching < min_size:
        return SMALL_SET.format(min_size=min_size)
    if 0 < everyone - matching < min_size:
        return SMALL_COMPLEMENT.format(min_size=min_size)
    return None


def figures_json(
    session: Session,
    training: Training,
    lang: str = "fr",
    filters: Filters | None = None,
    min_size: int | None = None,
    store: MutableMapping[Any, Any] | None = None,
) -> dict[str, Any]:
    """The public JSON figures (README shape) plus the fields added since: filters, breakdowns.

    A filtered set too small to show (see ``withheld``) keeps the shape with every
    figure null and says why in ``withheld``.
    """
    filters = filters or NO_FILTERS
    figures = training_figures(session, training, filters, comment_limit=0, store=store)
    min_size = _min_size(min_size)
    why = withheld(filters, figures.responses, data_version(session, [training.id])[0], min_size)
    if why is not None:
        data = as_json(_no_figures(figures), lang)
        data.update(comments=None, filters=filters.as_args(), breakdowns={})
        data["withheld"] = {"reason": why, "min_size": min_size}
        return data
    data = as_json(figures, lang)
    data["filters"] = filters.as_args()
    data["breakdowns"] = breakdowns_json(
        breakdowns(session, [training.id], min_size=min_size, filters=filters), lang
    )
    return data


def _no_figures(figures: TrainingFigures) -> TrainingFigures:
    """The figures with every count taken out (for a set too small to show)."""
    return replace(
        figures,
        responses=None,  # type: ignore[arg-type]
        last_response_at=None,
        response_rate=None,
        satisfied=None,
        ready_to_adopt=None,
        recommend=None,
        knowledge=None,
        questions=[],
        comments=[],
        reliability=None,
        comment_count=None,
    )
