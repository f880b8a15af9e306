"""A response's closed answers in one column, so that figures read one row per person.

The answers table keeps one typed row per answer, which is what exports, comments and
multiple-choice counts read. But the figures need, per person, the combination of their
answers (satisfaction by country, knowledge before and after, Cronbach's alpha), and
grouping a dozen answer rows per person costs a second at 100,000 responses. So when a
response is stored, its answers to the closed single-value questions (Likert, 0-10,
single choice, yes/no, number) are also written, in question order, into
``responses.profile``: ``SELECT profile, count(*) ... GROUP BY profile`` then reads one
row per distinct combination.

The profile is derived data written in the same transaction as the answers, never
edited afterwards (responses are not edited). It starts with a fingerprint of the
questionnaire's closed questions: questionnaires do not change once created, and if one
ever did, reading an old profile fails loudly instead of shifting answers to the wrong
question.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event, select

from .questionnaire import Question, QuestionType
from .response import VALUE_COLUMNS, Response

SEPARATOR = "\t"
CLOSED_COLUMNS = tuple(c for c in VALUE_COLUMNS if c != "text")

# How each closed single-value type is read back from text.
PROFILE_TYPES: dict[str, type] = {
    QuestionType.LIKERT: int,
    QuestionType.RATING: int,
    QuestionType.SINGLE: str,
    QuestionType.YES_NO: str,
    QuestionType.NUMBER: float,
}


class ProfileError(ValueError):
    """A profile that does not fit its questionnaire."""


@dataclass(frozen=True)
class Layout:
    """Which questions a questionnaire's profiles hold, in order."""

    question_ids: tuple[int, ...]
    types: tuple[str, ...]

    @cached_property
    def fingerprint(self) -> str:
        text = ",".join(f"{qid}:{t}" for qid, t in zip(self.question_ids, self.types, strict=True))
        return format(zlib.crc32(text.encode()), "08x")

    def position(self, question_id: int) -> int | None:
        try:
            return self.question_ids.index(question_id)
        except ValueError:
            return None

    def encode(self, values: Mapping[int, Any]) -> str:
        """Return the profile of one person's answers (question id -> value)."""
        fields = [self.fingerprint]
        for qid in self.question_ids:
            value = values.get(qid)
            if value is None:
                fields.append("")
                continue
            text = repr(float(value)) if isinstance(value, float) else str(value)
            if SEPARATOR in text or not text:
                raise ProfileError(f"cannot store {value!r} in a profile")
            fields.append(text)
        return SEPARATOR.join(fields)

    def split(self, profile: str) -> list[str]:
        """Return the answers as text ("" where not answered), in ``question_ids`` order.

        Counting reads thousands of profiles: the text is converted only once per
        distinct value, by ``value``.
        """
        fingerprint, *fields = profile.split(SEPARATOR)
        if fingerprint != self.fingerprint or len(fields) != len(self.types):
            raise ProfileError("this response was stored with another version of its form")
        return fields

    def check(self, split_profiles: Iterable[Sequence[str]]) -> None:
        """Refuse profiles (each already split at the separator) of another layout."""
        shapes = {(fields[0], len(fields)) for fields in split_profiles}
        if shapes - {(self.fingerprint, len(self.types) + 1)}:
            raise ProfileError("a response was stored with another version of its form")

    def value(self, position: int, text: str) -> Any:
        """The typed value of one field of a profile (None where not answered)."""
        return PROFILE_TYPES[self.types[position]](text) if text else None

    def decode(self, profile: str) -> tuple[Any, ...]:
        """Return the typed values (None where not answered), in ``question_ids`` order."""
        return tuple(self.value(i, text) for i, text in enumerate(self.split(profile)))


def layout_of(questions: Iterable[Question]) -> Layout:
    """The layout of a questionnaire's questions (given in form order)."""
    closed = [(q.id, str(q.type)) for q in questions if q.type in PROFILE_TYPES]
    return Layout(tuple(qid for qid, _ in closed), tuple(t for _, t in closed))


def layout_for(connection, questionnaire_id: int) -> Layout:
    """The layout of a questionnaire, read with a Core connection (one small query)."""
    rows = connection.execute(
        select(Question.id, Question.type)
        .where(Question.questionnaire_id == questionnaire_id)
        .order_by(Question.position)
    ).all()
    closed = [(qid, str(t)) for qid, t in rows if t in PROFILE_TYPES]
    return Layout(tuple(qid for qid, _ in closed), tuple(t for _, t in closed))


def profile_from_rows(layout: Layout, rows: Sequence[tuple[int, str, Any]]) -> str:
    """The profile of (question id, column, value) rows, as the bulk inserts build them."""
    return layout.encode({qid: value for qid, _column, value in rows})


# Layouts of questionnaires answered through the ORM, per database: a form sends many
# responses to one questionnaire, which never changes (see the fingerprint above).
_answered: WeakKeyDictionary[Engine, dict[int, Layout]] = WeakKeyDictionary()


@event.listens_for(Response, "before_insert")
def _fill_profile(_mapper, connection, target: Response) -> None:
    """Responses stored through the ORM (the form, tests) get their profile here."""
    if target.profile is None:
        layouts = _answered.setdefault(connection.engine, {})
        layout = layouts.get(target.questionnaire_id)
        if layout is None:
            layout = layouts[target.questionnaire_id] = layout_for(
                connection, target.questionnaire_id
            )
        values = {}
        for answer in target.answers:
            for column in CLOSED_COLUMNS:
                if getattr(answer, column) is not None:
                    values[answer.question_id] = getattr(answer, column)
        target.profile = layout.encode(values)
