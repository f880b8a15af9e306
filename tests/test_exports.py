"""Exports a trainer downloads: CSV and Excel, in a language or as codes."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select
from test_dashboard_figures import add_response

from survey.models import Response


def _training_with_answers(db, trainer, make_training):
    training = make_training(owner=trainer)
    add_response(db, training, satisfaction=4, country="MA", improve='=HYPERLINK("http://x")')
    add_response(db, training, language="ar", satisfaction=2, country="NG", improve="@SUM(A1)")
    add_response(db, training, satisfaction=5, improve="-1+1", apply="\tTab")
    db.commit()
    return training


def test_csv_has_bom_arabic_headers_and_inert_formulas(logged_in, db, trainer, make_training):
    training = _training_with_answers(db, trainer, make_training)
    response = logged_in.get(f"/trainings/{training.id}/export.csv?lang=ar")
    assert response.status_code == 200
    assert "retour-" in response.headers["Content-Disposition"]
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body[1:])))
    assert len(rows) == 3
    assert "ما مدى رضاكم عن التدريب بشكل عام؟" in header  # the satisfaction question
    values = [v for r in rows for v in r]
    assert "المغرب" in values  # Morocco, in Arabic
    for dangerous in ('=HYPERLINK("http://x")', "@SUM(A1)", "-1+1", "\tTab"):
        assert "'" + dangerous in values
        assert dangerous not in values


def test_csv_as_codes_has_question_and_answer_codes(logged_in, db, trainer, make_training):
    training = _training_with_answers(db, trainer, make_training)
    body = logged_in.get(f"/trainings/{training.id}/export.csv?lang=codes").data.decode()
    header, first, *_ = list(csv.reader(io.StringIO(body[1:])))
    assert header[:4] == ["response_id", "submitted_at", "language", "satisfaction"]
    record = dict(zip(header, first, strict=True))
    assert record["country"] == "MA" and record["satisfaction"] == "4"


def test_xlsx_reads_back_with_openpyxl(logged_in, db, trainer, make_training):
    training = _training_with_answers(db, trainer, make_training)
    response = logged_in.get(f"/trainings/{training.id}/export.xlsx?lang=en")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:3] == ["Response", "Sent at", "Language"]
    assert any("satisfied" in (h or "") for h in header)
    assert len(rows) == 4
    record = dict(zip(header, rows[1], strict=True))
    stored_ids = db.scalars(
        select(Response.id).where(Response.training_id == training.id).order_by(Response.id)
    ).all()
    assert [r[0] for r in rows[1:]] == stored_ids
    assert isinstance(record["Response"], int)
    cells = [c for r in rows[1:] for c in r if isinstance(c, str)]
    assert "Morocco" in cells
    # A formula would be stored as one; neutralised text stays text.
    assert '\'=HYPERLINK("http://x")' in cells and "'@SUM(A1)" in cells


def test_cli_exports_xlsx_in_arabic(runner, db, trainer, make_training, tmp_path):
    training = _training_with_answers(db, trainer, make_training)
    out = tmp_path / "out.xlsx"
    result = runner.invoke(
        args=["export", str(training.id), "--format", "xlsx", "--lang", "ar", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(io.BytesIO(out.read_bytes()), read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert "ما مدى رضاكم عن التدريب بشكل عام؟" in header
