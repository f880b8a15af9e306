"""Question types: one small class each, found through a plain dict registry.

Each type builds its form field, turns the field's data into answer rows, and names
the partial that draws it on the participant's form.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..cleanform import without_nul
from ..models import Question, QuestionType

REQUIRED_MESSAGE = _l("Please answer this question.")
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


class QuestionKind:
    """What one question type knows: its field, its answer column, its partial."""

    type: ClassVar[QuestionType]
    column: ClassVar[str]
    partial: ClassVar[str]

    def field(self, question: Question, lang: str) -> Field:
        raise NotImplementedError

    def answers(self, data: Any) -> list[dict[str, Any]]:
        """Answer-row values for the field's data; [] when the question was left empty."""
        if data is None or data == "" or data == []:
            return []
        return [{self.column: data}]

    def presence(self, question: Question) -> list:
        return [InputRequired(message=REQUIRED_MESSAGE)] if question.required else [Optional()]


class _Scale(QuestionKind):
    values: ClassVar[range]
    partial = "scale"

    def field(self, question: Question, lang: str) -> Field:
        labels = {c["code"]: question.choice_label(c["code"], lang) for c in question.choices}
        choices = [SelectChoice(str(v), labels.get(str(v), str(v))) for v in self.values]
        return RadioField(
            question.label(lang),
            choices=choices,
            coerce=_int_or_none,
            validators=self.presence(question),
            validate_choice=True,
        )


class Likert(_Scale):
    type = QuestionType.LIKERT
    column = "likert"
    values = range(1, 6)


class Rating(_Scale):
    type = QuestionType.RATING
    column = "rating"
    values = range(0, 11)
    partial = "rating"


class SingleChoice(QuestionKind):
    type = QuestionType.SINGLE
    column = "choice"
    partial = "choice"

    def field(self, question: Question, lang: str) -> Field:
        choices = _choices(question, lang)
        return RadioField(
            question.label(lang),
            choices=choices,
            validators=self.presence(question),
            coerce=_str_or_none,
        )


class YesNo(SingleChoice):
    type = QuestionType.YES_NO


class MultipleChoice(QuestionKind):
    type = QuestionType.MULTIPLE
    column = "choice"
    partial = "checkboxes"

    def field(self, question: Question, lang: str) -> Field:
        choices = _choices(question, lang)
        return SelectMultipleField(
            question.label(lang), choices=choices, validators=self.presence(question)
        )

    def answers(self, data: Any) -> list[dict[str, Any]]:
        # A code ticked twice in a forged request is stored once.
        return [{"choice": code} for code in dict.fromkeys(data or [])]


class ShortText(QuestionKind):
    type = QuestionType.SHORT_TEXT
    column = "text"
    partial = "text"
    max_length = SHORT_TEXT_MAX

    def field(self, question: Question, lang: str) -> Field:
        return StringField(
            question.label(lang),
            validators=[*self.presence(question), Length(max=self.max_length)],
            filters=[_strip],
        )


class LongText(ShortText):
    type = QuestionType.LONG_TEXT
    partial = "textarea"
    max_length = LONG_TEXT_MAX

    def field(self, question: Question, lang: str) -> Field:
        return TextAreaField(
            question.label(lang),
            validators=[*self.presence(question), Length(max=self.max_length)],
            filters=[_strip],
        )


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _number(form, field) -> None:
    raw = (field.data or "").replace(" ", "").replace("\u202f", "")
    if raw and not _NUMBER.match(raw):
        raise ValidationError(_l("Please enter a number, for example 12 or 3.5."))


class Number(QuestionKind):
    type = QuestionType.NUMBER
    column = "number"
    partial = "number"

    def field(self, question: Question, lang: str) -> Field:
        return StringField(
            question.label(lang),
            validators=[*self.presence(question), Length(max=40), _number],
            filters=[_strip],
        )

    def answers(self, data: Any) -> list[dict[str, Any]]:
        raw = (data or "").replace(" ", "").replace("\u202f", "").replace(",", ".")
        return [{"number": float(raw)}] if raw else []


def _choices(question: Question, lang: str) -> list[SelectChoice]:
    return [
        SelectChoice(c["code"], question.choice_label(c["code"], lang)) for c in question.choices
    ]


def _strip(value: Any) -> Any:  # and drop NUL, which PostgreSQL text refuses
    value = without_nul(value)
    return value.strip() if isinstance(value, str) else value


def _int_or_none(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        # Not one of the offered values: RadioField's choice check then reports it.
        return None


def _str_or_none(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


REGISTRY: dict[str, QuestionKind] = {
    kind.type.value: kind
    for kind in (
        Likert(),
        Rating(),
        SingleChoice(),
        YesNo(),
        MultipleChoice(),
        ShortText(),
        LongText(),
        Number(),
    )
}


def kind_of(question: Question) -> QuestionKind:
    return REGISTRY[question.type]


def field_name(question: Question) -> str:
    """Form field names are derived from question codes."""
    return "q_" + question.code
