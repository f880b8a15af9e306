"""Import of paper evaluations: the 5,820 real Turkiye evaluations, and bad files."""

from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pytest
from helpers import TURKIYE_CSV
from sqlalchemy import create_engine, func, select

from survey import create_app
from survey.codes import new_code
from survey.db import upgrade
from survey.models import (
    Project,
    Question,
    Questionnaire,
    QuestionType,
    Response,
    Training,
)

DATA = TURKIYE_CSV
ITEMS = [f"Q{i}" for i in range(1, 29)]


def _questionnaire() -> Questionnaire:
    questions = [
        Question(
            position=i,
            code=item.lower(),
            type=QuestionType.LIKERT,
            labels={"en": f"Item {item}", "fr": f"Item {item}"},
            choices=[{"code": str(v), "labels": {"en": str(v)}} for v in range(1, 6)],
        )
        for i, item in enumerate(ITEMS)
    ]
    questions.append(
        Question(
            position=len(ITEMS),
            code="instructor",
            type=QuestionType.SINGLE,
            labels={"en": "Instructor"},
            choices=[{"code": str(i), "labels": {"en": f"Instructor {i}"}} for i in (1, 2, 3)],
        )
    )
    return Questionnaire(name="Turkiye", languages=["en"], questions=questions)


@pytest.fixture(scope="module")
def turkiye(tmp_path_factory):
    """An app on SQLite with the real file imported once through the CLI command."""
    if not DATA.exists():
        pytest.fail(f"real data missing: {DATA} (see ../shared/data/README.md)")
    tmp = tmp_path_factory.mktemp("turkiye")
    engine = create_engine(f"sqlite:///{tmp / 'db.sqlite'}")
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite'}",
            "SERVER_NAME": "retour.test",
        }
    )
    session = app.extensions["survey_db"].sessionmaker()
    training = Training(
        project=Project(name="Gazi University"),
        questionnaire=_questionnaire(),
        title="Course evaluations",
        code=new_code(),
        languages=["en"],
        default_language="en",
    )
    session.add(training)
    session.commit()
    mapping = tmp / "mapping.txt"
    mapping.write_text(
        "# file column = question code\n"
        + "\n".join(f"{item}={item.lower()}" for item in ITEMS)
        + "\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(
        args=[
            "import",
            str(training.id),
            str(DATA),
            "--mapping-file",
            str(mapping),
            "--map",
            "instr=instructor",
        ]
    )
    assert result.exit_code == 0, result.output
    yield app, session, training.id, mapping, result.output
    session.close()
    app.extensions["survey_db"].engine.dispose()


@pytest.fixture(scope="module")
def raw():
    with open(DATA, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {name: np.array([int(r[name]) for r in rows]) for name in [*ITEMS, "instr"]}


def test_every_real_evaluation_is_imported(turkiye, raw):
    app, session, training_id, _mapping, output = turkiye
    assert "Imported 5820 responses" in output
    count = session.scalar(select(func.count()).where(Response.training_id == training_id))
    assert count == len(raw["Q1"]) == 5820


def test_reimporting_the_same_file_adds_nothing(turkiye):
    app, session, training_id, mapping, _output = turkiye
    result = app.test_cli_runner().invoke(
        args=["import", str(training_id), str(DATA), "--mapping-file", str(mapping)]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 0 responses" in result.output
    assert "5820 already there" in result.output


def test_figures_equal_numpy_on_the_file(turkiye, raw):
    app, _session, training_id, _mapping, _output = turkiye
    result = app.test_cli_runner().invoke(args=["results", str(training_id), "--lang", "en"])
    data = json.loads(result.output)
    assert data["responses"] == 5820
    by_code = {q["code"]: q for q in data["questions"]}
    for item in ITEMS:
        values = raw[item]
        q = by_code[item.lower()]
        counts = [o["count"] for o in q["distribution"]["options"]]
        assert counts == [int((values == v).sum()) for v in range(1, 6)], item
        assert q["top2"]["k"] == int((values >= 4).sum())
        assert q["mean"]["mean"] == pytest.approx(values.mean(), abs=1e-4)
        assert q["mean"]["sd"] == pytest.approx(values.std(ddof=1), abs=1e-4)
    instructors = by_code["instructor"]["distribution"]["options"]
    assert [o["count"] for o in instructors] == [int((raw["instr"] == i).sum()) for i in (1, 2, 3)]


def test_the_dashboard_shows_the_imported_figures(turkiye, raw):
    app, session, training_id, _mapping, _output = turkiye
    from survey.models import User

    user = User(email="gazi@example.org", role="admin", name="gazi")
    user.set_password("correct horse battery")
    session.add(user)
    session.commit()
    client = app.test_client()
    page = client.get("/login")
    from helpers import csrf_token

    client.post(
        "/login",
        data={
            "email": "gazi@example.org",
            "password": "correct horse battery",
            "csrf_token": csrf_token(page.text),
        },
    )
    response = client.get(f"/trainings/{training_id}?lang=en")
    assert response.status_code == 200
    assert '<strong id="live-count">5820</strong>' in response.text
    # The instructor bar chart says how many chose each instructor.
    for i in (1, 2, 3):
        assert f"{int((raw['instr'] == i).sum())} (" in response.text


def test_a_bad_file_writes_nothing_and_names_rows(turkiye, tmp_path):
    app, session, training_id, _mapping, _output = turkiye
    bad = tmp_path / "bad.csv"
    shutil.copy(DATA, bad)
    lines = bad.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[5] = "7"  # Q1 off the 1-5 scale, on file row 4
    lines[3] = ",".join(cells)
    cells = lines[10].split(",")
    cells[0] = "9"  # no instructor 9, on file row 11
    lines[10] = ",".join(cells)
    lines.append("1,2,3")  # short row, file row 5822
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = session.scalar(select(func.count(Response.id)))
    result = app.test_cli_runner().invoke(
        args=["import", str(training_id), str(bad), "--map", "Q1=q1", "--map", "instr=instructor"]
    )
    assert result.exit_code != 0
    assert "row 4, column 'Q1': '7' is not on the 1-5 scale" in result.output
    assert "row 11, column 'instr': '9' is not one of the options" in result.output
    assert "row 5822: 3 cells, header has 33" in result.output
    assert "nothing imported" in result.output
    session.expire_all()
    assert session.scalar(select(func.count(Response.id))) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--map", "nope=q1"], "no such column"),
        (["--map", "Q1=unknown"], "no question 'unknown'"),
        (["--map", "Q1"], "expected column=question_code"),
        ([], "--map COLUMN=QUESTION"),
    ],
)
def test_bad_mappings_are_refused(turkiye, args, message):
    app, _session, training_id, _mapping, _output = turkiye
    result = app.test_cli_runner().invoke(args=["import", str(training_id), str(DATA), *args])
    assert result.exit_code != 0
    assert message in result.output
