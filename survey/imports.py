"""Import paper evaluations from a CSV file: validate every row, then write all or nothing."""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .models import Answer, Question, QuestionType, Response, Training, layout_of
from .models.dataversion import bump_revision
from .models.profile import profile_from_rows
from .models.response import VALUE_COLUMNS

SUBMISSION_PREFIX = "imp-"
BATCH = 1000
MAX_ERRORS = 200  # a wrong mapping fails every row: list enough to see why, not 100,000
_NO_VALUE = dict.fromkeys(VALUE_COLUMNS)


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file, header = 1, as a spreadsheet numbers it
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    added: int = 0
    already_there: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """Turn "column=question_code" strings (or lines of a mapping file) into a dict."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        pair = pair.strip()
        if not pair or pair.startswith("#"):
            continue
        column, sep, code = pair.partition("=")
        if not sep or not column.strip() or not code.strip():
            raise ValueError(f"expected column=question_code, got {pair!r}")
        mapping[column.strip()] = code.strip()
    return mapping


def _parse(question: Question, raw: str) -> tuple[str, Any] | list[tuple[str, Any]]:
    """Return (column, value) of one cell, or a list of them (multiple choice), or raise."""
    kind = question.type
    if kind == QuestionType.LIKERT:
        value = _integer(raw)
        if not 1 <= value <= 5:
            raise ValueError(f"{raw!r} is not on the 1-5 scale")
        return "likert", value
    if kind == QuestionType.RATING:
        value = _integer(raw)
        if not 0 <= value <= 10:
            raise ValueError(f"{raw!r} is not a rating from 0 to 10")
        return "rating", value
    if kind == QuestionType.NUMBER:
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        # float() also reads "inf" and "nan", which no figure can count.
        if not math.isfinite(number):
            raise ValueError(f"{raw!r} is not a number")
        return "number", number
    if kind in (QuestionType.SINGLE, QuestionType.YES_NO):
        return "choice", _choice(question, raw)
    if kind == QuestionType.MULTIPLE:
        parts = [p.strip() for p in raw.replace(";", "|").split("|") if p.strip()]
        return [("choice", _choice(question, p)) for p in dict.fromkeys(parts)]
    return "text", raw


def _integer(raw: str) -> int:
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise ValueError(f"{raw!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{raw!r} is not a whole number")
    return int(number)


def _choice(question: Question, raw: str) -> str:
    """Accept an option's code or its label in any language (case and spaces ignored)."""
    wanted = " ".join(raw.split()).casefold()
    for option in question.choices:
        names = [option["code"], *option.get("labels", {}).values()]
        if any(" ".join(str(n).split()).casefold() == wanted for n in names):
            return option["code"]
    codes = ", ".join(str(o["code"]) for o in question.choices)
    raise ValueError(f"{raw!r} is not one of the options ({codes})")


def submission_id(training: Training, row_number: int, cells: list[str]) -> str:
    """A deterministic id per file row: re-importing the same file adds nothing twice."""
    digest = hashlib.sha256(
        "\x1f".join([str(training.id), str(row_number), *cells]).encode("utf-8")
    ).hexdigest()
    return SUBMISSION_PREFIX + digest[:60]


def import_csv(
    session: Session,
    training: Training,
    path: Path | str,
    mapping: Mapping[str, str],
    *,
    language: str | None = None,
    date_column: str | None = None,
) -> ImportResult:
    """Check every row of the CSV file, then add its responses to the training.

    Nothing is written when any row has an error (the result lists them with their row
    numbers), and rows imported before are recognised by their submission id and skipped.
    The caller commits (one transaction for the whole file).
    """
    result = ImportResult()
    questions = {q.code: q for q in training.questionnaire.questions}
    language = language or training.default_language
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            result.errors.append(RowError(1, "", "the file is empty"))
            return result
        positions = {name: i for i, name in enumerate(header)}
        for column, code in mapping.items():
            if column not in positions:
                result.errors.append(RowError(1, column, "no such column in the header"))
            if code not in questions:
                result.errors.append(
                    RowError(1, column, f"no question {code!r} in the training's questionnaire")
                )
        if date_column and date_column not in positions:
            result.errors.append(RowError(1, date_column, "no such column in the header"))
        if result.errors:
            return result
        plan = [(column, positions[column], questions[code]) for column, code in mapping.items()]
        parsed: list[tuple[str, datetime, list[tuple[int, str, Any]]]] = []
        now = datetime.now(UTC)
        for row_number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank line
            result.rows += 1
            if len(cells) != len(header):
                _add(
                    result,
                    RowError(row_number, "", f"{len(cells)} cells, header has {len(header)}"),
                )
                continue
            answers: list[tuple[int, str, Any]] = []
            for column, at, question in plan:
                raw = cells[at].strip()
                if not raw:
                    continue
                try:
                    got = _parse(question, raw)
                except ValueError as error:
                    _add(result, RowError(row_number, column, str(error)))
                    continue
                for value_column, value in got if isinstance(got, list) else [got]:
                    answers.append((question.id, value_column, value))
            when = now
            if date_column:
                try:
                    when = datetime.fromisoformat(cells[positions[date_column]].strip())
                    if when.tzinfo is None:
                        when = when.replace(tzinfo=UTC)
                    # Stored in UTC: a time near year 1 or 9999 may not exist there.
                    when = when.astimezone(UTC)
                except (ValueError, OverflowError):
                    _add(result, RowError(row_number, date_column, "not a date (YYYY-MM-DD)"))
                    continue
            parsed.append((submission_id(training, row_number, cells), when, answers))
    if result.errors:
        return result
    existing = set(
        session.scalars(
            select(Response.submission_id).where(
                Response.training_id == training.id,
                Response.submission_id.startswith(SUBMISSION_PREFIX),
            )
        )
    )
    new = [item for item in parsed if item[0] not in existing]
    result.already_there = len(parsed) - len(new)
    insert_responses = insert(Response.__table__).returning(
        Response.__table__.c.id, sort_by_parameter_order=True
    )
    layout = layout_of(training.questionnaire.questions)
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        ids = session.scalars(
            insert_responses,
            [
                {
                    "training_id": training.id,
                    "questionnaire_id": training.questionnaire_id,
                    "submission_id": sid,
                    "submitted_at": when,
                    "language": language,
                    "profile": profile_from_rows(layout, answers),
                }
                for sid, when, answers in batch
            ],
        ).all()
        rows = []
        for response_id, (_sid, _when, answers) in zip(ids, batch, strict=True):
            for question_id, column, value in answers:
                row = {**_NO_VALUE, "response_id": response_id, "question_id": question_id}
                row[column] = value
                rows.append(row)
        if rows:
            session.execute(insert(Answer.__table__), rows)
    if new:
        bump_revision(session, Training.id == training.id)
    result.added = len(new)
    return result


def _add(result: ImportResult, error: RowError) -> None:
    if len(result.errors) < MAX_ERRORS:
        result.errors.append(error)
    elif len(result.errors) == MAX_ERRORS:
        result.errors.append(RowError(error.row, "", "more errors not listed"))
