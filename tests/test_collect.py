"""The participant's form: show, validate, store once, thank, in the right language."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from helpers import csrf_token
from sqlalchemy import func, select

from survey.models import Answer, Response


@pytest.fixture
def training(make_training):
    return make_training()


def form_url(training, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/s/{training.code}" + (f"?{query}" if query else "")


def open_form(client, training, **params):
    page = client.get(form_url(training, **params))
    assert page.status_code == 200
    sid = re.search(r'name="sid"[^>]*value="([^"]+)"', page.text).group(1)
    return page, {"csrf_token": csrf_token(page.text), "sid": sid}


GOOD = {
    "q_satisfaction": "5",
    "q_adopt": "4",
    "q_relevance": "4",
    "q_recommend": "9",
    "q_improve": "Plus d'exercices pratiques, s'il vous plaît.",
    "q_country": "MA",
    "q_organisation_type": "GOV",
    "q_sex": "F",
}


def stored(db, training):
    return db.scalar(
        select(func.count()).select_from(Response).where(Response.training_id == training.id)
    )


def test_form_shows_the_questionnaire_in_french(client, training):
    page = client.get(form_url(training), headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert page.status_code == 200
    assert 'lang="fr"' in page.text and 'dir="ltr"' in page.text
    assert "Dans l’ensemble, êtes-vous satisfait(e) de la formation" in page.text
    assert "<fieldset" in page.text and "<legend" in page.text
    assert training.title in page.text


def test_language_order_query_then_browser_then_default(client, training):
    assert 'lang="ar"' in client.get(form_url(training, lang="ar")).text
    assert 'dir="rtl"' in client.get(form_url(training, lang="ar")).text
    assert 'lang="en"' in client.get(form_url(training), headers={"Accept-Language": "en"}).text
    assert 'lang="fr"' in client.get(form_url(training), headers={"Accept-Language": "de"}).text
    # A language the training does not offer is not used.
    assert 'lang="fr"' in client.get(form_url(training, lang="xx")).text


def test_valid_submission_is_stored_with_typed_answers(client, db, training):
    _, hidden = open_form(client, training)
    response = client.post(form_url(training), data={**hidden, **GOOD})
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"])
    assert "Merci" in thanks.text
    assert stored(db, training) == 1
    answers = db.execute(select(Answer.likert, Answer.rating, Answer.choice, Answer.text)).all()
    assert (5, None, None, None) in answers
    assert (None, 9, None, None) in answers
    assert (None, None, "MA", None) in answers
    assert (None, None, None, GOOD["q_improve"]) in answers
    response_row = db.scalar(select(Response))
    assert response_row.language == "fr"
    assert response_row.submission_id == hidden["sid"]


def test_resent_submission_is_stored_once(client, db, training):
    _, hidden = open_form(client, training)
    first = client.post(form_url(training), data={**hidden, **GOOD})
    again = client.post(form_url(training), data={**hidden, **GOOD})
    # Even a re-send whose token has gone stale is recognised, not re-shown as an error.
    stale = client.post(form_url(training), data={**hidden, **GOOD, "csrf_token": "stale"})
    assert first.status_code == again.status_code == stale.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert stored(db, training) == 1


def test_a_stored_form_sent_again_with_a_language_switch_is_thanked(client, db, training):
    _, hidden = open_form(client, training)
    assert client.post(form_url(training), data={**hidden, **GOOD}).status_code == 303
    again = client.post(form_url(training), data={**hidden, **GOOD, "switch_lang": "ar"})
    assert again.status_code == 303
    assert stored(db, training) == 1


def test_two_participants_are_two_responses(client, db, training):
    for _ in range(2):
        _, hidden = open_form(client, training)
        client.post(form_url(training), data={**hidden, **GOOD})
    assert stored(db, training) == 2


def test_missing_required_answer_keeps_everything_typed(client, db, training):
    _, hidden = open_form(client, training)
    data = {**hidden, **GOOD}
    del data["q_satisfaction"]
    page = client.post(form_url(training), data=data)
    assert page.status_code == 422
    assert "Veuillez répondre à cette question." in page.text
    # The summary at the top links to the question to fix, and to that one only.
    summary = re.search(r'<ul class="error-links">(.*?)</ul>', page.text, re.S)[1]
    assert re.findall(r'href="#([^"]+)"', summary) == ["q_satisfaction"]
    assert 'id="q_satisfaction"' in page.text
    assert (
        "Plus d&#39;exercices pratiques" in page.text or "Plus d'exercices pratiques" in page.text
    )
    assert re.search(r'name="q_adopt" value="4" checked', page.text)
    assert re.search(r'name="q_country" value="MA" checked', page.text)
    assert f'value="{hidden["sid"]}"' in page.text
    assert stored(db, training) == 0


def test_stale_csrf_token_keeps_answers_with_a_fresh_token(client, db, training):
    _, hidden = open_form(client, training)
    page = client.post(form_url(training), data={**hidden, **GOOD, "csrf_token": "expired"})
    assert page.status_code == 422
    assert "vos réponses sont conservées" in page.text.lower()
    assert re.search(r'name="q_satisfaction" value="5" checked', page.text)
    fresh = csrf_token(page.text)
    assert fresh != "expired"
    assert stored(db, training) == 0
    done = client.post(form_url(training), data={**hidden, **GOOD, "csrf_token": fresh})
    assert done.status_code == 303
    assert stored(db, training) == 1


def test_a_visit_leaves_no_cookie_and_a_token_outlives_the_browser(app, db, training):
    """A participant's phone gets no cookie; a form queued offline is accepted after the
    browser was closed (no cookie kept), within the token's 3 days."""
    phone = app.test_client()
    page, hidden = open_form(phone, training)
    assert "Set-Cookie" not in page.headers
    restarted = app.test_client()  # the same page, sent from a browser with no cookies
    sent = restarted.post(form_url(training), data={**hidden, **GOOD})
    assert sent.status_code == 303 and "Set-Cookie" not in sent.headers
    assert stored(db, training) == 1


