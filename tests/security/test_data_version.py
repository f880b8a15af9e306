"""Pages never show figures or comments from before a write that changed them.

The dashboard and figures.json are cached per data version. A text-only retention
deletes comments without changing the responses' count or ids, and a restore can bring
back any earlier count and ids: each must change the version, or the deleted comments
and the figures from before the restore stay on screen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from test_collect import GOOD, form_url, open_form
from test_dashboard_figures import add_response

from survey.models import Project, Training


def _satisfaction_counts(client, training_id: int) -> list[int]:
    figures = client.get(f"/trainings/{training_id}/figures.json").json
    question = next(q for q in figures["questions"] if q["code"] == "satisfaction")
    return [option["count"] for option in question["distribution"]["options"]]


def test_text_only_retention_removes_comments_from_cached_pages(
    logged_in, runner, db, trainer, make_training
):
    training = make_training(owner=trainer)
    db.get(Project, training.project_id).retention_days = 30
    old = datetime.now(UTC) - timedelta(days=40)
    add_response(db, training, when=old, satisfaction=4, improve="Un secret à effacer")
    db.commit()
    page = logged_in.get(f"/trainings/{training.id}?lang=en")
    assert "Un secret à effacer" in page.text
    assert logged_in.get(f"/trainings/{training.id}/figures.json").json["comments"] == 1
    live = logged_in.get(f"/trainings/{training.id}/live.json").json

    result = runner.invoke(args=["retention", "--text-only"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 free-text answers" in result.output

    assert "Un secret à effacer" not in logged_in.get(f"/trainings/{training.id}?lang=en").text
    figures = logged_in.get(f"/trainings/{training.id}/figures.json").json
    assert figures["comments"] == 0 and figures["responses"] == 1
    # The open dashboard learns that its page is out of date.
    assert logged_in.get(f"/trainings/{training.id}/live.json").json["version"] != live["version"]


def test_restore_never_brings_back_figures_cached_before_it(
    logged_in, client, runner, db, trainer, make_training, tmp_path
):
    training = make_training(owner=trainer)
    training_id = training.id
    add_response(db, training, satisfaction=5)
    db.commit()
    backup = tmp_path / "retour.backup"
    assert runner.invoke(args=["backup", "--output", str(backup)]).exit_code == 0

    # After the backup a participant answers "1"; the dashboard shows it (and caches it).
    participant = logged_in.application.test_client()
    _, hidden = open_form(participant, training)
    sent = participant.post(form_url(training), data={**hidden, **GOOD, "q_satisfaction": "1"})
    assert sent.status_code == 303
    assert _satisfaction_counts(logged_in, training_id) == [1, 0, 0, 0, 1]
    before = logged_in.get(f"/trainings/{training_id}/live.json").json["version"]
    db.close()  # a restore replaces the tables: no session may hold them

    assert runner.invoke(args=["restore", str(backup), "--yes"]).exit_code == 0
    # Then another participant answers "3": as many responses as before the restore, and
    # the same highest id (the database gives the restored sequence's next id again).
    _, hidden = open_form(participant, training)
    sent = participant.post(form_url(training), data={**hidden, **GOOD, "q_satisfaction": "3"})
    assert sent.status_code == 303
    assert db.scalar(select(Training.id).where(Training.id == training_id)) == training_id

    assert _satisfaction_counts(logged_in, training_id) == [0, 0, 1, 0, 1]
    after = logged_in.get(f"/trainings/{training_id}/live.json").json["version"]
    assert after != before
    page = logged_in.get(f"/trainings/{training_id}?lang=en")
    assert page.status_code == 200


def test_import_and_retention_deleting_responses_change_the_version(
    logged_in, runner, db, trainer, make_training, tmp_path
):
    training = make_training(owner=trainer)
    db.get(Project, training.project_id).retention_days = 30
    add_response(db, training, when=datetime.now(UTC) - timedelta(days=40), satisfaction=2)
    add_response(db, training, when=datetime.now(UTC), satisfaction=5)
    db.commit()
    assert _satisfaction_counts(logged_in, training.id) == [0, 1, 0, 0, 1]
    assert runner.invoke(args=["retention"]).exit_code == 0
    assert _satisfaction_counts(logged_in, training.id) == [0, 0, 0, 0, 1]
    paper = tmp_path / "paper.csv"
    paper.write_text("satisfaction\n3\n4\n", encoding="utf-8")
    result = runner.invoke(
        args=[
            "import", str(training.id), str(paper), "--map", "satisfaction=satisfaction",
            "--allow-incomplete",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _satisfaction_counts(logged_in, training.id) == [0, 0, 1, 1, 1]
