"""Fuzz the participant form: never a server error, never a response stored in part."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from helpers import csrf_token
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from survey.models import Answer, Response
from survey.questions import LONG_TEXT_MAX, SHORT_TEXT_MAX

OPTION = re.compile(r'name="(q_[a-z_]+)"[^>]*value="([^"]*)"')
FIELD = re.compile(r'name="(q_[a-z_]+)"')

hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=5000),
    st.sampled_from(["\x00", "'; DROP TABLE responses; --", "<script>x</script>", "١٢", "NaN",
                     "1e309", "-1", "999999999999999999999", " ", "5\x00", "ﷺ" * 300]),
)  # fmt: skip


def _fields(page_html: str) -> dict[str, list[str]]:
    options: dict[str, list[str]] = defaultdict(list)
    for name in FIELD.findall(page_html):
        options.setdefault(name, [])
    for name, value in OPTION.findall(page_html):
        options[name].append(value)
    return dict(options)


def _values(options: list[str]):
    if not options:  # free text: anything goes in, and must come out whole
        return st.one_of(st.just([]), hostile_text.map(lambda t: [t]))
    return st.one_of(
        st.just([]),
        hostile_text.map(lambda t: [t]),
        st.lists(st.sampled_from(options), max_size=4),
    )


def test_fuzzed_submissions_are_stored_whole_or_not_at_all(client, db, make_training):
    training = make_training()
    url = f"/s/{training.code}"
    page = client.get(url)
    fields = _fields(page.text)
    token = csrf_token(page.text)
    assert {"q_satisfaction", "q_improve", "q_country"} <= fields.keys()
    seen = {"n": 0, "stored": 0}
    multiple = {
        name
        for tag in re.findall(r"<input[^>]*>", page.text)
        if 'type="checkbox"' in tag
        for name in FIELD.findall(tag)
    }

    # A complete valid form, then a few fields replaced by anything at all.
    valid = st.fixed_dictionaries(
        {name: st.sampled_from(opts).map(lambda v: [v]) if opts else hostile_text.map(lambda t: [t])
         for name, opts in fields.items()}
    )  # fmt: skip
    changes = st.sampled_from(sorted(fields)).flatmap(
        lambda name: st.tuples(st.just(name), _values(fields[name]))
    )

    signed = token.rpartition(".")[0]  # the token's issued time and nonce
    tokens = st.one_of(
        *[st.just(token)] * 3,  # mostly the page's own token
        hostile_text,
        hostile_text.map(lambda t: f"{signed}.{t}"),  # its signature replaced
    )

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        base=valid,
        replaced=st.lists(changes, max_size=3),
        extra=st.dictionaries(st.text(max_size=20), hostile_text, max_size=3),
        sent_token=tokens,
    )
    def check(base, replaced, extra, sent_token):
        answers = {**base, **dict(replaced)}
        seen["n"] += 1
        sid = f"{seen['n']:032x}"
        data = [("csrf_token", sent_token), ("sid", sid)]
        data += [(name, value) for name, values in answers.items() for value in values]
        data += [(k, v) for k, v in extra.items() if k not in ("csrf_token", "sid")]
        response = client.post(url, data=MultiDict(data))
        assert response.status_code in (303, 422), response.status_code
        assert response.status_code == 422 or sent_token == token
        db.expire_all()
        stored = db.scalars(select(Response.id).where(Response.submission_id == sid)).all()
        if response.status_code == 422:
            assert stored == []
            return
        assert len(stored) == 1
        seen["stored"] += 1
        rows = db.scalar(select(func.count()).where(Answer.response_id == stored[0]))
        expected = 0
        for name, values in answers.items():
            if name in multiple:  # checkboxes: one row per distinct ticked option
                expected += len({v for v in values if v})
            else:  # one value: the first one sent, if not blank
                expected += 1 if values and values[0].replace("\x00", "").strip() else 0
        assert rows == expected, (answers, rows, expected)

    check()
    assert seen["stored"] >= 5, "too few accepted forms to test that they are stored whole"


def test_a_token_with_any_characters_is_refused_not_a_server_error(client, db, make_training):
    training = make_training()
    url = f"/s/{training.code}"
    for token in ["1.2.é", "é", "..", ".", "ﷺ.ﷺ.ﷺ", "x" * 10_000, "0.0." + "0" * 32]:
        data = {"csrf_token": token, "sid": "a" * 32, "q_satisfaction": "4"}
        assert client.post(url, data=data).status_code == 422, token
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_nul_byte_in_a_comment_is_not_a_server_error(client, db, make_training):
    """PostgreSQL refuses NUL in text: the form must reject or clean it, never crash."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from _loadgen import SID, random_answers

    training = make_training()
    page = client.get(f"/s/{training.code}")
    data = {
        **random_answers(random.Random(1)),
        "q_improve": "avant\x00après",
        "csrf_token": csrf_token(page.text),
        "sid": SID.search(page.text).group(1),
    }
    response = client.post(f"/s/{training.code}", data=data)
    assert response.status_code in (303, 422)
    texts = db.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert all("\x00" not in text for text in texts)


