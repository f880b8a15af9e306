"""Trainer pages: log in, create a training, see its figures, export."""

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from helpers import PASSWORD, csrf_token, login
from sqlalchemy import select

from survey.models import Training
from survey.models.base import as_utc


def test_pages_need_a_login(client):
    for url in (
        "/trainings/",
        "/trainings/new",
        "/trainings/1",
        "/trainings/1/export.csv",
        "/trainings/1/report.pdf",
        "/trainings/1/figures.json",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]


def test_wrong_password_and_unknown_email_say_the_same(client, trainer):
    wrong = login(client, password="not the password")
    unknown = login(client, email="nobody@example.org")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Adresse e-mail ou mot de passe incorrect." in response.text
    assert 'value="trainer@example.org"' in wrong.text  # what was typed is kept


def test_login_follows_only_local_next(client, trainer):
    page = client.get("/login?next=https://evil.example/x")
    response = client.post(
        "/login?next=https://evil.example/x",
        data={
            "email": "trainer@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.headers["Location"].endswith("/trainings/")
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/trainings/").text)})
    page = client.get("/login?next=/trainings/new")
    response = client.post(
        "/login?next=/trainings/new",
        data={
            "email": "Trainer@Example.org ",
            "password": PASSWORD,
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.headers["Location"] == "/trainings/new"


def test_logout_needs_a_post_with_token(logged_in):
    assert logged_in.get("/logout").status_code == 405
    assert logged_in.post("/logout").status_code == 400
    page = logged_in.get("/trainings/")
    logged_in.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert logged_in.get("/trainings/").status_code == 302


def create(client, **fields):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/trainings/new")
    data = {
        "csrf_token": csrf_token(page.text),
        "project": "new",
        "new_project": "Réponse aux besoins des migrants",
        "new_donor": "Union européenne",
        "title": "Retour et réintégration",
        "location": "Rabat",
        "country": "Maroc",
        "start_date": "2016-05-16",
        "end_date": "2016-05-19",
        "expected_participants": "32",
        "languages": ["fr", "en", "ar"],
        "default_language": "fr",
    }
    data.update(fields)
    return client.post("/trainings/new", data=data)


def test_create_a_training_and_get_its_link(logged_in, db):
    response = create(logged_in)
    assert response.status_code == 302
    training = db.scalar(select(Training))
    assert training.title == "Retour et réintégration"
    assert training.project.donor == "Union européenne"
    assert re.fullmatch(r"[2-9a-z]{6}", training.code)
    page = logged_in.get(response.headers["Location"])
    assert f"/s/{training.code}" in page.text
    assert "<svg" in page.text  # the QR code
    assert logged_in.get(f"/s/{training.code}").status_code == 200
    # Before any answer the page is the link and what comes next, not empty charts.
    assert page.text.index(f"/s/{training.code}") < page.text.index("No answers yet")
    assert "Apply filters" not in page.text and "Export CSV" not in page.text
    assert 'class="chart' not in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"new_project": ""}, "Give the new project a name."),
        ({"end_date": "2016-05-10"}, "The last day cannot be before the first day."),
        ({"expected_participants": "-3"}, "Number must be between 0 and 100000."),
        ({"languages": ["en"], "default_language": "fr"}, "must be one of the form languages"),
        ({"start_date": "16/05/2016"}, "Not a valid date value."),
    ],
)
def test_bad_training_input_is_explained_and_kept(logged_in, db, fields, message):
    response = create(logged_in, **fields)
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Rabat"' in response.text
    # The summary at the top links to the one field to fix.
    summary = re.search(r'<ul class="error-links">(.*?)</ul>', response.text, re.S)[1]
    (target,) = re.findall(r'href="#([^"]+)"', summary)
    assert target in {*fields} and f'id="{target}"' in response.text
    assert db.scalar(select(Training)) is None


