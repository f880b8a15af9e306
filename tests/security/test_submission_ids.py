"""A submission is stored once per training, whatever its id's spelling; a form without
a usable id comes back with the answers kept instead of being stored under a new one."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from test_collect import GOOD, form_url, open_form

from survey.models import Answer, Response


def _count(db, training) -> int:
    return db.scalar(select(func.count(Response.id)).where(Response.training_id == training.id))


@pytest.mark.parametrize(
    "spelling",
    [
        str.upper,
        lambda sid: f"{sid[:8]}-{sid[8:12]}-{sid[12:16]}-{sid[16:20]}-{sid[20:]}",  # a UUID
        lambda sid: f"-{sid[:5]}--{sid[5:]}-",
    ],
)
def test_the_same_id_spelled_otherwise_is_stored_once(client, db, make_training, spelling):
    training = make_training()
    _, hidden = open_form(client, training)
    assert client.post(form_url(training), data={**hidden, **GOOD}).status_code == 303
    again = {**hidden, "sid": spelling(hidden["sid"]), **GOOD}
    assert client.post(form_url(training), data=again).status_code == 303
    assert _count(db, training) == 1
    assert db.scalars(select(Response.submission_id)).all() == [hidden["sid"]]


@pytest.mark.parametrize("sid", [None, "", "not-an-id", "g" * 32, "12345", "-" * 40, "a" * 65])
def test_a_form_without_a_usable_id_comes_back_with_its_answers(client, db, make_training, sid):
    training = make_training()
    page, hidden = open_form(client, training, lang="fr")
    data = {**hidden, **GOOD, "lang": "fr"}
    if sid is None:
        del data["sid"]
    else:
        data["sid"] = sid
    answer = client.post(form_url(training, lang="fr"), data=data)
    assert answer.status_code == 422
    assert "Vos réponses n’ont pas pu être envoyées cette fois-ci" in answer.text
    assert "Plus d&#39;exercices pratiques" in answer.text  # the typed comment is kept
    assert re.search(r'value="MA"[^>]*checked|checked[^>]*value="MA"', answer.text)
    assert _count(db, training) == 0
    # The page carries a fresh, usable id: sent twice, it is stored once.
    fresh = re.search(r'name="sid"[^>]*value="([^"]+)"', answer.text).group(1)
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)
    resent = {**data, "sid": fresh}
    for _ in range(2):
        assert client.post(form_url(training), data=resent).status_code == 303
    assert _count(db, training) == 1


def test_the_page_shows_the_notice_in_arabic(client, make_training):
    training = make_training()
    _, hidden = open_form(client, training, lang="ar")
    answer = client.post(
        form_url(training, lang="ar"), data={**hidden, **GOOD, "sid": "x", "lang": "ar"}
    )
    assert answer.status_code == 422
    assert "تعذّر إرسال إجاباتكم هذه المرة" in answer.text


def test_two_trainings_sharing_a_questionnaire_each_store_the_same_id(client, db, make_training):
    first, second = make_training(), make_training(title="Mineurs non accompagnés")
    assert first.questionnaire_id == second.questionnaire_id
    _, hidden = open_form(client, first)
    for training in (first, second, second):
        _, fresh = open_form(client, training)
        data = {**fresh, "sid": hidden["sid"], **GOOD}
        assert client.post(form_url(training), data=data).status_code == 303
    assert (_count(db, first), _count(db, second)) == (1, 1)
    # Each training has its answers, not only an acknowledgement.
    answers = db.scalar(
        select(func.count(Answer.id))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.training_id == second.id)
    )
    assert answers == len(GOOD)


def test_the_migration_stores_older_ids_in_the_one_form_and_keeps_every_response(tmp_path):
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from survey.db import make_engine, migrate
    from survey.demo import seed_demo

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    migrate(engine, "head")
    with Session(engine) as session:
        seed_demo(session, responses=6)
        session.commit()
    migrate(engine, "0006", down=True)
    with Session(engine) as session:
        ids = session.scalars(select(Response.id).order_by(Response.id)).all()
        sids = dict(session.execute(select(Response.id, Response.submission_id)).all())
        written = {
            ids[0]: sids[ids[0]].upper(),
            ids[1]: "-".join([sids[ids[1]][:16], sids[ids[1]][16:]]),
            # Spelled like another response of its training: left as it is.
            ids[2]: sids[ids[3]].upper(),
        }
        for rid, sid in written.items():
            session.execute(update(Response).where(Response.id == rid).values(submission_id=sid))
        session.commit()
    migrate(engine, "head")
    with Session(engine) as session:
        after = dict(session.execute(select(Response.id, Response.submission_id)).all())
    assert after[ids[0]] == sids[ids[0]] and after[ids[1]] == sids[ids[1]]
    assert after[ids[2]] == sids[ids[3]].upper()
    assert sorted(after) == sorted(ids)
    engine.dispose()
