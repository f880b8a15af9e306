"""The import refuses, with a clear message, what the participant form would refuse:
text over the form's length, dates pages cannot draw, NUL characters (PostgreSQL refuses
them in text); a time's offset is kept on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from test_import_files import STANDARD_MAP, responses, run_import, write_csv

from survey.models import Response
from survey.models.base import as_utc


def test_cells_longer_than_the_form_allows_are_refused(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(
        tmp_path / "long.csv",
        [["Satisfaction", "Adoption", "Commentaire"], ["5", "4", "x" * 100_000], ["5", "4", "ok"]],
    )
    result = run_import(runner, training, path, *STANDARD_MAP, "--map", "Commentaire=improve")
    assert result.exit_code == 1
    assert "the text has 100,000 characters; the form allows at most 5,000" in result.output
    assert responses(db, training) == 0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_dates_outside_1900_2100_are_refused(runner, db, client, make_training, tmp_path, day):
    training = make_training()
    path = write_csv(tmp_path / "d.csv", [["Satisfaction", "Adoption", "Date"], ["5", "4", day]])
    result = run_import(runner, training, path, *STANDARD_MAP, "--date-column", "Date")
    assert result.exit_code == 1
    assert f"the date '{day}' is not between the years 1900 and 2100" in result.output
    assert responses(db, training) == 0


def test_a_nul_character_is_a_clear_message(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(
        tmp_path / "nul.csv", [["Satisfaction", "Adoption", "Commentaire"], ["5", "4", "a\x00b"]]
    )
    result = run_import(runner, training, path, *STANDARD_MAP, "--map", "Commentaire=improve")
    assert result.exit_code == 1
    assert "row 2, column 'Commentaire': the cell holds a NUL character" in result.output
    assert responses(db, training) == 0


def test_a_time_with_an_offset_keeps_it(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(
        tmp_path / "t.csv",
        [["Satisfaction", "Adoption", "Date"], ["5", "4", "2016-05-19T10:00:00+02:00"]],
    )
    result = run_import(runner, training, path, *STANDARD_MAP, "--date-column", "Date")
    assert result.exit_code == 0, result.output
    db.rollback()
    when = db.scalar(select(Response.submitted_at).where(Response.training_id == training.id))
    assert as_utc(when) == datetime(2016, 5, 19, 8, 0, tzinfo=UTC)