def test_dashboard_shows_counts_and_shares(logged_in, db, trainer, make_training, client):
    training = make_training(owner=trainer, expected=4)
    from test_collect import GOOD, form_url, open_form

    for satisfaction in ("5", "4", "2"):
        _, hidden = open_form(client, training)
        client.post(form_url(training), data={**hidden, **GOOD, "q_satisfaction": satisfaction})
    page = logged_in.get(f"/trainings/{training.id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    kpi = re.search(r'id="kpi-response_rate".*?</p>', page.text, re.S).group(0)
    assert "3 / 4" in kpi
    satisfied = re.search(r'id="kpi-satisfied".*?<p>(.*?)</p>', page.text, re.S).group(1)
    assert "2 of 3 respondents (67%" in satisfied
    assert "<svg" in page.text  # the Likert chart


def test_trainers_see_only_their_trainings(client, db, make_user, make_training):
    mine = make_user("mine@example.org")
    other = make_user("other@example.org")
    admin = make_user("admin@example.org", role="admin")
    training = make_training(owner=other, title="Autre formation")
    login(client, "mine@example.org")
    assert "Autre formation" not in client.get("/trainings/").text
    for suffix in ("", "/export.csv", "/report.pdf", "/figures.json"):
        assert client.get(f"/trainings/{training.id}{suffix}").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/trainings/").text)})
    login(client, "admin@example.org")
    assert "Autre formation" in client.get("/trainings/").text
    assert client.get(f"/trainings/{training.id}").status_code == 200
    del mine, admin


def test_csv_export_opens_in_excel_and_defuses_formulas(
    logged_in, db, trainer, make_training, client
):
    training = make_training(owner=trainer)
    from test_collect import GOOD, form_url, open_form

    _, hidden = open_form(client, training)
    client.post(
        form_url(training),
        data={
            **hidden,
            **GOOD,
            "q_improve": '=HYPERLINK("x")',
            "q_apply": "Orienter les enfants vers les services",
        },
    )
    response = logged_in.get(f"/trainings/{training.id}/export.csv?lang=fr")
    assert response.status_code == 200
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert len(rows) == 2
    header, row = rows
    record = dict(zip(header, row, strict=True))
    # Headers are the questions in the chosen language, values their labels or numbers.
    satisfaction = next(h for h in header if h.startswith("Dans l’ensemble, êtes-vous satisfait"))
    assert record[satisfaction] == "5 - Très satisfait(e)"
    assert '\'=HYPERLINK("x")' in record.values()
    assert "Maroc" in record.values()
    assert "Orienter les enfants vers les services" in record.values()


def test_figures_json_matches_cli_results(logged_in, db, trainer, make_training, client, runner):
    training = make_training(owner=trainer)
    from test_collect import GOOD, form_url, open_form

    _, hidden = open_form(client, training)
    client.post(form_url(training), data={**hidden, **GOOD})
    web = logged_in.get(f"/trainings/{training.id}/figures.json?lang=fr").get_json()
    cli = json.loads(runner.invoke(args=["results", str(training.id), "--format", "json"]).output)
    assert web == cli
    assert web["responses"] == 1


def test_opening_times_set_at_creation_drive_the_form(logged_in, db):
    response = create(logged_in, opens_at="2099-01-01T08:00", closes_at="2099-01-05T18:00")
    assert response.status_code == 302
    training = db.scalar(select(Training))
    assert training.opens_at.replace(tzinfo=None).isoformat() == "2099-01-01T08:00:00"
    page = logged_in.get(f"/s/{training.code}?lang=en")
    assert "This form is not open yet" in page.text
    assert 'name="sid"' not in page.text


def test_opening_times_are_the_trainings_own_wall_clock(logged_in, db, client):
    # Lagos keeps UTC+1 all year: 08:00 typed there is 07:00 UTC.
    response = create(logged_in, timezone="Africa/Lagos", opens_at="2099-01-01T08:00")
    assert response.status_code == 302
    training = db.scalar(select(Training))
    assert as_utc(training.opens_at) == datetime(2099, 1, 1, 7, tzinfo=UTC)
    # Participants read the time as typed, with the place it belongs to.
    page = client.get(f"/s/{training.code}?lang=en")
    assert "It opens on January 1, 2099 at 8:00\u202fAM (Nigeria Time)." in page.text
    # The edit page gives back what was typed, in its zone.
    form = logged_in.get(f"/trainings/{training.id}/edit").text
    assert 'value="2099-01-01T08:00"' in form
    assert '<option selected value="Africa/Lagos">' in form
    # The next training this trainer creates starts from the same zone.
    assert '<option selected value="Africa/Lagos">' in logged_in.get("/trainings/new").text


def test_an_unknown_time_zone_is_refused_and_the_rest_kept(logged_in, db):
    response = create(logged_in, timezone="Mars/Olympus_Mons", title="Formation des formateurs")
    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    assert 'value="Formation des formateurs"' in response.text
    assert db.scalar(select(Training)) is None


def test_closing_before_opening_is_refused(logged_in, db):
    response = create(logged_in, opens_at="2099-01-05T08:00", closes_at="2099-01-01T08:00")
    assert response.status_code == 200
    assert "The form must close after it opens." in response.text
    assert 'value="2099-01-05T08:00"' in response.text
    assert db.scalar(select(Training)) is None


def edit(client, training_id, **fields):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/trainings/{training_id}/edit")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_token(page.text),
        "title": "Mineurs étrangers non accompagnés",
        "location": "Rabat",
        "start_date": "2016-05-16",
        "end_date": "2016-05-19",
        "expected_participants": "31",
        "languages": ["fr", "ar"],
        "default_language": "ar",
    }
    data.update(fields)
    return client.post(f"/trainings/{training_id}/edit", data=data)


