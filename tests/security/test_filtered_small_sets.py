"""A dashboard filter cannot narrow the figures down to a few people.

The training page may be projected in the room: with country = Cameroon and one
Cameroonian, it showed that person's answers and comment. A filtered set's figures are
shown only when it counts at least MIN_CELL_SIZE people, and when it leaves out none or
at least as many (else the unfiltered page, a click away, gives the few by difference).
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest

from survey.models import Answer, Response

_ids = itertools.count(1)
SECRET = "Je suis le seul Camerounais et je veux partir"


def add_response(db, training, when, comment=None, **choices):
    questions = {q.code: q for q in training.questionnaire.questions}
    response = Response(
        training_id=training.id,
        questionnaire_id=training.questionnaire_id,
        submission_id=f"filtered-{next(_ids)}",
        submitted_at=when,
        language="fr",
    )
    response.answers.append(Answer(question_id=questions["satisfaction"].id, likert=5))
    response.answers.append(Answer(question_id=questions["adopt"].id, likert=4))
    for code, value in choices.items():
        response.answers.append(Answer(question_id=questions[code].id, choice=value))
    if comment:
        response.answers.append(Answer(question_id=questions["improve"].id, text=comment))
    db.add(response)


@pytest.fixture
def room(db, trainer, make_training):
    """8 from Morocco and 6 from Nigeria on the first day; one Cameroonian on the second."""
    training = make_training(owner=trainer, expected=20)
    first, second = datetime(2016, 5, 19, 10, tzinfo=UTC), datetime(2016, 5, 20, 10, tzinfo=UTC)
    for _ in range(8):
        add_response(db, training, first, country="MA", sex="F")
    for _ in range(6):
        add_response(db, training, first, country="NG", sex="M")
    add_response(db, training, second, comment=SECRET, country="CM", sex="M")
    db.commit()
    return training


def page(client, training, query, lang="en"):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    response = client.get(f"/trainings/{training.id}?{query}")
    assert response.status_code == 200
    return response.text


def shows_figures(html):
    return 'id="kpi-satisfied"' in html or "breakdown-country" in html


def test_a_filter_matching_one_person_shows_none_of_their_answers(logged_in, room):
    html = page(logged_in, room, "country=CM")
    assert not shows_figures(html)
    assert SECRET not in html
    assert "of 1 respondents" not in html and "the 1 responses" not in html
    assert "Fewer than 5 responses match these filters" in html
    # A set large enough is shown as before.
    assert shows_figures(page(logged_in, room, "country=NG"))
    assert shows_figures(page(logged_in, room, "country=MA&sex=F"))


def test_a_filter_leaving_out_one_person_shows_nothing_either(logged_in, room):
    # Everyone but the Cameroonian (the first day): the unfiltered page minus this one
    # would be that person's answers.
    html = page(logged_in, room, "until=2016-05-19")
    assert not shows_figures(html)
    assert "All but fewer than 5 responses match these filters" in html
    assert shows_figures(page(logged_in, room, ""))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "Moins de 5 réponses correspondent à ces filtres"),
        ("ar", "عدد الردود المطابقة لعوامل التصفية هذه أقل من 5"),
    ],
)
def test_the_reason_is_given_in_the_trainers_language(logged_in, room, lang, words):
    html = page(logged_in, room, "sex=M&since=2016-05-20", lang)
    assert words in html
    assert not shows_figures(html)


def test_the_json_figures_of_a_small_set_are_withheld_too(logged_in, room):
    data = logged_in.get(f"/trainings/{room.id}/figures.json?country=CM").json
    assert data["withheld"] == {"reason": "fewer than 5", "min_size": 5}
    assert data["responses"] is None
    assert data["satisfied"] is None and data["questions"] == []
    assert data["breakdowns"] == {} and data["comments"] is None
    assert data["filters"] == {"country": "CM"}
    shown = logged_in.get(f"/trainings/{room.id}/figures.json?country=NG").json
    assert shown["responses"] == 6 and "withheld" not in shown


def test_the_export_still_has_every_response_for_the_owner(logged_in, room):
    export = logged_in.get(f"/trainings/{room.id}/export.csv?lang=en")
    assert export.status_code == 200
    assert SECRET in export.text
    assert len(re.findall(r"Cameroon", export.text)) == 1