def test_a_token_is_for_one_training_three_days_and_this_server(
    app, client, db, training, make_training
):
    from survey.collect import formtoken

    other = make_training(title="Another room")
    _, hidden = open_form(client, other)
    day = 24 * 3600
    with app.app_context():
        two_days_old = formtoken.issue(training.code, now=time.time() - 2 * day)
        four_days_old = formtoken.issue(training.code, now=time.time() - 4 * day)
    app.config["SECRET_KEY"] = "another server's secret"
    app.extensions.pop("survey_form_token_key")
    with app.app_context():
        foreign = formtoken.issue(training.code)
    app.config["SECRET_KEY"] = "test-secret-key"
    app.extensions.pop("survey_form_token_key")
    issued, nonce, mac = two_days_old.split(".")
    forged = f"{int(issued, 16) + day:x}.{nonce}.{mac}"  # made younger by hand

    refused = [hidden["csrf_token"], four_days_old, foreign, forged, ""]
    for n, token in enumerate(refused):
        data = {**GOOD, "sid": f"{n:032x}", "csrf_token": token}
        page = client.post(form_url(training), data=data)
        assert page.status_code == 422, token
        assert "vos réponses sont conservées" in page.text.lower()
        assert re.search(r'name="q_satisfaction" value="5" checked', page.text)
    assert stored(db, training) == 0
    data = {**GOOD, "sid": "f" * 32, "csrf_token": two_days_old}
    assert client.post(form_url(training), data=data).status_code == 303
    assert stored(db, training) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("q_satisfaction", "7"),
        ("q_satisfaction", "abc"),
        ("q_recommend", "11"),
        ("q_country", "FR-not-an-option"),
        ("q_improve", "x" * 5001),
    ],
)
def test_bad_values_are_refused_next_to_the_question(client, db, training, field, value):
    _, hidden = open_form(client, training)
    page = client.post(form_url(training), data={**hidden, **GOOD, field: value})
    assert page.status_code == 422
    assert 'class="error"' in page.text
    assert stored(db, training) == 0


def test_language_switch_keeps_answers(client, db, training):
    _, hidden = open_form(client, training)
    page = client.post(
        form_url(training),
        data={**hidden, "lang": "fr", "q_satisfaction": "4", "switch_lang": "ar"},
    )
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    assert re.search(r'name="q_satisfaction" value="4" checked', page.text)
    assert 'class="error"' not in page.text
    assert stored(db, training) == 0


def test_arabic_submission_records_its_language(client, db, training):
    _, hidden = open_form(client, training, lang="ar")
    response = client.post(form_url(training), data={**hidden, **GOOD, "lang": "ar"})
    assert response.status_code == 303
    assert db.scalar(select(Response.language)) == "ar"
    assert 'dir="rtl"' in client.get(response.headers["Location"]).text


def test_unknown_code_is_a_404_in_the_visitors_language(client):
    page = client.get("/s/nope99", headers={"Accept-Language": "fr"})
    assert page.status_code == 404
    assert "Cette page n’existe pas" in page.text
    page = client.get("/s/nope99", headers={"Accept-Language": "ar"})
    assert page.status_code == 404
    assert 'dir="rtl"' in page.text


def test_form_before_opening_and_after_closing(client, db, make_training):
    now = datetime.now(UTC)
    later = make_training(title="Later", opens_at=now + timedelta(days=2))
    page = client.get(form_url(later), headers={"Accept-Language": "fr"})
    assert "pas encore ouvert" in page.text
    assert "<form" not in page.text
    closed = make_training(title="Closed", closes_at=now - timedelta(hours=1))
    page = client.get(form_url(closed), headers={"Accept-Language": "fr"})
    assert "est fermé" in page.text
    _, _ = page, None
    post = client.post(form_url(closed), data=GOOD)
    assert "<form" not in post.text
    assert stored(db, closed) == 0


def test_no_cookie_or_address_is_kept_with_the_answers(client, db, training):
    _, hidden = open_form(client, training)
    client.post(
        form_url(training),
        data={**hidden, **GOOD},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
        headers={"User-Agent": "Mozilla/5.0 (Linux; Android 9) TestPhone"},
    )
    row = db.execute(select(Response)).scalar_one()
    values = " ".join(str(v) for v in vars(row).values())
    assert "203.0.113.7" not in values and "TestPhone" not in values


def test_each_visitor_gets_a_fresh_id_and_edits_show_within_seconds(
    client, db, training, monkeypatch
):
    first, hidden1 = open_form(client, training)
    other = client.application.test_client()
    _, hidden2 = open_form(other, training)
    assert hidden1["sid"] != hidden2["sid"]
    assert hidden1["csrf_token"] != hidden2["csrf_token"]
    assert client.post(form_url(training), data={**hidden1, **GOOD}).status_code == 303
    assert other.post(form_url(training), data={**hidden2, **GOOD}).status_code == 303
    assert stored(db, training) == 2

    # Edited by another app server: this one shows the change once its copy of the
    # training (kept TRAINING_SECONDS) is too old; the clock is moved, not waited for.
    project = training.project
    project.privacy_notice = {"fr": "Avis modifié par le projet."}
    db.commit()
    from survey.collect import views

    later = views._clock() + views.TRAINING_SECONDS + 0.1
    monkeypatch.setattr(views, "_clock", lambda: later)
    assert "Avis modifié par le projet." in client.get(form_url(training)).text