OPTIONS = ("A", "B", "C")


def _every_kind_of_question():
    """A questionnaire with each question type, optional and (but a number) required."""
    from survey.models import Question, Questionnaire, QuestionType

    kinds = [(kind, False) for kind in QuestionType]
    kinds += [(kind, True) for kind in QuestionType if kind != QuestionType.NUMBER]
    options = [{"code": code, "labels": {"fr": code}} for code in OPTIONS]
    questions = [
        Question(
            position=position,
            code=f"{kind.value}_{'required' if required else 'optional'}",
            type=kind.value,
            required=required,
            labels={"fr": kind.value},
            choices=options if kind in ("single", "multiple", "yes_no") else [],
        )
        for position, (kind, required) in enumerate(kinds, 1)
    ]
    return Questionnaire(name="Every kind", languages=["fr"], questions=questions)


def _text_around(limit: int):
    """Short texts, and texts one character either side of the limit, some padded with
    spaces or NUL (which the field strips before it measures)."""
    edges = [
        "x" * limit,
        "x" * (limit + 1),
        " " + "x" * limit + " ",
        "x" * limit + "\x00",
        "\x00" + "x" * (limit + 1),
    ]
    return st.one_of(st.text(min_size=1, max_size=20), st.sampled_from(edges)).map(lambda t: [t])


def _answer_to(question):
    """Values a phone would send for ``question``, or anything at all now and then."""
    plain = {
        "likert": st.sampled_from(["1", "3", "5"]).map(lambda v: [v]),
        "rating": st.sampled_from(["0", "7", "10"]).map(lambda v: [v]),
        "single": st.sampled_from(OPTIONS).map(lambda v: [v]),
        "yes_no": st.sampled_from(OPTIONS).map(lambda v: [v]),
        "multiple": st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=3),
        "short_text": _text_around(SHORT_TEXT_MAX),
        "long_text": _text_around(LONG_TEXT_MAX),
        "number": st.just([]),
    }[question.type]
    anything = st.lists(
        st.one_of(
            st.sampled_from([*OPTIONS, "1", "5", "0", "10", "11", "-1", "+2", "", " ", "٣"]),
            hostile_text,
            st.just("x" * 301),
            st.just(" x " * 1700),
        ),
        max_size=3,
    )
    return st.integers(0, 9).flatmap(lambda i: plain if i else anything)


def test_the_quick_reading_of_plain_forms_agrees_with_wtforms(app, db):
    """A form read without WTForms is one WTForms accepts, with the same answers."""
    from survey.collect import formtoken
    from survey.collect.forms import QuestionnaireForms
    from survey.questions import field_name

    questionnaire = _every_kind_of_question()
    db.add(questionnaire)
    db.commit()
    forms = QuestionnaireForms(questionnaire)
    seen = {"plain": 0}

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        answers=st.fixed_dictionaries(
            {field_name(q): _answer_to(q) for q in questionnaire.questions}
        ),
        good_token=st.integers(0, 9),
        sid=st.sampled_from(
            ["a" * 32, "0123456789abcdef-0123", "ABCDEF0123456789abcd", "short", ""]
        ),
    )
    def check(answers, good_token, sid):
        with app.test_request_context("/s/x", method="POST"):
            # Mostly a good token; else one for another form, or a made-up one.
            token = {0: "stale", 1: formtoken.issue("y")}.get(good_token) or formtoken.issue("x")
            data = MultiDict(
                [("csrf_token", token), ("sid", sid)]
                + [(name, v) for name, values in answers.items() for v in values]
            )
            plain = forms.plain_answers(data, "x")
            form = forms.build("fr", "x", formdata=data)
            valid = form.validate()
        if plain is not None:
            seen["plain"] += 1
            assert valid, form.errors
            assert plain == form.answer_rows()
            assert form.sid.data == sid

    check()
    assert seen["plain"] >= 20, "too few plain forms to compare"


