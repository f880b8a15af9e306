"""Each flask command, run the way an operator runs it."""

import csv
import io
import json
import stat
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import func, select

from survey.models import Answer, Question, Response, Training, User


def test_every_command_has_help(runner):
    for command in (
        "init-db",
        "create-user",
        "seed-demo",
        "trainings",
        "results",
        "report",
        "export",
        "welcome",
    ):
        result = runner.invoke(args=[command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output


def test_init_db_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0
        assert "Database ready" in result.output


def test_create_user_with_password_file(runner, db, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("a long enough password\n")
    result = runner.invoke(
        args=["create-user", "Admin@Example.org", "--admin", "--password-file", str(secret)]
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User))
    assert user.email == "admin@example.org" and user.is_admin
    assert user.check_password("a long enough password")
    assert "a long enough password" not in user.password_hash
    again = runner.invoke(args=["create-user", "admin@example.org", "--password-file", str(secret)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_user_prompts_and_refuses_short_passwords(runner, db):
    result = runner.invoke(args=["create-user", "t@example.org"], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 12" in result.output
    result = runner.invoke(
        args=["create-user", "t@example.org"], input="long password 1\nlong password 1\n"
    )
    assert result.exit_code == 0
    assert db.scalar(select(User.role)) == "trainer"


def test_seed_demo_is_the_rabat_case(runner, db, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    trainings = db.scalars(select(Training).order_by(Training.id)).all()
    assert [t.title for t in trainings] == [
        "Retour et réintégration",
        "Mineurs étrangers non accompagnés",
    ]
    assert sum(t.expected_participants for t in trainings) == 63
    assert {t.location for t in trainings} == {"Rabat"}
    assert trainings[0].start_date.isoformat() == "2016-05-16"
    assert trainings[0].end_date.isoformat() == "2016-05-19"
    project = trainings[0].project
    assert project.name == "Réponse aux besoins des migrants vulnérables et en détresse"
    responses = db.scalar(select(func.count()).select_from(Response))
    assert 40 <= responses <= 63
    country = db.scalar(select(Question).where(Question.role == "country"))
    countries = set(db.scalars(select(Answer.choice).where(Answer.question_id == country.id)))
    assert {"MA", "CM", "CI", "GN", "NG"} <= countries
    comments = db.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert len(comments) >= 10
    # The demo login is written to the instance folder, readable by the owner only.
    credentials = Path(app.instance_path) / "demo-login.txt"
    assert "demo@retour.example" in credentials.read_text(encoding="utf-8")
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has trainings" in again.output
    assert db.scalar(select(func.count()).select_from(Training)) == 2


def test_seed_demo_scales_for_benchmarks(runner, db):
    result = runner.invoke(args=["seed-demo", "--responses", "2000"])
    assert result.exit_code == 0, result.output
    assert db.scalar(select(func.count()).select_from(Response)) == 2000
    sids = db.scalars(select(Response.submission_id)).all()
    assert len(set(sids)) == 2000


def test_trainings_lists_code_path_and_count(runner, db):
    runner.invoke(args=["seed-demo"])
    lines = runner.invoke(args=["trainings"]).output.strip().splitlines()
    assert len(lines) == 2
    for line, training in zip(
        lines, db.scalars(select(Training).order_by(Training.id)), strict=True
    ):
        id_, code, path, count, title = line.split("\t")
        assert (int(id_), code, path, title) == (
            training.id,
            training.code,
            f"/s/{training.code}",
            training.title,
        )
        stored = db.scalar(
            select(func.count()).select_from(Response).where(Response.training_id == training.id)
        )
        assert int(count) == stored


def test_results_json_counts_match_the_database(runner, db):
    runner.invoke(args=["seed-demo"])
    training = db.scalar(select(Training).order_by(Training.id))
    data = json.loads(runner.invoke(args=["results", training.code, "--format", "json"]).output)
    # An independent count: every answer read back one by one, tallied in Python.
    rows = db.execute(
        select(Question.code, Answer.likert)
        .join(Question, Question.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.training_id == training.id, Answer.likert.is_not(None))
    ).all()
    tally = Counter(rows)
    for question in data["questions"]:
        if question["type"] != "likert":
            continue
        for option in question["distribution"]["options"]:
            assert option["count"] == tally[(question["code"], int(option["code"]))]
    satisfied = sum(
        v for (code, value), v in tally.items() if code == "satisfaction" and value >= 4
    )
    answered = sum(v for (code, _), v in tally.items() if code == "satisfaction")
    assert data["satisfied"]["k"] == satisfied and data["satisfied"]["n"] == answered
    assert data["responses"] == db.scalar(
        select(func.count()).select_from(Response).where(Response.training_id == training.id)
    )


def test_results_for_unknown_training_is_a_clear_error(runner):
    result = runner.invoke(args=["results", "zzzzzz"])
    assert result.exit_code == 2
    assert "no training with id or code 'zzzzzz'" in result.output


def test_report_writes_a_pdf_that_says_what_it_should(runner, db, tmp_path):
    runner.invoke(args=["seed-demo"])
    training = db.scalar(select(Training).order_by(Training.id))
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", str(training.id), "--lang", "fr", "--output", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Retour et réintégration" in text
    assert "Union européenne" in text
    data = json.loads(runner.invoke(args=["results", str(training.id)]).output)
    sat = data["satisfied"]
    assert f"{sat['k']} répondants sur {sat['n']}" in text


def test_export_csv(runner, db, tmp_path):
    runner.invoke(args=["seed-demo"])
    training = db.scalar(select(Training).order_by(Training.id))
    out = tmp_path / "export.csv"
    result = runner.invoke(args=["export", training.code, "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    stored = db.scalar(
        select(func.count()).select_from(Response).where(Response.training_id == training.id)
    )
    assert len(rows) == stored + 1
