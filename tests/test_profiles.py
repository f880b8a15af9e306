"""A response's profile (its closed answers again, in one column) says what its answer
rows say, however the response was stored; figures counted from the profiles equal a
plain count of the answer rows."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import create_engine, select

from survey.db import migrate, upgrade
from survey.demo import seed_demo
from survey.models import (
    Answer,
    ProfileError,
    Question,
    QuestionRole,
    Response,
    Training,
    layout_of,
)
from survey.results import Filters, breakdown, training_figures

CLOSED = ("likert", "rating", "choice", "number")


def answers_by_response(session) -> dict[int, dict[int, object]]:
    """Each response's answers, read from the answers table: the value of a closed
    question, True for a multiple-choice or text question the person answered."""
    types = dict(session.execute(select(Question.id, Question.type)).all())
    out: dict[int, dict[int, object]] = defaultdict(dict)
    for answer in session.scalars(select(Answer)):
        if types[answer.question_id] in ("multiple", "short_text", "long_text"):
            out[answer.response_id][answer.question_id] = True
        else:
            out[answer.response_id][answer.question_id] = next(
                getattr(answer, c) for c in CLOSED if getattr(answer, c) is not None
            )
    return out


def assert_profiles_match_answers(session) -> int:
    answers = answers_by_response(session)
    checked = 0
    for response in session.scalars(select(Response)):
        questions = session.scalars(
            select(Question)
            .where(Question.questionnaire_id == response.questionnaire_id)
            .order_by(Question.position)
        ).all()
        layout = layout_of(questions)
        assert len(layout.question_ids) == len(questions)  # every question has its place
        stored = dict(zip(layout.question_ids, layout.decode(response.profile), strict=True))
        expected = {qid: answers[response.id].get(qid) for qid in layout.question_ids}
        assert stored == expected, response.id
        checked += 1
    return checked


def test_every_way_of_storing_a_response_fills_its_profile(db, make_training):
    seed_demo(db, responses=40)  # bulk Core inserts
    training = make_training()
    questions = {q.role: q for q in training.questionnaire.questions}
    db.add(  # the ORM, as the participant form stores it; some questions skipped
        Response(
            training_id=training.id,
            questionnaire_id=training.questionnaire_id,
            submission_id="orm-1",
            language="ar",
            answers=[
                Answer(question_id=questions[QuestionRole.SATISFACTION].id, likert=2),
                Answer(question_id=questions[QuestionRole.RECOMMEND].id, rating=0),
                Answer(question_id=questions[QuestionRole.COUNTRY].id, choice="GN"),
                Answer(question_id=questions[QuestionRole.COMMENT].id, text="مرحبا\tà tous"),
            ],
        )
    )
    db.commit()
    assert assert_profiles_match_answers(db) == 41


def test_the_migration_fills_the_profiles_of_earlier_responses(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        seed_demo(session, responses=30)
        session.commit()
        before = dict(session.execute(select(Response.id, Response.profile)).all())
    migrate(engine, "0002", down=True)  # back to before profiles, then forward again
    migrate(engine, "head")
    with Session(engine) as session:
        after = dict(session.execute(select(Response.id, Response.profile)).all())
        assert after == before and len(after) == 30
        assert_profiles_match_answers(session)
    engine.dispose()


def brute_force(session, training_id: int, country: str | None = None):
    """Satisfaction counts and satisfied-by-country, from the answer rows alone."""
    roles = {q.id: q.role for q in session.scalars(select(Question))}
    people: dict[int, dict[str, object]] = defaultdict(dict)
    for answer, tid in session.execute(
        select(Answer, Response.training_id).join(Response, Response.id == Answer.response_id)
    ):
        if tid == training_id and answer.text is None:
            value = next(getattr(answer, c) for c in CLOSED if getattr(answer, c) is not None)
            people[answer.response_id][roles[answer.question_id]] = value
    for rid in session.scalars(select(Response.id).where(Response.training_id == training_id)):
        people.setdefault(rid, {})
    chosen = [p for p in people.values() if country is None or p.get("country") == country]
    satisfaction = Counter(p["satisfaction"] for p in chosen if "satisfaction" in p)
    by_country: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in chosen:
        if "satisfaction" in p:
            by_country[p.get("country", "")][0] += p["satisfaction"] >= 4
            by_country[p.get("country", "")][1] += 1
    return len(chosen), satisfaction, by_country


@pytest.mark.parametrize("country", [None, "CM"])
def test_figures_from_profiles_equal_a_count_of_the_answer_rows(db, country):
    demo = seed_demo(db, responses=400)
    db.commit()
    training = db.get(Training, demo.training_ids[0])
    filters = Filters(country=country)
    n, satisfaction, by_country = brute_force(db, training.id, country)
    figures = training_figures(db, training, filters)
    assert figures.responses == n > (50 if country is None else 10)
    result = figures.by_role(QuestionRole.SATISFACTION)
    assert dict(zip(range(1, 6), result.likert.distribution.counts, strict=True)) == {
        v: satisfaction.get(v, 0) for v in range(1, 6)
    }
    table = breakdown(db, [training.id], "country", "satisfaction", min_size=1, filters=filters)
    shown = {g.key: (g.outcome.k, g.outcome.n) for g in table.groups if not g.suppressed}
    assert shown and all(tuple(by_country[key]) == kn for key, kn in shown.items())


def test_a_changed_form_is_refused_rather_than_misread(db, make_training):
    seed_demo(db, responses=10)
    db.commit()
    training = db.scalars(select(Training).order_by(Training.id)).first()
    question = next(q for q in training.questionnaire.questions if q.type == "likert")
    question.type = "number"  # a questionnaire must never change once answered
    db.commit()
    with pytest.raises(ProfileError):
        training_figures(db, training)


def test_the_participant_form_writes_the_profile_of_what_was_sent(client, db, make_training):
    from test_collect import GOOD, form_url, open_form

    training = make_training()
    # A full form, and one with the comment, the country and a 0 rating left out or given.
    _page, hidden = open_form(client, training)
    assert client.post(form_url(training), data={**hidden, **GOOD}).status_code == 303
    _page, hidden = open_form(client, training)
    partial = {**GOOD, "q_recommend": "0", "q_country": "", "q_improve": ""}
    assert client.post(form_url(training), data={**hidden, **partial}).status_code == 303
    assert assert_profiles_match_answers(db) == 2


def test_a_project_pools_trainings_whose_forms_differ(db, make_training):
    """Two questionnaires, the roles at other places: pooled figures still add up."""
    from survey.models import Questionnaire
    from survey.results import breakdown, project_figures

    standard = make_training()
    likert = [{"code": str(v), "labels": {"en": str(v)}} for v in range(1, 6)]
    short = Questionnaire(
        name="Short form",
        languages=["en"],
        questions=[
            Question(position=0, code="sex", type="single", role="sex", labels={"en": "Sex"},
                     choices=[{"code": "F", "labels": {"en": "F"}},
                              {"code": "M", "labels": {"en": "M"}}]),
            Question(position=1, code="note", type="long_text", labels={"en": "Note"}),
            Question(position=2, code="sat", type="likert", role="satisfaction",
                     labels={"en": "Satisfied?"}, choices=likert),
        ],
    )  # fmt: skip
    other = Training(
        project_id=standard.project_id,
        questionnaire=short,
        title="Short",
        code="short1",
        languages=["en"],
        default_language="en",
    )
    db.add(other)
    db.commit()
    by_role = {q.role: q for q in standard.questionnaire.questions}
    people = [  # (training, sex, satisfaction)
        (standard, "F", 5), (standard, "M", 2), (standard, "F", 4),
        (other, "F", 4), (other, "M", 5), (other, "M", 1), (other, None, 3),
    ]  # fmt: skip
    for i, (training, sex, sat) in enumerate(people):
        questions = {q.role: q for q in training.questionnaire.questions}
        answers = [Answer(question_id=questions["satisfaction"].id, likert=sat)]
        if sex:
            answers.append(Answer(question_id=questions["sex"].id, choice=sex))
        db.add(
            Response(
                training_id=training.id,
                questionnaire_id=training.questionnaire_id,
                submission_id=f"mixed-{i}",
                language="en",
                answers=answers,
            )
        )
    db.commit()
    assert by_role["satisfaction"].id != short.questions[2].id
    db.expire_all()  # the project's list of trainings, read before the second was added
    pooled = project_figures(db, db.get(Training, standard.id).project)
    satisfied = [p for p in people if p[2] >= 4]
    assert (pooled.satisfied.k, pooled.satisfied.n) == (len(satisfied), len(people))
    table = breakdown(db, [standard.id, other.id], "sex", "satisfaction", min_size=1)
    groups = {g.key: (g.outcome.k, g.outcome.n) for g in table.groups}
    for sex in ("F", "M"):
        chosen = [p for p in people if p[1] == sex]
        assert groups[sex] == (sum(p[2] >= 4 for p in chosen), len(chosen))
