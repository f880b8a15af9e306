"""Import paper evaluations from a CSV or Excel file: check every row, then write all or none."""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import hashlib
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from babel import Locale
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from .models import (
    Answer,
    ImportBatch,
    ImportedRow,
    Question,
    QuestionRole,
    QuestionType,
    Response,
    Training,
    layout_of,
)
from .models.dataversion import bump_revision
from .models.profile import profile_from_rows
from .models.response import VALUE_COLUMNS
from .questions import LONG_TEXT_MAX, SHORT_TEXT_MAX

SUBMISSION_PREFIX = "imp-"
TEMPORARY_PREFIX = "imr-"  # a replacing response's id until the one it replaces is gone
BATCH = 1000
MAX_ERRORS = 200  # a wrong mapping fails every row: list enough to see why, not 100,000
_NO_VALUE = dict.fromkeys(VALUE_COLUMNS)
# The participant form's limits (survey/questions): an import allows no more.
TEXT_LIMITS = {QuestionType.SHORT_TEXT: SHORT_TEXT_MAX, QuestionType.LONG_TEXT: LONG_TEXT_MAX}
NUMBER_MAX_LENGTH = 40
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
# Pages draw dates with Babel and compute day spans: years far off (0001, 9999) broke them.
FIRST_YEAR, LAST_YEAR = 1900, 2100
DELIMITERS = (",", ";", "\t")


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says why, in the user's language."""


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file, header = 1, as a spreadsheet numbers it
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _(
                "row %(row)s, column %(column)s: %(message)s",
                row=self.row,
                column=repr(self.column),
                message=self.message,
            )
        return _("row %(row)s: %(message)s", row=self.row, message=self.message)


@dataclass
class ImportResult:
    rows: int = 0
    added: int = 0
    already_there: int = 0
    empty: int = 0  # rows with no answer at all: not responses
    replaced: int = 0
    batch_id: int | None = None
    renamed: list[tuple[int, str]] = field(default_factory=list)  # (response, final id)
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    error_rows: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.error_count

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        self.error_rows.add(error.row)
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)

    def summary(self) -> str:
        """'1,815 errors in 967 rows; the first 200 are listed', in the user's language."""
        errors = ngettext(
            "%(count)s error", "%(count)s errors", self.error_count, count=_n(self.error_count)
        )
        rows = ngettext(
            "%(count)s row", "%(count)s rows", len(self.error_rows), count=_n(len(self.error_rows))
        )
        text = _("nothing imported: %(errors)s in %(rows)s", errors=errors, rows=rows)
        if len(self.errors) < self.error_count:
            text += ngettext(
                "; the first %(count)s is listed",
                "; the first %(count)s are listed",
                len(self.errors),
                count=_n(len(self.errors)),
            )
        return text


def _n(number: int) -> str:
    return format_decimal(number)


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)
    file_hash: str
    encoding: str = ""
    delimiter: str = ""


