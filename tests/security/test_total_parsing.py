"""Numbers read from what people type never raise: "²" is a digit to str.isdigit, not to int.

A participant's answer, a posted id or a command-line argument that looks like a number
but is not one in ASCII digits is read as text, or refused with a message.
"""

from __future__ import annotations

import io

import pytest
from helpers import csrf_token
from openpyxl import load_workbook
from sqlalchemy import select
from test_dashboard_figures import add_response

from survey.imports import _Parser
from survey.models import Answer, DonorLink, Question, QuestionType, ReportComment, Training
from survey.parsing import plain_int

DIGIT_LIKE = ["²", "①", "߁", "᧚", "𝟘"]  # isdigit() is true for each; int() refuses some


@pytest.mark.parametrize("text", DIGIT_LIKE)
def test_xlsx_export_keeps_a_digit_like_answer_as_text(logged_in, db, trainer, make_training, text):
    training = make_training(owner=trainer)
    add_response(db, training, satisfaction=4, improve=text)
    add_response(db, training, satisfaction=5, improve="42")
    db.commit()
    response = logged_in.get(f"/trainings/{training.id}/export.xlsx?lang=en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    values = [v for row in sheet.iter_rows(min_row=2, values_only=True) for v in row]
    assert text in values  # as typed, not a number
    assert 42 in values  # a plain number is still a number in Excel


def test_cli_xlsx_export_with_a_superscript_answer(runner, db, trainer, make_training, tmp_path):
    training = make_training(owner=trainer)
    add_response(db, training, satisfaction=4, improve="²")
    db.commit()
    output = tmp_path / "out.xlsx"
    result = runner.invoke(
        args=["export", str(training.id), "--format", "xlsx", "--lang", "fr", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(io.BytesIO(output.read_bytes()), read_only=True).active
    assert "²" in [v for row in sheet.iter_rows(values_only=True) for v in row]


def test_cli_training_argument_like_a_number_is_an_error_message(runner, db, make_training):
    make_training()
    result = runner.invoke(args=["results", "²", "--format", "json"])
    assert result.exit_code == 2
    assert "no training with id or code '²'" in result.output


def test_donor_link_with_a_digit_like_scope_is_refused(logged_in, app, db, trainer, make_training):
    training = make_training(owner=trainer)
    page = logged_in.get(f"/projects/{training.project_id}/donor-links?lang=en")
    data = {"csrf_token": csrf_token(page.text), "scope": "²", "lang": "en", "days": "²"}
    answer = logged_in.post(f"/projects/{training.project_id}/donor-links", data=data)
    assert answer.status_code == 400
    assert db.scalars(select(DonorLink)).all() == []
    # A scope the page offers, with a digit-like number of days: the default duration.
    data["scope"] = str(training.id)
    made = logged_in.post(f"/projects/{training.project_id}/donor-links", data=data)
    assert made.status_code == 303
    assert len(db.scalars(select(DonorLink)).all()) == 1


def test_comment_picker_ignores_digit_like_ids(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer)
    add_response(db, training, satisfaction=4, improve="Plus de cas pratiques")
    db.commit()
    comment_id = db.scalar(select(Answer.id).where(Answer.text.is_not(None)))
    page = logged_in.get(f"/trainings/{training.id}/report/comments?lang=en")
    answer = logged_in.post(
        f"/trainings/{training.id}/report/comments?lang=en",
        data={"csrf_token": csrf_token(page.text), "answer": ["²", str(comment_id), "①"]},
        headers={"Accept-Language": "en"},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "1 comment will appear in reports." in answer.text
    assert db.scalars(select(ReportComment.answer_id)).all() == [comment_id]


def test_a_session_with_a_digit_like_user_id_is_logged_out(client, trainer):
    with client.session_transaction() as session:
        session["_user_id"] = "²"
    answer = client.get("/trainings/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


@pytest.mark.parametrize("raw", ["inf", "-Infinity", "nan", "1e999"])
def test_imported_numbers_must_be_finite(raw):
    question = Question(code="age", type=QuestionType.NUMBER, choices=[])
    with pytest.raises(ValueError, match="is not a number"):
        _Parser(question).parse(raw)
    assert _Parser(question).parse("12,5") == [("number", 12.5)]


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("007", 7), ("²", None), ("١٢", None), ("", None), (" 1", None), ("9" * 19, None)],
)
def test_plain_int_reads_ascii_digits_only(text, number):
    assert plain_int(text) == number


@pytest.mark.parametrize(
    ("zone", "typed"),
    [("Pacific/Pago_Pago", "9999-12-31T23:59"), ("Pacific/Kiritimati", "0001-01-01T00:00")],
)
def test_opening_times_near_the_ends_of_the_calendar_are_refused(
    logged_in, db, trainer, make_training, zone, typed
):
    training = make_training(owner=trainer)
    page = logged_in.get(f"/trainings/{training.id}/edit?lang=fr")
    data = {
        "csrf_token": csrf_token(page.text),
        "title": "Titre modifié",
        "languages": ["fr"],
        "default_language": "fr",
        "timezone": zone,
        "closes_at": typed,
    }
    answer = logged_in.post(f"/trainings/{training.id}/edit?lang=fr", data=data)
    assert answer.status_code == 200
    assert "Choisissez une date entre 2000 et 2100." in answer.text
    assert f'value="{typed}"' in answer.text and 'value="Titre modifié"' in answer.text
    db.expire_all()
    assert db.get(Training, training.id).closes_at is None
