"""Data care: backup and restore give back every row; retention removes old answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey.models import Answer, Project, Response, Training


def _respond(db, training, sid, when=None, comment="Très utile"):
    questions = {q.code: q for q in training.questionnaire.questions}
    response = Response(
        training_id=training.id,
        questionnaire_id=training.questionnaire_id,
        submission_id=sid.ljust(32, "0"),
        language="fr",
        submitted_at=when or datetime.now(UTC),
        answers=[
            Answer(question_id=questions["satisfaction"].id, likert=5),
            Answer(question_id=questions["recommend"].id, rating=9),
            Answer(question_id=questions["improve"].id, text=comment),
        ],
    )
    db.add(response)
    db.commit()
    return response


def _contents(db):
    db.expire_all()
    return {
        "responses": db.execute(
            select(Response.training_id, Response.submission_id, Response.language).order_by(
                Response.id
            )
        ).all(),
        "answers": db.execute(
            select(
                Answer.response_id, Answer.question_id, Answer.likert, Answer.rating, Answer.text
            ).order_by(Answer.id)
        ).all(),  # fmt: skip
        "trainings": db.execute(select(Training.id, Training.title).order_by(Training.id)).all(),
    }


def test_backup_then_restore_gives_back_every_row(runner, db, make_training, tmp_path):
    training = make_training()
    _respond(db, training, "a", comment="« Merci » — شكرا")
    _respond(db, training, "b")
    before = _contents(db)
    assert len(before["answers"]) == 6

    backup = tmp_path / "retour.backup"
    result = runner.invoke(args=["backup", "--output", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.stat().st_size > 0
    again = runner.invoke(args=["backup", "--output", str(backup)])
    assert again.exit_code != 0 and "exists" in again.output

    # Life goes on after the backup: a response is deleted, a training added.
    db.delete(db.scalars(select(Response).order_by(Response.id)).first())
    make_training(title="Après la sauvegarde")
    assert _contents(db) != before
    db.close()  # a restore replaces the tables: no session may hold them

    refused = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert refused.exit_code != 0
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert _contents(db) == before


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database backup" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0
    assert "Error" in result.output


@pytest.fixture
def aged(db, make_training):
    """Project A keeps answers 30 days (one response 40 days old, one new); B keeps all."""
    kept = make_training(title="A")
    project = db.get(Project, kept.project_id)
    project.retention_days = 30
    db.commit()
    old = _respond(db, kept, "old", when=datetime.now(UTC) - timedelta(days=40))
    new = _respond(db, kept, "new")
    forever = make_training(title="B")
    ancient = _respond(db, forever, "ancient", when=datetime.now(UTC) - timedelta(days=4000))
    return {"old": old.id, "new": new.id, "ancient": ancient.id}


def _ids(db):
    db.expire_all()
    return set(db.scalars(select(Response.id)))


def _texts(db):
    db.expire_all()
    return db.scalar(select(func.count()).where(Answer.text.is_not(None)))


def test_retention_dry_run_only_counts(runner, db, aged):
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would delete 1 responses older than 30 days" in result.output
    assert _ids(db) == set(aged.values())


def test_retention_deletes_old_responses_with_their_answers(runner, db, aged):
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 responses" in result.output
    assert _ids(db) == {aged["new"], aged["ancient"]}
    orphans = db.scalar(select(func.count()).where(Answer.response_id == aged["old"]))
    assert orphans == 0
    # Running it again finds nothing more.
    assert "deleted 0 responses" in runner.invoke(args=["retention"]).output


def test_retention_text_only_keeps_the_numbers(runner, db, aged):
    assert _texts(db) == 3
    result = runner.invoke(args=["retention", "--text-only"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 free-text answers" in result.output
    assert _ids(db) == set(aged.values())
    assert _texts(db) == 2
    left = db.scalars(select(Answer.likert).where(Answer.response_id == aged["old"])).all()
    assert 5 in left


def test_retention_text_only_updates_who_answered_the_text_questions(runner, db, aged):
    from test_profiles import assert_profiles_match_answers

    from survey.results import training_figures

    training = db.get(Training, db.get(Response, aged["old"]).training_id)

    def wrote_a_comment() -> int:
        db.expire_all()
        figures = training_figures(db, training)
        return next(r.answered for r in figures.questions if r.question.code == "improve")

    before = wrote_a_comment()
    result = runner.invoke(args=["retention", "--text-only"])
    assert result.exit_code == 0, result.output
    assert wrote_a_comment() == before - 1
    assert assert_profiles_match_answers(db) == len(_ids(db))