def read_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """Turn "column=question_code" strings (or lines of a mapping file) into a dict."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        pair = pair.strip()
        if not pair or pair.startswith("#"):
            continue
        column, sep, code = pair.partition("=")
        if not sep or not column.strip() or not code.strip():
            raise ValueError(_("expected column=question_code, got %(pair)s", pair=repr(pair)))
        mapping[column.strip()] = code.strip()
    return mapping


# --- Reading the file -------------------------------------------------------------------


def read_table(
    path: Path | str, *, encoding: str | None = None, delimiter: str | None = None
) -> Table:
    """Read a CSV (any usual encoding and separator) or .xlsx file into a header and rows."""
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, digest)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("this is an old Excel (.xls) file: save it as .xlsx or CSV, then import that")
        )
    text, encoding = _decode(data, encoding)
    delimiter = delimiter or _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(number, cells) for number, cells in enumerate(reader, start=1)]
    except csv.Error as error:
        raise ImportFileError(
            _("the file is not a readable CSV file (%(error)s)", error=error)
        ) from None
    if not rows:
        raise ImportFileError(_("the file is empty"))
    header = [h.strip() for h in rows[0][1]]
    return Table(header, rows[1:], digest, encoding, delimiter)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The file's text and its encoding: the one given, else UTF-8, UTF-16 or Windows-1252."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise ImportFileError(_("unknown encoding %(name)s", name=repr(encoding))) from None
        if name == "utf-8":
            name = "utf-8-sig"  # a BOM is not part of the header's first name
        try:
            return data.decode(name), name
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _(
                    "the file is not in the encoding %(name)s (byte %(byte)s at position "
                    "%(position)s); try another --encoding or leave it out",
                    name=encoding,
                    byte=f"0x{data[error.start]:02X}",
                    position=error.start,
                )
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        sample = data[:4096]
        # UTF-16 without a BOM: digits, separators and Latin letters leave every other
        # byte NUL (Arabic letters do not, hence a low bar); other text has next to none.
        half = max(1, len(sample) // 2)
        odd, even = sample[1::2].count(0) / half, sample[0::2].count(0) / half
        if odd > 0.1 and even < 0.02:
            candidates = ["utf-16-le"]
        elif even > 0.1 and odd < 0.02:
            candidates = ["utf-16-be"]
        else:
            # Windows-1252 is what Excel writes in French and English locales; it leaves
            # five bytes undefined, which Latin-1 reads.
            candidates = ["utf-8", "cp1252", "latin-1"]
    for name in candidates:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("the file's encoding is not recognised; give it with --encoding"))


def _guess_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in French) or tab: the one that splits the rows evenly."""
    sample = text[:65536]
    best, best_score = ",", (False, -1.0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            rows = [r for r in itertools.islice(reader, 51) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if len(rows) > 2:
            rows = rows[:-1]  # the sample may cut the last row
        if not rows:
            continue
        width = len(rows[0])
        even = sum(len(r) == width for r in rows[1:]) / max(1, len(rows) - 1)
        score = (width > 1, even, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_xlsx(data: bytes, digest: str) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("the file is not a readable Excel (.xlsx) file (%(error)s)", error=error)
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    if not rows:
        raise ImportFileError(_("the file is empty"))
    header = [h.strip() for h in rows[0][1]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body = []
    for number, cells in rows[1:]:
        # A sheet is as wide as its widest row: blank cells past the header are not cells.
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        body.append((number, cells + [""] * (width - len(cells))))
    return Table(header, body, digest, "xlsx", "")


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- Matching cells to answers ----------------------------------------------------------


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


def normalise(text: str) -> str:
    """A label as compared: no accents or Arabic vowel marks, case, or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    return " ".join(bare.split()).casefold()


def _variants(label: str) -> list[str]:
    # "Satisfait(e)" is written "satisfait" or "satisfaite" on paper.
    if "(e)" not in label:
        return [label]
    return [label, label.replace("(e)", ""), label.replace("(e)", "e")]


@functools.cache
def _country_names() -> dict[str, str]:
    """Every country's name in French, English and Arabic, its ISO code, and aliases."""
    names: dict[str, str] = {}
    for lang in ("fr", "en", "ar"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(normalise(name), code)
                names.setdefault(normalise(code), code)
    for alias, code in COUNTRY_ALIASES.items():
        names[normalise(alias)] = code
    return names


COUNTRY_ALIASES = {
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "United States of America": "US",
    "Etats-Unis d'Amerique": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Grande-Bretagne": "GB",
    "England": "GB",
    "Angleterre": "GB",
    "Royaume Uni": "GB",
    "Ivory Coast": "CI",
    "Cote d'Ivoire": "CI",
    "RDC": "CD",
    "DRC": "CD",
    "RD Congo": "CD",
    "UAE": "AE",
    "EAU": "AE",
    "KSA": "SA",
    "Holland": "NL",
    "Hollande": "NL",
    "Turkey": "TR",
    "Czech Republic": "CZ",
    "Swaziland": "SZ",
    "Burma": "MM",
}


def _options(question: Question) -> dict[str, str]:
    """Each way to write one of the question's options, normalised, to the option's code."""
    lookup: dict[str, str] = {}
    for option in question.choices:
        lookup.setdefault(normalise(str(option["code"])), option["code"])
    for option in question.choices:
        for label in option.get("labels", {}).values():
            for variant in _variants(str(label)):
                lookup.setdefault(normalise(variant), option["code"])
    return lookup


class _Parser:
    """Turns one question's cells into answer values, as its form field would accept them."""

    def __init__(self, question: Question) -> None:
        self.question = question
        self.options = _options(question)
        self.codes = {option["code"] for option in question.choices}
        self.is_country = question.role == QuestionRole.COUNTRY

    def parse(self, raw: str) -> list[tuple[str, Any]]:
        """The (column, value) pairs of one cell (several for multiple choice), or raise."""
        kind = self.question.type
        if kind == QuestionType.LIKERT:
            return [("likert", self._scale(raw, 1, 5))]
        if kind == QuestionType.RATING:
            return [("rating", self._scale(raw, 0, 10))]
        if kind == QuestionType.NUMBER:
            return [("number", _number(raw))]
        if kind in (QuestionType.SINGLE, QuestionType.YES_NO):
            return [("choice", self._choice(raw))]
        if kind == QuestionType.MULTIPLE:
            parts = [p.strip() for p in raw.replace(";", "|").split("|") if p.strip()]
            return [("choice", code) for code in dict.fromkeys(self._choice(p) for p in parts)]
        limit = TEXT_LIMITS.get(QuestionType(kind), LONG_TEXT_MAX)
        if len(raw) > limit:
            raise ValueError(
                _(
                    "the text has %(length)s characters; the form allows at most %(limit)s",
                    length=_n(len(raw)),
                    limit=_n(limit),
                )
            )
        return [("text", raw)]

    def _scale(self, raw: str, low: int, high: int) -> int:
        try:
            value = _integer(raw)
        except ValueError:
            code = self.options.get(normalise(raw))
            if code is None:
                if self.question.choices:
                    raise ValueError(self._not_an_option(raw)) from None
                raise
            value = int(code)
        if not low <= value <= high:
            if high == 5:
                raise ValueError(_("%(value)s is not on the 1-5 scale", value=repr(raw)))
            raise ValueError(_("%(value)s is not a rating from 0 to 10", value=repr(raw)))
        return value

    def _choice(self, raw: str) -> str:
        key = normalise(raw)
        code = self.options.get(key)
        if code is not None:
            return code
        if self.is_country:
            country = _country_names().get(key)
            if country in self.codes:
                return country
            if country is not None and "OTHER" in self.codes:
                return "OTHER"  # as a participant from elsewhere answers on the form
        raise ValueError(self._not_an_option(raw))

    def _not_an_option(self, raw: str) -> str:
        codes = ", ".join(str(o["code"]) for o in self.question.choices)
        return _("%(value)s is not one of the options (%(codes)s)", value=repr(raw), codes=codes)


def _integer(raw: str) -> int:
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise ValueError(_("%(value)s is not a whole number", value=repr(raw))) from None
    if not number.is_integer():
        raise ValueError(_("%(value)s is not a whole number", value=repr(raw)))
    return int(number)


def _number(raw: str) -> float:
    # The form's rule (survey/questions): digits with one decimal mark, spaces allowed.
    bare = raw.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if len(raw) > NUMBER_MAX_LENGTH or not _NUMBER.match(bare):
        raise ValueError(_("%(value)s is not a number", value=repr(raw[:50])))
    return float(bare.replace(",", "."))


def _date(raw: str, zone: tzinfo = UTC) -> datetime:
    """A form's date and time: ISO 8601 (an offset is kept), or DD/MM/YYYY as Excel writes it.

    A time without an offset is the training's local time, as written on paper in the
    room: read as UTC, a form dated 19 May in New York would count on 18 May.
    """
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        try:
            when = datetime.strptime(raw, "%d/%m/%Y")
        except ValueError:
            raise ValueError(_("not a date (YYYY-MM-DD or DD/MM/YYYY)")) from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise ValueError(
            _(
                "the date %(value)s is not between the years %(first)s and %(last)s",
                value=repr(raw),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    # Stored in UTC: SQLite keeps no offset, so 10:00+02:00 must be written as 08:00.
    return (when.replace(tzinfo=zone) if when.tzinfo is None else when).astimezone(UTC)


def _close_names(name: str, names: Iterable[str]) -> str:
    """'; did you mean 'Q1', 'Q11'?' from the valid names nearest to ``name``."""
    names = list(names)
    by_case = {n.casefold(): n for n in names}
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if name.casefold() in by_case and by_case[name.casefold()] not in near:
        near.insert(0, by_case[name.casefold()])
    if not near:
        return ""
    return _("; did you mean %(names)s?", names=", ".join(repr(n) for n in near))


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
    encoding: str | None = None,
    delimiter: str | None = None,
    allow_incomplete: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Check every row of the file (CSV or .xlsx), then add its responses to the training.

    Nothing is written when any row has an error (the result lists them with their row
    numbers), and rows imported before are recognised by their submission id and skipped.
    With ``replace``, the responses imported before from the same file (same bytes) are
    deleted first. The caller commits (one transaction for the whole file).
    """
    result = ImportResult()
    try:
        table = read_table(path, encoding=encoding, delimiter=delimiter)
    except ImportFileError as error:
        result.add_error(RowError(1, "", str(error)))
        return result
    header = table.header
    questions = {q.code: q for q in training.questionnaire.questions}
    language = language or training.default_language
    positions = {name: i for i, name in enumerate(header)}
    columns_of: dict[str, list[str]] = {}
    for column, code in mapping.items():
        if column not in positions:
            result.add_error(
                RowError(
                    1, column, _("no such column in the header") + _close_names(column, header)
                )
            )
        if code not in questions:
            result.add_error(
                RowError(
                    1,
                    column,
                    _("no question %(code)s in the training's questionnaire", code=repr(code))
                    + _close_names(code, questions),
                )
            )
        columns_of.setdefault(code, []).append(column)
    for code, columns in columns_of.items():
        if len(columns) > 1 and code in questions:
            result.add_error(
                RowError(
                    1,
                    "",
                    _(
                        "columns %(columns)s all go into question %(code)s: map one column "
                        "per question",
                        columns=", ".join(repr(c) for c in columns),
                        code=repr(code),
                    ),
                )
            )
    if date_column and date_column not in positions:
        result.add_error(
            RowError(
                1,
                date_column,
                _("no such column in the header") + _close_names(date_column, header),
            )
        )
    required = [q for q in training.questionnaire.questions if q.required]
    if not allow_incomplete:
        for question in required:
            if question.code not in columns_of:
                result.add_error(
                    RowError(
                        1,
                        "",
                        _(
                            "no column goes into the required question %(code)s: map one, "
                            "or import with --allow-incomplete",
                            code=repr(question.code),
                        ),
                    )
                )
    if result.errors:
        return result
    plan = [
        (column, positions[column], questions[code], _Parser(questions[code]))
        for column, code in mapping.items()
    ]
    required_ids = set() if allow_incomplete else {q.id for q in required}
    parsed: list[tuple[str, int, datetime, list[tuple[int, str, Any]]]] = []
    now = datetime.now(UTC)
    for row_number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue  # blank line
        result.rows += 1
        if len(cells) != len(header):
            result.add_error(
                RowError(
                    row_number,
                    "",
                    _(
                        "%(cells)s cells, header has %(header)s",
                        cells=len(cells),
                        header=len(header),
                    ),
                )
            )
            continue
        errors_before = result.error_count
        answers: list[tuple[int, str, Any]] = []
        answered: set[int] = set()
        for column, at, question, parser in plan:
            raw = cells[at].strip()
            if not raw:
                continue
            answered.add(question.id)  # even if wrongly: one error per cell is enough
            if "\x00" in raw:
                result.add_error(RowError(row_number, column, _nul_message()))
                continue
            try:
                values = parser.parse(raw)
            except ValueError as error:
                result.add_error(RowError(row_number, column, str(error)))
                continue
            answers += [(question.id, value_column, value) for value_column, value in values]
        if not answers and result.error_count == errors_before:
            result.rows -= 1
            result.empty += 1  # no answer at all: not a response
            continue
        for question in required:
            if question.id in required_ids and question.id not in answered:
                result.add_error(
                    RowError(
                        row_number,
                        "",
                        _(
                            "no answer to the required question %(code)s (import such rows "
                            "with --allow-incomplete)",
                            code=repr(question.code),
                        ),
                    )
                )
        when = now
        if date_column:
            raw = cells[positions[date_column]].strip()
            try:
                if "\x00" in raw:
                    raise ValueError(_nul_message())
                when = _date(raw, training.zone)
            except ValueError as error:
                result.add_error(RowError(row_number, date_column, str(error)))
                continue
        sid = submission_id(training, row_number, cells)
        parsed.append((sid, row_number, when, answers))
    if not result.ok:
        return result
    # Replaced responses are deleted after the new ones are added, so that the new ones
    # get higher ids: the dashboard's cache is keyed by (count, highest id), and SQLite
    # would give deleted ids out again. Meanwhile the new ones hold a temporary id.
    doomed = _batch_ids(session, training, file_hash=table.file_hash) if replace else []
    doomed_sids = set(
        session.scalars(
            select(Response.submission_id).where(
                Response.id.in_(
                    select(ImportedRow.response_id).where(ImportedRow.batch_id.in_(doomed))
                )
            )
        )
        if doomed
        else ()
    )
    existing = set(
        session.scalars(
            select(Response.submission_id).where(
                Response.training_id == training.id,
                Response.submission_id.startswith(SUBMISSION_PREFIX),
            )
        )
    )
    kept = existing - doomed_sids
    new = [item for item in parsed if item[0] not in kept]
    result.already_there = len(parsed) - len(new)
    if new:
        _insert(session, training, table, Path(path).name, language, new, doomed_sids, result)
    if doomed:
        result.replaced = delete_imported(session, training, batch_ids=doomed)
    if result.renamed:
        session.execute(
            update(Response),
            [{"id": response_id, "submission_id": sid} for response_id, sid in result.renamed],
        )
    return result


def _insert(
    session: Session,
    training: Training,
    table: Table,
    file_name: str,
    language: str,
    new: list[tuple[str, int, datetime, list[tuple[int, str, Any]]]],
    doomed_sids: set[str],
    result: ImportResult,
) -> None:
    """Add the new responses, their answers and their rows as one batch."""
    batch = ImportBatch(
        training_id=training.id, file_hash=table.file_hash, file_name=file_name[:300]
    )
    session.add(batch)
    session.flush()
    result.batch_id = batch.id
    insert_responses = insert(Response.__table__).returning(
        Response.__table__.c.id, sort_by_parameter_order=True
    )
    layout = layout_of(training.questionnaire.questions)
    for start in range(0, len(new), BATCH):
        chunk = new[start : start + BATCH]
        ids = session.scalars(
            insert_responses,
            [
                {
                    "training_id": training.id,
                    "questionnaire_id": training.questionnaire_id,
                    "submission_id": TEMPORARY_PREFIX + sid[len(SUBMISSION_PREFIX) :]
                    if sid in doomed_sids
                    else sid,
                    "submitted_at": when,
                    "language": language,
                    "profile": profile_from_rows(layout, answers),
                }
                for sid, _row, when, answers in chunk
            ],
        ).all()
        result.renamed += [
            (response_id, sid)
            for response_id, (sid, _row, _when, _answers) in zip(ids, chunk, strict=True)
            if sid in doomed_sids
        ]
        rows = []
        for response_id, (_sid, _row, _when, answers) in zip(ids, chunk, strict=True):
            for question_id, column, value in answers:
                row = {**_NO_VALUE, "response_id": response_id, "question_id": question_id}
                row[column] = value
                rows.append(row)
        if rows:
            session.execute(insert(Answer.__table__), rows)
        session.execute(
            insert(ImportedRow.__table__),
            [
                {"response_id": response_id, "batch_id": batch.id, "row": row_number}
                for response_id, (_sid, row_number, _when, _answers) in zip(ids, chunk, strict=True)
            ],
        )
    if new:
        bump_revision(session, Training.id == training.id)
    result.added = len(new)


def _nul_message() -> str:
    return _(
        "the cell holds a NUL character (an invisible control character, often left by "
        "another program): remove it and import again"
    )


def _batch_ids(
    session: Session,
    training: Training,
    *,
    file_hash: str | None = None,
    batch_id: int | None = None,
) -> list[int]:
    query = select(ImportBatch.id).where(ImportBatch.training_id == training.id)
    if batch_id is not None:
        query = query.where(ImportBatch.id == batch_id)
    if file_hash is not None:
        query = query.where(ImportBatch.file_hash.startswith(file_hash.lower()))
    return list(session.scalars(query))


def delete_imported(
    session: Session,
    training: Training,
    *,
    file_hash: str | None = None,
    batch_id: int | None = None,
    batch_ids: list[int] | None = None,
) -> int:
    """Delete the responses imported into the training from one file (or batch, or batches).

    ``file_hash`` may be the first characters of the hash, as `import-batches` shows it.
    Returns how many responses were deleted; the caller commits.
    """
    if batch_ids is None:
        batch_ids = _batch_ids(session, training, file_hash=file_hash, batch_id=batch_id)
    if not batch_ids:
        return 0
    in_batches = select(ImportedRow.response_id).where(ImportedRow.batch_id.in_(batch_ids))
    deleted = session.execute(
        delete(Response).where(Response.id.in_(in_batches)),
        execution_options={"synchronize_session": False},
    ).rowcount
    session.execute(delete(ImportBatch).where(ImportBatch.id.in_(batch_ids)))
    if deleted:
        bump_revision(session, Training.id == training.id)
    return deleted


def import_batches(session: Session, training: Training) -> list[tuple[ImportBatch, int]]:
    """The training's import batches, oldest first, with how many responses each still has."""
    counts = dict(
        session.execute(
            select(ImportedRow.batch_id, func.count())
            .join(ImportBatch, ImportBatch.id == ImportedRow.batch_id)
            .where(ImportBatch.training_id == training.id)
            .group_by(ImportedRow.batch_id)
        ).all()
    )
    batches = session.scalars(
        select(ImportBatch).where(ImportBatch.training_id == training.id).order_by(ImportBatch.id)
    )
    return [(batch, counts.get(batch.id, 0)) for batch in batches]
