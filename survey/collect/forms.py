"""The participant's form, built from the questionnaire's questions."""

from __future__ import annotations

import re
import uuid

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField

from ..models import Question, Questionnaire
from ..questions import field_name, kind_of

SUBMISSION_ID = re.compile(r"^[0-9a-fA-F-]{16,64}$")


class ParticipantForm(FlaskForm):
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


def build_form(questionnaire: Questionnaire, lang: str, **kwargs) -> ParticipantForm:
    fields = {field_name(q): kind_of(q).field(q, lang) for q in questionnaire.questions}
    form_class = type("QuestionnaireForm", (ParticipantForm,), fields)
    form = form_class(**kwargs)
    form.questionnaire = questionnaire
    form.lang = lang
    if not SUBMISSION_ID.match(form.sid.data or ""):
        form.sid.data = uuid.uuid4().hex
    return form