def test_edit_a_training_after_creating_it(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer, opens_at=None)
    page = logged_in.get(f"/trainings/{training.id}")
    assert f'href="/trainings/{training.id}/edit"' in page.text
    form = logged_in.get(f"/trainings/{training.id}/edit")
    assert 'value="Retour et réintégration"' in form.text  # filled in with what is there
    response = edit(logged_in, training.id, closes_at="2016-05-19T18:00")
    assert response.status_code == 302
    db.expire_all()
    assert training.title == "Mineurs étrangers non accompagnés"
    assert (training.expected_participants, training.languages) == (31, ["fr", "ar"])
    # The participants' form shows the change at once: closed since 19 May 2016, Arabic.
    closed = logged_in.get(f"/s/{training.code}")
    assert "Mineurs étrangers non accompagnés" in closed.text
    assert 'dir="rtl"' in closed.text and 'name="sid"' not in closed.text
    # Reopened: the form is there again.
    assert edit(logged_in, training.id, closes_at="").status_code == 302
    assert 'name="sid"' in logged_in.get(f"/s/{training.code}").text


def test_participants_read_the_title_in_their_language(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer)
    arabic = "العودة وإعادة الإدماج"
    assert edit(logged_in, training.id, title_ar=arabic, title_en="").status_code == 302
    assert arabic in logged_in.get(f"/s/{training.code}?lang=ar").text
    # French has no title of its own here: it shows the main one.
    french = logged_in.get(f"/s/{training.code}?lang=fr").text
    assert "Mineurs étrangers non accompagnés" in french and arabic not in french
    # The edit page gives the titles back; the Arabic report's cover has its own.
    assert arabic in logged_in.get(f"/trainings/{training.id}/edit").text
    from survey.reports.build import training_report

    db.expire_all()
    with logged_in.application.test_request_context():
        assert training_report(training, "ar").title == arabic
        assert training_report(training, "fr").title == "Mineurs étrangers non accompagnés"


def test_bad_edits_are_explained_and_kept(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer)
    response = edit(
        logged_in,
        training.id,
        title="Nouveau titre",
        opens_at="2099-01-05T08:00",
        closes_at="2099-01-01T08:00",
    )
    assert response.status_code == 200
    assert "The form must close after it opens." in response.text
    assert 'value="Nouveau titre"' in response.text
    db.expire_all()
    assert training.title == "Retour et réintégration"


def test_other_trainers_cannot_edit(client, db, make_user, make_training):
    owner = make_user("owner@example.org")
    training = make_training(owner=owner)
    make_user("other@example.org")
    login(client, email="other@example.org")
    assert client.get(f"/trainings/{training.id}/edit").status_code == 404
    token = csrf_token(client.get("/trainings/new").text)
    forged = client.post(f"/trainings/{training.id}/edit", data={"csrf_token": token, "title": "x"})
    assert forged.status_code == 404
    db.expire_all()
    assert training.title == "Retour et réintégration"
