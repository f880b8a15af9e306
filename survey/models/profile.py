"""A response's answers in one column, so that figures read one row per person.

The answers table keeps one typed row per answer, which is what exports, comments and
multiple-choice counts read. But the figures need, per person, the combination of their
answers (satisfaction by country, knowledge before and after, Cronbach's alpha), and
grouping a dozen answer rows per person costs a second at 100,000 responses. So when a
response is stored, its answers are also written, in question order, into
``responses.profile``: the answer itself for closed single-value questions (Likert,
0-10, single choice, yes/no, number), and "1" for a multiple-choice or text question
the person answered. Counting then reads one short row per person.

The profile is derived data written in the same transaction as the answers; only the
retention command edits it, when it deletes text answers (``refresh_profiles``). It
starts with a fingerprint of the questionnaire's questions: questionnaires do not change
once created, and if one ever did, reading an old profile fails loudly instead of
shifting answers to the wrong question.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import event, select, update

from .questionnaire import Question, QuestionType
from .response import VALUE_COLUMNS, Answer, Response

SEPARATOR = "\t"
ANSWERED = "1"

# Closed single-value questions: the answer, and how it is read back from text.
VALUE_TYPES: dict[str, type] = {
    QuestionType.LIKERT: int,
    QuestionType.RATING: int,
    QuestionType.SINGLE: str,
    QuestionType.YES_NO: str,
    QuestionType.NUMBER: float,
}
# Several rows or free text: only whether the person answered.
ANSWERED_TYPES = (QuestionType.MULTIPLE, QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)


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
        """Return the profile of one person's answers (question id -> an answer)."""
        fields = [self.fingerprint]
        for qid, qtype in zip(self.question_ids, self.types, strict=True):
            value = values.get(qid)
            if value is None:
                fields.append("")
                continue
            if qtype not in VALUE_TYPES:
                fields.append(ANSWERED)
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
        """The typed value of one field of a profile (None where not answered).

        For a multiple-choice or text question: True when the person answered it.
        """
        if not text:
            return None
        kind = VALUE_TYPES.get(self.types[position])
        return True if kind is None else kind(text)

    def decode(self, profile: str) -> tuple[Any, ...]:
        """Return the typed values (None where not answered), in ``question_ids`` order."""
        return tuple(self.value(i, text) for i, text in enumerate(self.split(profile)))


def layout_of(questions: Iterable[Question]) -> Layout:
    """The layout of a questionnaire's questions (given in form order)."""
    return _layout([(q.id, q.type) for q in questions])


def _layout(rows: Iterable[tuple[int, str]]) -> Layout:
    kept = [(qid, str(t)) for qid, t in rows if t in VALUE_TYPES or t in ANSWERED_TYPES]
    return Layout(tuple(qid for qid, _ in kept), tuple(t for _, t in kept))


def layout_for(connection, questionnaire_id: int) -> Layout:
    """The layout of a questionnaire, read with a Core connection (one small query)."""
    return _layout(
        connection.execute(
            select(Question.id, Question.type)
            .where(Question.questionnaire_id == questionnaire_id)
            .order_by(Question.position)
        ).all()
    )


def profile_from_rows(layout: Layout, rows: Iterable[tuple[int, str, Any]]) -> str:
    """The profile of (question id, column, value) rows, as the bulk inserts build them."""
    return layout.encode({qid: value for qid, _column, value in rows if value is not None})


def refresh_profiles(session, response_ids) -> int:
    """Write again the profiles of these responses (a select of ids) from their answers.

    Only for the retention command, which deletes the text answers of old responses.
    Returns how many profiles were written.
    """
    responses = session.execute(
        select(Response.id, Response.questionnaire_id).where(Response.id.in_(response_ids))
    ).all()
    values: dict[int, dict[int, Any]] = defaultdict(dict)
    for response_id, question_id, *typed in session.execute(
        select(
            Answer.response_id, Answer.question_id, *(getattr(Answer, c) for c in VALUE_COLUMNS)
        ).where(Answer.response_id.in_(response_ids))
    ):
        value = next((v for v in typed if v is not None), None)
        if value is not None:
            values[response_id][question_id] = value
    layouts: dict[int, Layout] = {}
    for questionnaire_id in {q for _, q in responses}:
        layouts[questionnaire_id] = layout_for(session.connection(), questionnaire_id)
    if responses:
        session.execute(
            update(Response),
            [{"id": rid, "profile": layouts[qn].encode(values[rid])} for rid, qn in responses],
        )
    return len(responses)


@event.listens_for(Response, "before_insert")
def _fill_profile(_mapper, connection, target: Response) -> None:
    """Responses stored through the ORM (tests, scripts) get their profile here; the form
    and the bulk inserts write theirs with ``profile_from_rows``."""
    if target.profile is None:
        target.profile = profile_from_rows(
            layout_for(connection, target.questionnaire_id),
            [(a.question_id, c, getattr(a, c)) for a in target.answers for c in VALUE_COLUMNS],
        )
