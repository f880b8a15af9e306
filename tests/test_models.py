import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from survey.models import Answer, Question, Response


@pytest.fixture
def training(make_training):
    return make_training()


def _response(training, sid="a" * 32):
    return Response(
        training_id=training.id,
        questionnaire_id=training.questionnaire_id,
        submission_id=sid,
        language="fr",
    )


def _question(db, training, code):
    return db.scalar(
        select(Question).where(
            Question.questionnaire_id == training.questionnaire_id, Question.code == code
        )
    )


@pytest.mark.parametrize(
    "values",
    [
        {"likert": 0},
        {"likert": 6},
        {"rating": 11},
        {"rating": -1},
        {},  # no value at all
        {"likert": 3, "text": "two values"},
    ],
)
def test_answer_constraints_reject_bad_values(db, training, values):
    question = _question(db, training, "satisfaction")
    response = _response(training)
    response.answers.append(Answer(question_id=question.id, **values))
    db.add(response)
    with pytest.raises(IntegrityError):
        db.commit()


def test_submission_id_is_unique_per_training(db, training, make_training):
    db.add(_response(training, sid="b" * 32))
    db.commit()
    db.add(_response(training, sid="b" * 32))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    # Trainings that share a questionnaire do not share their submission ids.
    other = make_training(title="Mineurs")
    assert other.questionnaire_id == training.questionnaire_id
    db.add(_response(other, sid="b" * 32))
    db.commit()


def test_question_type_and_role_are_checked(db, training):
    bad = Question(
        questionnaire_id=training.questionnaire_id,
        position=999,
        code="bad",
        type="slider",
        labels={"fr": "?"},
    )
    db.add(bad)
    with pytest.raises(IntegrityError):
        db.commit()


def test_responses_store_nothing_that_identifies_a_participant(app):
    columns = {
        c["name"] for c in inspect(app.extensions["survey_db"].engine).get_columns("responses")
    }
    assert columns == {
        "id",
        "training_id",
        "questionnaire_id",
        "submission_id",
        "submitted_at",
        "language",
        "profile",  # the closed answers again, for counting (models/profile.py)
    }


def test_standard_questionnaire_covers_the_roles_in_three_languages(db, training):
    questionnaire = training.questionnaire
    roles = {q.role for q in questionnaire.questions}
    for role in (
        "satisfaction",
        "relevance",
        "trainer_quality",
        "organisation",
        "knowledge_before",
        "knowledge_after",
        "intent_to_adopt",
        "recommend",
        "apply",
        "comment",
        "country",
        "organisation_type",
        "sex",
    ):
        assert role in roles
    for q in questionnaire.questions:
        assert all(q.labels.get(lang) for lang in ("fr", "en", "ar")), q.code
        for choice in q.choices:
            assert all(choice["labels"].get(lang) for lang in ("fr", "en", "ar")), q.code
    sex = questionnaire.by_role("sex")
    assert len(sex.choices) == 3  # female, male, prefer not to say
    org = questionnaire.by_role("organisation_type")
    assert len(org.choices) == 4


def test_migrations_build_exactly_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from survey.models import Base

    with app.extensions["survey_db"].engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrating_down_and_up_keeps_every_response_and_answer(tmp_path):
    """On SQLite a migration rebuilds a table by copying it and dropping the old one;
    with the foreign keys Retour turns on, dropping `trainings` (or `responses`) deleted
    every response (or answer) through ON DELETE CASCADE. Upgrading a real database
    from 0003 lost all 58 demo responses before migrate() turned them off."""
    from sqlalchemy import func
    from sqlalchemy.orm import Session

    from survey.db import make_engine, migrate
    from survey.demo import seed_demo

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")  # foreign keys on
    migrate(engine, "head")
    with Session(engine) as session:
        seed_demo(session, responses=40)
        session.commit()

    def counts():
        with Session(engine) as session:
            return (
                session.scalar(select(func.count()).select_from(Response)),
                session.scalar(select(func.count()).select_from(Answer)),
                sorted(session.execute(select(Answer.response_id, Answer.question_id)).all()),
            )

    before = counts()
    assert before[0] == 40 and before[1] > 40
    # 0003 rebuilds `responses`; 0004 and 0005 add columns to `trainings`.
    migrate(engine, "0002", down=True)
    migrate(engine, "head")
    assert counts() == before
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()
