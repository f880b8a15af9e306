"""Response exports: one row per response, streamed in constant memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Answer, QuestionType, Response, Training
from .models.base import as_utc, zone_named
from .models.response import VALUE_COLUMNS
from .parsing import plain_int
from .reports.strings import strings_for
from .results import Filters, response_conditions

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2000


def neutralise(value: str) -> str:
    """Make a cell inert in Excel / LibreOffice by prefixing a quote when needed."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


EXPORT_LANGS = ("fr", "en", "ar", "codes")
BASE_HEADER = ("response_id", "submitted_at", "language")


def _columns(training: Training, lang: str):
    """Return the header and the per-question choice labels for an export in ``lang``.

    ``lang == "codes"`` gives question codes as headers and answer codes as values, the
    form that survives a round trip through a statistics package.
    """
    questions = list(training.questionnaire.questions)
    if lang == "codes":
        header = [*BASE_HEADER, *(q.code for q in questions)]
        choice_labels: dict[int, dict[str, str]] = {}
    else:
        t = strings_for(lang)
        header = [t["export_response"], t["export_submitted_at"], t["export_language"]]
        header += [neutralise(q.label(lang)) for q in questions]
        choice_labels = {
            q.id: {c["code"]: q.choice_label(c["code"], lang) for c in q.choices}
            for q in questions
            if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.YES_NO)
        }
        # A scale's number alone ("4") means nothing without its words: "4 - D'accord".
        for q in questions:
            if q.type == QuestionType.LIKERT and q.choices:
                choice_labels[q.id] = {
                    c["code"]: f"{c['code']} - {q.choice_label(c['code'], lang)}" for c in q.choices
                }
    return header, [q.id for q in questions], choice_labels


def csv_lines(
    session: Session, training: Training, lang: str, filters: Filters | None = None
) -> Iterator[str]:
    """Yield the training's responses as CSV text: UTF-8 BOM, then one line per response.

    Everything the rows need from the ORM is read before the first line is yielded, so a
    response streamed after the request's session has closed still works. The rows are
    read in batches through ``session``, which the caller owns. ``filters`` are the
    dashboard's: an export shows the responses the trainer is looking at.
    """
    header, question_ids, choice_labels = _columns(training, lang)
    rows = _row_batches(session, training, question_ids, choice_labels, filters)
    return _csv_rows(header, rows)


def _csv_rows(header, rows) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    # The BOM makes Excel read French and Arabic text as UTF-8.
    yield "\ufeff"
    writer.writerow(header)
    yield flush()
    for batch in rows:
        writer.writerows(batch)
        yield flush()


def _row_batches(session, training, question_ids, choice_labels, filters) -> Iterator[list[list]]:
    """Yield lists of export rows, BATCH responses at a time (keyset pagination on id)."""
    conditions = response_conditions([training.id], filters)
    # Times as the training's people lived them, with the offset that makes them exact.
    zone = zone_named(training.timezone)
    last_id = 0
    while True:
        responses = session.execute(
            select(Response.id, Response.submitted_at, Response.language)
            .where(*conditions, Response.id > last_id)
            .order_by(Response.id)
            .limit(BATCH)
        ).all()
        if not responses:
            return
        last_id = responses[-1].id
        values: dict[int, dict[int, list[str]]] = {r.id: {} for r in responses}
        # Plain rows through the connection (no ORM bookkeeping per row), and one test per
        # value column in the loop: at 50,000 responses these rows number over a million.
        answers = session.connection().execute(
            select(Answer.response_id, Answer.question_id, *ANSWER_VALUES)
            .where(Answer.response_id.in_(list(values)))
            .order_by(Answer.id)
        )
        for response_id, question_id, likert, rating, number, choice, text in answers:
            if likert is not None:
                value = str(likert)
            elif rating is not None:
                value = str(rating)
            elif choice is not None:
                value = choice
            elif text is not None:
                value = text
            else:
                value = _text(number)
            labels = choice_labels.get(question_id)
            if labels is not None:
                value = labels.get(value, value)
            per_question = values[response_id]
            if question_id in per_question:
                per_question[question_id].append(value)
            else:
                per_question[question_id] = [value]
        yield [
            [
                response.id,
                as_utc(response.submitted_at).astimezone(zone).isoformat(timespec="seconds"),
                response.language,
                *_cells(values[response.id], question_ids),
            ]
            for response in responses
        ]


def _cells(answered: dict[int, list[str]], question_ids: list[int]) -> list[str]:
    """One response's cells in question order: its answers joined, or empty."""
    return [
        neutralise(" | ".join(answered[qid])) if qid in answered else "" for qid in question_ids
    ]


# likert, rating, number, choice, text: the order the loop above unpacks them in.
ANSWER_VALUES = tuple(getattr(Answer, column) for column in VALUE_COLUMNS)


def write_xlsx(
    session: Session,
    training: Training,
    lang: str,
    target: IO[bytes],
    filters: Filters | None = None,
) -> None:
    """Write the responses as an Excel workbook to ``target`` (a file opened for writing).

    XlsxWriter's constant-memory mode writes each row to a temporary file as it comes, so
    memory stays flat however many responses there are. Text is only ever text: never
    read as a formula, a link or a number (cells are neutralised as well, for the CSV's
    sake and for whoever saves the sheet again).
    """
    header, question_ids, choice_labels = _columns(training, lang)
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet("responses")
    if lang == "ar":
        sheet.right_to_left()  # an Arabic sheet reads from the right
    sheet.write_row(0, 0, header)
    number = 1
    for batch in _row_batches(session, training, question_ids, choice_labels, filters):
        for row in batch:
            sheet.write_row(number, 0, [_number_or_text(cell) for cell in row])
            number += 1
    workbook.close()


def _number_or_text(cell):
    """Numbers stay numbers in Excel; everything else is text (already neutralised)."""
    if isinstance(cell, int):
        return cell
    if isinstance(cell, str) and len(cell) < 10 and (number := plain_int(cell)) is not None:
        return number
    return cell


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
