"""Importing paper answers from files as people have them (issue 11, points 9-15)."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import Counter
from datetime import UTC, datetime

import pytest
from helpers import TURKIYE_CSV
from openpyxl import Workbook
from sqlalchemy import func, select

from survey.models import (
    Answer,
    ImportBatch,
    Question,
    Questionnaire,
    QuestionType,
    Response,
    Training,
)
from survey.models.base import as_utc

STANDARD_MAP = [
    "--map",
    "Satisfaction=satisfaction",
    "--map",
    "Adoption=adopt",
]


def write_csv(path, rows, *, encoding="utf-8", delimiter=",", bom=b""):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(bom + text.getvalue().encode(encoding))
    return path


def stored(db, training, code, column):
    """The values stored for one question of the training, read back from the database."""
    db.rollback()
    return sorted(
        db.scalars(
            select(getattr(Answer, column))
            .join(Question, Question.id == Answer.question_id)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.training_id == training.id, Question.code == code)
        ),
        key=str,
    )


def responses(db, training):
    db.rollback()
    return db.scalar(
        select(func.count()).select_from(Response).where(Response.training_id == training.id)
    )


def run_import(runner, training, path, *args):
    return runner.invoke(args=["import", str(training.id), str(path), *args])


# --- 9. Files as people have them ---------------------------------------------------------

FRENCH_ROWS = [
    ["Satisfaction", "Adoption", "Pays", "Commentaire"],
    ["5", "4", "Maroc", "Très bien, l’accueil était parfait"],
    ["4", "5", "Guinée", "Plus d’exercices ; moins de théorie"],
]
FRENCH_MAP = [*STANDARD_MAP, "--map", "Pays=country", "--map", "Commentaire=improve"]


@pytest.mark.parametrize(
    "encoding, delimiter, bom",
    [
        ("cp1252", ";", b""),  # Excel, "CSV (séparateur : point-virgule)", French Windows
        ("utf-8", ";", codecs.BOM_UTF8),  # Excel, "CSV UTF-8"
        ("utf-16-le", "\t", codecs.BOM_UTF16_LE),  # Excel, "Texte Unicode"
        ("utf-16-le", "\t", b""),  # the same without its byte-order mark
        ("utf-8", "\t", b""),
        ("latin-1", ",", b""),
    ],
)
def test_files_in_every_usual_encoding_and_separator_are_read(
    runner, db, make_training, tmp_path, encoding, delimiter, bom
):
    training = make_training()
    path = write_csv(
        tmp_path / "answers.csv",
        [
            [cell.replace("’", "'") if encoding == "latin-1" else cell for cell in row]
            for row in FRENCH_ROWS
        ],
        encoding=encoding,
        delimiter=delimiter,
        bom=bom,
    )
    result = run_import(runner, training, path, *FRENCH_MAP)
    assert result.exit_code == 0, result.output
    assert "Imported 2 responses" in result.output
    comments = stored(db, training, "improve", "text")
    apostrophe = "'" if encoding == "latin-1" else "’"
    assert comments == [
        f"Plus d{apostrophe}exercices ; moins de théorie",
        f"Très bien, l{apostrophe}accueil était parfait",
    ]
    assert stored(db, training, "country", "choice") == ["GN", "MA"]


def test_a_wrong_encoding_is_a_clear_message_not_a_traceback(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(tmp_path / "answers.csv", FRENCH_ROWS, encoding="cp1252", delimiter=";")
    result = run_import(runner, training, path, *FRENCH_MAP, "--encoding", "utf-8")
    assert result.exit_code == 1
    assert not isinstance(result.exception, UnicodeDecodeError)
    assert "not in the encoding utf-8" in result.output
    assert "nothing imported" in result.output
    unknown = run_import(runner, training, path, *FRENCH_MAP, "--encoding", "klingon")
    assert unknown.exit_code == 1 and "unknown encoding 'klingon'" in unknown.output
    right = run_import(runner, training, path, *FRENCH_MAP, "--encoding", "cp1252")
    assert right.exit_code == 0, right.output
    assert responses(db, training) == 2


def test_an_excel_workbook_is_imported(runner, db, make_training, tmp_path):
    training = make_training()
    book = Workbook()
    sheet = book.active
    sheet.append(["Satisfaction", "Adoption", "Recommandation", "Date"])
    sheet.append([5, 4.0, 9, datetime(2016, 5, 19)])
    sheet.append(["Satisfait(e)", "D'accord", None, datetime(2016, 5, 19, 16, 30)])
    sheet.append([None, None, None, None])
    path = tmp_path / "answers.xlsx"
    book.save(path)
    result = run_import(
        runner,
        training,
        path,
        *STANDARD_MAP,
        "--map",
        "Recommandation=recommend",
        "--date-column",
        "Date",
    )
    assert result.exit_code == 0, result.output
    assert "Imported 2 responses" in result.output
    assert stored(db, training, "satisfaction", "likert") == [4, 5]
    assert stored(db, training, "adopt", "likert") == [4, 4]
    assert stored(db, training, "recommend", "rating") == [9]
    times = sorted(as_utc(t) for t in db.scalars(select(Response.submitted_at)))
    assert times == [datetime(2016, 5, 19, tzinfo=UTC), datetime(2016, 5, 19, 16, 30, tzinfo=UTC)]


def _turkiye_questionnaire() -> Questionnaire:
    questions = [
        Question(
            position=i,
            code=f"q{i}",
            type=QuestionType.LIKERT,
            labels={"en": f"Item Q{i}"},
            choices=[{"code": str(v), "labels": {"en": str(v)}} for v in range(1, 6)],
        )
        for i in range(1, 29)
    ]
    return Questionnaire(name="Turkiye", languages=["en"], questions=questions)


def test_the_real_turkiye_file_as_french_excel_saves_it(runner, db, make_training, tmp_path):
    """The 5,820 real evaluations, saved again as Excel does in French: semicolons, cp1252."""
    if not TURKIYE_CSV.exists():
        pytest.fail(f"real data missing: {TURKIYE_CSV} (see ../shared/data/README.md)")
    with open(TURKIYE_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    path = write_csv(tmp_path / "turkiye.csv", rows, encoding="cp1252", delimiter=";")
    assert b"\r\n" in path.read_bytes()[:400]
    training = make_training()
    training.questionnaire = _turkiye_questionnaire()
    db.commit()
    mapping = [arg for i in range(1, 29) for arg in ("--map", f"Q{i}=q{i}")]
    result = run_import(runner, training, path, *mapping)
    assert result.exit_code == 0, result.output
    assert "Imported 5820 responses" in result.output
    header = rows[0]
    expected = Counter(int(r[header.index("Q13")]) for r in rows[1:])
    assert Counter(stored(db, training, "q13", "likert")) == expected


def test_arabic_utf16_without_a_byte_order_mark_is_read(runner, db, make_training, tmp_path):
    training = make_training()
    rows = [["الرضا", "التبني", "تعليق"]]
    rows += [["راضٍ جدًا", "أوافق تمامًا", "تدريب مفيد جدًا ومنظم بشكل ممتاز"]] * 3
    path = write_csv(tmp_path / "ar.txt", rows, encoding="utf-16-le", delimiter="\t")
    result = run_import(
        runner,
        training,
        path,
        "--map",
        "الرضا=satisfaction",
        "--map",
        "التبني=adopt",
        "--map",
        "تعليق=improve",
    )
    assert result.exit_code == 0, result.output
    assert stored(db, training, "satisfaction", "likert") == [5, 5, 5]
    assert stored(db, training, "improve", "text") == ["تدريب مفيد جدًا ومنظم بشكل ممتاز"] * 3


def test_an_old_excel_file_is_named_as_such(runner, db, make_training, tmp_path):
    training = make_training()
    path = tmp_path / "answers.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = run_import(runner, training, path, *STANDARD_MAP)
    assert result.exit_code == 1
    assert "an old Excel (.xls) file: save it as .xlsx or CSV" in result.output


# --- 10. Labels as well as codes --------------------------------------------------------


def test_labels_in_any_language_and_countries_by_name_are_understood(
    runner, db, make_training, tmp_path
):
    training = make_training()
    path = write_csv(
        tmp_path / "labels.csv",
        [
            ["Satisfaction", "Adoption", "Pays", "Organisation"],
            ["Très satisfait(e)", "Strongly agree", "Maroc", "ONG"],
            ["  TRES SATISFAITE ", "d'accord", "morocco", "Civil society (association, NGO)"],
            ["راضٍ جدًا", "أوافق", "المغرب", "gov"],
            ["satisfait", "Tout à fait d’accord", "MA", "Organisation internationale"],
            ["Very dissatisfied", "pas d'accord", "Ivory Coast", "autre"],
            ["ni satisfait ni insatisfait", "Disagree", "Côte d’Ivoire", ""],
            ["5", "4", "USA", ""],
            ["5", "4", "Royaume-Uni", ""],
            ["5", "4", "nigéria", ""],
        ],
    )
    result = run_import(
        runner,
        training,
        path,
        *STANDARD_MAP,
        "--map",
        "Pays=country",
        "--map",
        "Organisation=organisation_type",
    )
    assert "ONG" in result.output and "is not one of the options" in result.output
    path.write_text(path.read_text(encoding="utf-8").replace("ONG", "CSO"), encoding="utf-8")
    result = run_import(
        runner,
        training,
        path,
        *STANDARD_MAP,
        "--map",
        "Pays=country",
        "--map",
        "Organisation=organisation_type",
    )
    assert result.exit_code == 0, result.output
    assert stored(db, training, "satisfaction", "likert") == [1, 3, 4, 5, 5, 5, 5, 5, 5]
    assert stored(db, training, "adopt", "likert") == [2, 2, 4, 4, 4, 4, 4, 5, 5]
    # The form offers five countries and "Other country": the USA and the UK are "other".
    assert Counter(stored(db, training, "country", "choice")) == Counter(
        {"MA": 4, "CI": 2, "OTHER": 2, "NG": 1}
    )
    assert Counter(stored(db, training, "organisation_type", "choice")) == Counter(
        {"CSO": 2, "GOV": 1, "IO": 1, "OTHER": 1}
    )
    # The figures (counted from each response's profile) say the same.
    figures = json.loads(runner.invoke(args=["results", str(training.id)]).output)
    satisfaction = next(q for q in figures["questions"] if q["code"] == "satisfaction")
    counts = [o["count"] for o in satisfaction["distribution"]["options"]]
    assert counts == [1, 0, 1, 1, 6]


# --- 11. One question from two columns --------------------------------------------------


def test_one_question_mapped_from_two_columns_is_refused(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(tmp_path / "two.csv", [["Satisfaction", "Note", "Adoption"], ["5", "4", "4"]])
    result = run_import(runner, training, path, *STANDARD_MAP, "--map", "Note=satisfaction")
    assert result.exit_code == 1
    assert "columns 'Satisfaction', 'Note' all go into question 'satisfaction'" in result.output
    assert responses(db, training) == 0


# --- 12. Honest error counts and help ---------------------------------------------------


def test_every_error_is_counted_and_the_listed_ones_are_said(runner, db, make_training, tmp_path):
    training = make_training()
    rows = [["Satisfaction", "Adoption"]]
    rows += [["9", "beaucoup"]] * 700  # two errors per row
    rows += [["5", "4"]] * 10
    path = write_csv(tmp_path / "bad.csv", rows)
    result = run_import(runner, training, path, *STANDARD_MAP)
    assert result.exit_code == 1
    assert "nothing imported: 1,400 errors in 700 rows; the first 200 are listed" in result.output
    assert result.output.count("row ") == 200
    assert responses(db, training) == 0


def test_the_cli_speaks_the_instance_language(app, runner, db, make_training, tmp_path):
    app.config["CLI_LANGUAGE"] = "fr"
    training = make_training()
    path = write_csv(tmp_path / "bad.csv", [["Satisfaction", "Adoption"], ["9", "4"], ["5", "4"]])
    result = run_import(runner, training, path, *STANDARD_MAP)
    assert "rien n’a été importé\u00a0: 1 erreur dans 1 ligne" in result.output
    assert "ligne 2, colonne 'Satisfaction'\u00a0: '9' n’est pas sur l’échelle de 1 à 5" in (
        result.output
    )


def test_unknown_names_come_with_the_closest_valid_ones(runner, make_training, tmp_path):
    training = make_training()
    path = write_csv(tmp_path / "a.csv", [["Satisfaction", "Adoption", "Q1"], ["5", "4", "3"]])
    result = run_import(
        runner, training, path, "--map", "satisfacton=satisfaction", "--map", "Adoption=adpot"
    )
    assert result.exit_code == 1
    assert "no such column in the header; did you mean 'Satisfaction'?" in result.output
    assert "no question 'adpot' in the training's questionnaire; did you mean 'adopt'?" in (
        result.output
    )


# --- 13. Empty rows and required answers ------------------------------------------------


def test_rows_without_any_answer_are_not_responses(runner, db, make_training, tmp_path):
    training = make_training(expected=10)
    rows = [["Nom", "Satisfaction", "Adoption", "Commentaire"]]
    rows += [["Amina", "5", "4", "Bien"], ["Karim", "4", "4", ""], ["Sara", "3", "5", ""]]
    rows += [["(absent)", "", "", ""], ["", " ", "", ""], ["Youssef", "", "", "  "]]
    path = write_csv(tmp_path / "sheet.csv", rows)
    result = run_import(runner, training, path, *STANDARD_MAP, "--map", "Commentaire=improve")
    assert result.exit_code == 0, result.output
    assert "Imported 3 responses" in result.output
    assert "2 rows without any answer were skipped." in result.output  # blank lines aside
    figures = json.loads(runner.invoke(args=["results", str(training.id)]).output)
    assert figures["responses"] == 3
    assert figures["response_rate"]["k"] == 3 and figures["response_rate"]["n"] == 10


def test_rows_missing_a_required_answer_need_allow_incomplete(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(
        tmp_path / "sheet.csv",
        [["Satisfaction", "Adoption", "Pays"], ["5", "4", "MA"], ["", "4", "MA"], ["4", "", ""]],
    )
    result = run_import(runner, training, path, *STANDARD_MAP, "--map", "Pays=country")
    assert result.exit_code == 1
    assert "row 3: no answer to the required question 'satisfaction'" in result.output
    assert "row 4: no answer to the required question 'adopt'" in result.output
    assert responses(db, training) == 0
    only_one = run_import(runner, training, path, "--map", "Satisfaction=satisfaction")
    assert "no column goes into the required question 'adopt'" in only_one.output
    result = run_import(
        runner, training, path, *STANDARD_MAP, "--map", "Pays=country", "--allow-incomplete"
    )
    assert result.exit_code == 0, result.output
    assert responses(db, training) == 3


# --- 14. Putting a wrong import right ---------------------------------------------------


def test_replace_adds_a_forgotten_column_and_delete_undoes_an_import(
    runner, db, make_training, tmp_path
):
    training = make_training()
    other = make_training(title="Autre formation")
    path = write_csv(
        tmp_path / "sheet.csv",
        [["Satisfaction", "Adoption", "Commentaire"], ["5", "4", "Bien"], ["4", "5", "Long"]],
    )
    assert run_import(runner, training, path, *STANDARD_MAP).exit_code == 0
    assert run_import(runner, other, path, *STANDARD_MAP).exit_code == 0
    assert stored(db, training, "improve", "text") == []
    result = run_import(
        runner, training, path, *STANDARD_MAP, "--map", "Commentaire=improve", "--replace"
    )
    assert result.exit_code == 0, result.output
    assert "2 responses imported before from this file were replaced." in result.output
    assert responses(db, training) == 2
    assert stored(db, training, "improve", "text") == ["Bien", "Long"]
    assert stored(db, training, "satisfaction", "likert") == [4, 5]

    listing = runner.invoke(args=["import-batches", str(training.id)]).output.splitlines()
    assert len(listing) == 1
    batch_id, _when, count, digest, name = listing[0].split("\t")
    assert (int(count), name) == (2, "sheet.csv")
    deleted = runner.invoke(args=["import-delete", str(training.id), "--batch", batch_id])
    assert deleted.exit_code == 0, deleted.output
    assert "Deleted 2 imported responses." in deleted.output
    assert responses(db, training) == 0
    assert responses(db, other) == 2  # the same file imported elsewhere stays
    again = runner.invoke(args=["import-delete", str(other.id), "--file-hash", digest])
    assert again.exit_code == 0 and responses(db, other) == 0
    nothing = runner.invoke(args=["import-delete", str(other.id), "--file-hash", digest])
    assert nothing.exit_code == 1 and "no imported responses match" in nothing.output
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_failed_replace_keeps_the_earlier_import(runner, db, make_training, tmp_path):
    training = make_training()
    path = write_csv(
        tmp_path / "sheet.csv", [["Satisfaction", "Adoption", "Note"], ["5", "4", "x"]]
    )
    assert run_import(runner, training, path, *STANDARD_MAP).exit_code == 0
    bad = run_import(runner, training, path, *STANDARD_MAP, "--map", "Note=recommend", "--replace")
    assert bad.exit_code == 1
    assert responses(db, training) == 1


# --- 8. Creating a project and a training from the command line ---------------------------


def test_project_and_training_create_then_import(runner, db, trainer, tmp_path):
    made = runner.invoke(
        args=["project", "create", "Migrations", "--owner", "Trainer@Example.org", "--json"]
    )
    assert made.exit_code == 0, made.output
    project = json.loads(made.output)
    made = runner.invoke(
        args=[
            "training",
            "create",
            "--project",
            str(project["id"]),
            "--title",
            "Atelier de Rabat",
            "--languages",
            "ar,fr",
            "--expected",
            "25",
            "--starts",
            "2016-05-16",
            "--ends",
            "2016-05-19",
            "--json",
        ]
    )
    assert made.exit_code == 0, made.output
    assert len(made.output.strip().splitlines()) == 1
    data = json.loads(made.output)
    db.rollback()
    training = db.get(Training, data["id"])
    assert data["code"] == training.code and data["path"] == f"/s/{training.code}"
    assert training.owner_id == trainer.id and training.project_id == project["id"]
    assert training.languages == ["fr", "ar"] and training.default_language == "ar"
    assert training.expected_participants == 25
    assert training.questionnaire.key == "standard-v1"
    path = write_csv(tmp_path / "a.csv", [["Satisfaction", "Adoption"], ["5", "4"]])
    imported = run_import(runner, training, path, *STANDARD_MAP)
    assert f"Imported 1 response into training {training.id} (" in imported.output
    listed = runner.invoke(args=["trainings"]).output
    assert f"{training.id}\t{training.code}\t/s/{training.code}\t1\tAtelier de Rabat" in listed


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ends", "2016-05-01", "--starts", "2016-05-19"], "The last day cannot be before"),
        (["--languages", "de"], "--languages: 'de' is not a valid choice"),
        (["--expected", "-3"], "--expected: Number must be between 0 and 100000."),
        (["--starts", "19/05/2016"], "--starts: Not a valid date value."),
    ],
)
def test_training_create_follows_the_web_form_rules(runner, db, trainer, args, message):
    project = json.loads(
        runner.invoke(args=["project", "create", "P", "--owner", trainer.email, "--json"]).output
    )
    result = runner.invoke(
        args=["training", "create", "--project", str(project["id"]), "--title", "T", *args]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert db.scalar(select(func.count()).select_from(Training)) == 0


def test_a_training_in_a_project_made_on_the_web_goes_to_its_trainer(
    runner, db, trainer, make_training
):
    earlier = make_training(owner=trainer)
    made = runner.invoke(
        args=[
            "training",
            "create",
            "--project",
            str(earlier.project_id),
            "--title",
            "Suite",
            "--json",
        ]
    )
    assert made.exit_code == 0, made.output
    db.rollback()
    assert db.get(Training, json.loads(made.output)["id"]).owner_id == trainer.id


def test_project_create_needs_an_existing_owner(runner, db):
    result = runner.invoke(args=["project", "create", "P", "--owner", "nobody@example.org"])
    assert result.exit_code == 2
    assert "no user with the e-mail nobody@example.org" in result.output


def test_the_new_commands_have_help(runner):
    for command in (
        ["project", "create"],
        ["training", "create"],
        ["import-batches"],
        ["import-delete"],
        ["import"],
    ):
        result = runner.invoke(args=[*command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output
    assert "--allow-incomplete" in runner.invoke(args=["import", "--help"]).output


def test_the_dashboard_shows_a_replaced_import_at_once(
    runner, logged_in, trainer, make_training, tmp_path
):
    """The dashboard caches figures by (number of responses, highest id): a replace that
    reused the deleted ids (SQLite does) left the page showing the old import."""
    training = make_training(owner=trainer)
    path = write_csv(
        tmp_path / "sheet.csv",
        [["Satisfaction", "Adoption", "Commentaire"], ["5", "4", "Une formation très utile"]],
    )
    assert run_import(runner, training, path, *STANDARD_MAP).exit_code == 0
    page = logged_in.get(f"/trainings/{training.id}")
    assert page.status_code == 200 and "Une formation très utile" not in page.text
    result = run_import(
        runner, training, path, *STANDARD_MAP, "--map", "Commentaire=improve", "--replace"
    )
    assert result.exit_code == 0, result.output
    assert "Une formation très utile" in logged_in.get(f"/trainings/{training.id}").text


def test_times_without_an_offset_are_the_trainings_local_time(runner, db, make_training, tmp_path):
    """A paper form dated 19 May in New York is a 19 May answer there, not 18 May."""
    training = make_training(timezone="America/New_York")
    path = write_csv(
        tmp_path / "ny.csv",
        [
            ["Satisfaction", "Adoption", "Date"],
            ["5", "4", "19/05/2016"],
            ["4", "4", "2016-05-19T23:30:00"],
            ["3", "4", "2016-05-19T10:00:00+02:00"],  # an offset written out wins
        ],
    )
    result = run_import(runner, training, path, *STANDARD_MAP, "--date-column", "Date")
    assert result.exit_code == 0, result.output
    db.rollback()
    stored = sorted(
        as_utc(when)
        for when in db.scalars(
            select(Response.submitted_at).where(Response.training_id == training.id)
        )
    )
    # New York is UTC-4 in May.
    assert stored == [
        datetime(2016, 5, 19, 4, 0, tzinfo=UTC),
        datetime(2016, 5, 19, 8, 0, tzinfo=UTC),
        datetime(2016, 5, 20, 3, 30, tzinfo=UTC),
    ]
