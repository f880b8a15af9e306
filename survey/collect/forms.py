"""The participant's form, built from the questionnaire's questions."""

from __future__ import annotations

import re
import uuid

from flask import current_app
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField

from ..cleanform import TextOnlyBody
from ..models import Question, Questionnaire, QuestionType, layout_of
from ..questions import field_name, kind_of
from . import formtoken

# Stored in one form, lower-case hexadecimal without dashes (a UUID's 32 digits from the
# page or the phone), so the same id in capitals or with dashes is the same submission.
_SUBMISSION_ID = re.compile(r"[0-9a-f]{16,64}")


def canonical_sid(value: object) -> str | None:
    """The submission id ``value`` in its stored form, or None when it is not one."""
    if not isinstance(value, str):
        return None
    sid = value.replace("-", "").lower()
    return sid if _SUBMISSION_ID.fullmatch(sid) else None


class ParticipantForm(FlaskForm):
    class Meta(TextOnlyBody):
        # A token signed for the training (its code is the form's csrf_context), with no
        # session and no cookie: see formtoken.py.
        csrf_class = formtoken.FormTokenCSRF

    # Made when the form is first drawn and kept through re-renders, so a re-sent form
    # (double tap, back button, retry) is recognised and stored once.
    sid = HiddenField()

    questionnaire: Questionnaire
    lang: str

    def question_fields(self) -> list[tuple[Question, Field]]:
        return [(q, self[field_name(q)]) for q in self.questionnaire.questions]

    def sections(self) -> list[tuple[str, list[tuple[Question, Field]]]]:
        """Questions grouped by section, in form order, with the section's title."""
        groups: list[tuple[str, list[tuple[Question, Field]]]] = []
        current = None
        for question, field in self.question_fields():
            if question.section != current or not groups:
                current = question.section
                groups.append((self.questionnaire.section_label(current, self.lang), []))
            groups[-1][1].append((question, field))
        return groups

    def csrf_failed(self) -> bool:
        return "csrf_token" in self.errors

    def answer_rows(self) -> list[tuple[int, dict]]:
        """(question id, answer values) for every answered question."""
        rows = []
        for question, field in self.question_fields():
            for values in kind_of(question).answers(field.data):
                rows.append((question.id, values))
        return rows


class QuestionnaireForms:
    """A questionnaire, fully loaded, and its form class per language, each made once.

    Questionnaires never change once created, so one of these serves every request of
    a process; it is only read, so threads may share it.
    """

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.layout = layout_of(questionnaire.questions)
        self._classes: dict[str, type[ParticipantForm]] = {}

    def build(self, lang: str, code: str, **kwargs) -> ParticipantForm:
        """The form in ``lang`` for the training ``code`` (its token is signed for it)."""
        form_class = self._classes.get(lang)
        if form_class is None:
            fields = {
                field_name(q): kind_of(q).field(q, lang) for q in self.questionnaire.questions
            }
            form_class = type("QuestionnaireForm", (ParticipantForm,), fields)
            self._classes[lang] = form_class
        form = form_class(meta={"csrf_context": code}, **kwargs)
        form.questionnaire = self.questionnaire
        form.lang = lang
        if canonical_sid(form.sid.data) is None:  # stored in its canonical form
            form.sid.data = uuid.uuid4().hex
        return form

    def plain_answers(self, formdata: MultiDict, code: str) -> list[tuple[int, dict]] | None:
        """The answer rows of a form sent the plain way, else None: let WTForms judge it.

        Nearly every phone sends a valid token and submission id, then for each question
        nothing, one listed option or a short text. Those are read here directly, with
        the same result as ``build(...).validate()`` and ``answer_rows()``, at a fraction
        of the cost. Anything else (a missing required answer, an unknown option, text
        too long, a number, a stale token) goes through WTForms, which judges it the same
        way and says what is wrong.
        """
        if canonical_sid(formdata.get("sid")) is None or not _token_valid(formdata, code):
            return None
        rows = []
        for question in self.questionnaire.questions:
            read = _PLAIN_READERS.get(question.type)
            if read is None:  # a type not listed below
                return None
            data = read(question, formdata.getlist(field_name(question)))
            if data is _NOT_PLAIN or (question.required and data is None):
                return None
            rows += [(question.id, row) for row in kind_of(question).answers(data)]
        return rows


def _token_valid(formdata: MultiDict, code: str) -> bool:
    config = current_app.config
    if not config.get("WTF_CSRF_ENABLED", True):
        return True
    token = formdata.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return formtoken.problem(code, token, config.get("WTF_CSRF_TIME_LIMIT", 3600)) is None


# Each reader returns a field's data as WTForms would have it after a successful
# validation (None: not answered), or _NOT_PLAIN when WTForms must look at it.
_NOT_PLAIN = object()


def _one_of(values: list[str], codes: list[str]):
    if not values:
        return None
    if len(values) == 1 and values[0] in codes:
        return values[0]
    return _NOT_PLAIN


def _read_scale(question: Question, values: list[str]):
    value = _one_of(values, [str(v) for v in kind_of(question).values])
    return int(value) if isinstance(value, str) else value


def _read_choice(question: Question, values: list[str]):
    return _one_of(values, [choice["code"] for choice in question.choices])


def _read_choices(question: Question, values: list[str]):
    codes = {choice["code"] for choice in question.choices}
    return (values or None) if all(v in codes for v in values) else _NOT_PLAIN


def _read_text(question: Question, values: list[str]):
    if not values:
        return None
    text = values[0].replace("\x00", "").strip()  # the text field's own filter
    if len(values) != 1 or len(text) > kind_of(question).max_length:
        return _NOT_PLAIN
    return text or None


def _read_nothing(_question: Question, values: list[str]):
    return None if not values else _NOT_PLAIN


_PLAIN_READERS = {
    QuestionType.LIKERT: _read_scale,
    QuestionType.RATING: _read_scale,
    QuestionType.SINGLE: _read_choice,
    QuestionType.YES_NO: _read_choice,
    QuestionType.MULTIPLE: _read_choices,
    QuestionType.SHORT_TEXT: _read_text,
    QuestionType.LONG_TEXT: _read_text,
    QuestionType.NUMBER: _read_nothing,  # commas, spaces, signs: WTForms reads numbers
}