def test_a_phone_form_is_read_the_quick_way(app, db, make_training):
    """What the load benchmark's phones send takes the quick path, answers complete."""
    import random
    import sys
    from pathlib import Path

    from sqlalchemy.orm import selectinload

    from survey.collect import formtoken
    from survey.collect.forms import QuestionnaireForms
    from survey.models import Questionnaire

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from _loadgen import random_answers

    training = make_training()
    questionnaire = db.scalar(
        select(Questionnaire)
        .where(Questionnaire.id == training.questionnaire_id)
        .options(selectinload(Questionnaire.questions))
    )
    forms = QuestionnaireForms(questionnaire)
    for seed in range(20):
        answers = random_answers(random.Random(seed))
        with app.test_request_context("/s/x", method="POST"):
            token = formtoken.issue(training.code)
            data = MultiDict({"csrf_token": token, "sid": "b" * 32, **answers})
            rows = forms.plain_answers(data, training.code)
            form = forms.build("fr", training.code, formdata=data)
            assert form.validate()
            assert rows == form.answer_rows()
        assert len(rows) == sum(1 for v in answers.values() if v)


def test_fuzzed_trainer_forms_are_saved_or_explained(logged_in, db, trainer, make_training):
    """The new-training, edit and project-settings forms with anything in any field:
    saved (a redirect) or sent back with a message (200), never a server error."""
    training = make_training(owner=trainer)
    pages = {
        "/trainings/new": {"project": "new", "new_project": "P", "title": "T",
                           "languages": "fr", "default_language": "fr", "timezone": "UTC"},
        f"/trainings/{training.id}/edit": {"title": "T", "languages": "fr",
                                           "default_language": "fr", "timezone": "UTC"},
        f"/projects/{training.project_id}/settings": {"name": "P", "countries": "MA"},
    }  # fmt: skip
    fields = {
        "/trainings/new": ["title", "title_ar", "theme", "location", "country", "start_date",
                           "end_date", "expected_participants", "languages", "default_language",
                           "timezone", "opens_at", "closes_at", "project", "new_project",
                           "new_donor", "description"],
        f"/trainings/{training.id}/edit": ["title", "title_en", "start_date", "end_date",
                                           "expected_participants", "timezone", "opens_at",
                                           "closes_at", "languages"],
        f"/projects/{training.project_id}/settings": ["name", "donor", "contact_email",
                                                      "privacy_ar", "donor_emails",
                                                      "retention_days", "target_satisfied",
                                                      "target_recommend", "countries"],
    }  # fmt: skip
    tokens = {url: csrf_token(logged_in.get(url).text) for url in pages}

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        url=st.sampled_from(sorted(pages)),
        data=st.data(),
    )
    def check(url, data):
        changed = data.draw(
            st.dictionaries(st.sampled_from(fields[url]), hostile_text, min_size=1, max_size=4)
        )
        form = {**pages[url], **changed, "csrf_token": tokens[url]}
        response = logged_in.post(url, data=form, content_type="multipart/form-data")
        assert response.status_code in (200, 302), (url, changed, response.status_code)

    check()


def test_nul_in_a_login_or_a_donor_link_label_is_not_a_server_error(
    logged_in, trainer, make_training
):
    training = make_training(owner=trainer)
    page = logged_in.get(f"/projects/{training.project_id}/donor-links")
    data = {
        "csrf_token": csrf_token(page.text),
        "scope": "project",
        "label": "UE\x00",
        "days": "30",
    }
    made = logged_in.post(f"/projects/{training.project_id}/donor-links", data=data)
    assert made.status_code == 303
    assert "UE" in logged_in.get(f"/projects/{training.project_id}/donor-links").text
    client = logged_in.application.test_client()  # nobody logged in
    login_page = client.get("/login")
    sent = {"csrf_token": csrf_token(login_page.text), "email": "a\x00@b.org", "password": "x\x00"}
    assert client.post("/login", data=sent).status_code in (200, 401)


@pytest.mark.parametrize(
    "query", ["country=%00", "sex=a%00b", "since=%00", "cq=%00", "clang=%00", "x%00=1"]
)
def test_nul_in_an_address_is_a_bad_request_not_a_server_error(
    logged_in, trainer, make_training, query
):
    # PostgreSQL refuses NUL in text: a filter or a form code with one failed in the database.
    training = make_training(owner=trainer)
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for path in (
        f"/trainings/{training.id}",
        f"/trainings/{training.id}/figures.json",
        f"/trainings/{training.id}/export.csv",
        f"/projects/{training.project_id}",
        f"/s/{training.code}",
    ):
        assert logged_in.get(f"{path}?{query}").status_code == 400, path
    assert logged_in.get(f"/s/{training.code[:3]}%00").status_code == 400
