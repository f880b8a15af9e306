"""Project pages: trainings side by side, pooled figures, settings, and who may see them."""

from __future__ import annotations

import gc
import io
import re
import warnings

from helpers import csrf_token, login
from sqlalchemy import select
from test_dashboard_figures import add_response

from survey.models import Indicator, Project, Training


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), (31, 78, 121)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _two_trainings(db, owner, make_training):
    first = make_training(owner=owner, title="Retour et réintégration", expected=10)
    second = Training(
        project=first.project,
        questionnaire=first.questionnaire,
        owner_id=owner.id,
        title="Mineurs non accompagnés",
        code="second1",
        expected_participants=10,
    )
    db.add(second)
    db.commit()
    for value in (5, 5, 4, 2):
        add_response(db, first, satisfaction=value)
    for value in (4, 1, 1, 1, 2, 5):
        add_response(db, second, satisfaction=value)
    db.commit()
    return first, second


def test_project_page_pools_counts_not_percentages(logged_in, db, trainer, make_training):
    first, second = _two_trainings(db, trainer, make_training)
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = logged_in.get(f"/projects/{first.project_id}")
    assert page.status_code == 200
    # 3 of 4 and 2 of 6: pooled 5 of 10 = 50%, not the mean of 75% and 33%.
    pooled = re.search(r'id="pooled-satisfied">(.*?)</p>', page.text, re.S)
    assert pooled and "50%" in pooled.group(1) and "n = 10" in pooled.group(1)
    assert "10 / 20" in page.text  # pooled responses against expected participants
    # A response rate counts everyone expected: 50%, and no interval around it.
    responses = re.search(r'id="pooled-responses">(.*?)</div>\s*</div>', page.text, re.S)[1]
    assert "50%" in responses and "CI" not in responses
    table = re.search(r'id="trainings-table">(.*?)</table>', page.text, re.S).group(1)
    assert "Retour et réintégration" in table and "Mineurs non accompagnés" in table
    assert "3 of 4" in table and "2 of 6" in table
    assert 'id="compare-satisfied"' in page.text and "<svg" in page.text
    # Linked from the trainings list.
    assert f"/projects/{first.project_id}" in logged_in.get("/trainings/").text


def test_project_of_another_trainer_is_not_found(client, db, make_user, make_training):
    owner = make_user("owner@example.org")
    make_user("other@example.org")
    training = make_training(owner=owner)
    login(client, email="other@example.org")
    assert client.get(f"/projects/{training.project_id}").status_code == 404
    assert client.get(f"/projects/{training.project_id}/settings").status_code == 404


def test_trainer_sees_only_own_trainings_in_a_shared_project(client, db, make_user, make_training):
    mine = make_user("me@example.org")
    other = make_user("other@example.org")
    own = make_training(owner=mine, title="Ma formation")
    theirs = Training(
        project=own.project,
        questionnaire=own.questionnaire,
        owner_id=other.id,
        title="Formation d'un autre",
        code="other01",
    )
    db.add(theirs)
    db.commit()
    login(client, email="me@example.org")
    page = client.get(f"/projects/{own.project_id}").text
    assert "Ma formation" in page and "Formation d&#39;un autre" not in page
    admin = make_user("admin@example.org", role="admin")
    del admin
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    login(client, email="admin@example.org")
    assert "Formation d&#39;un autre" in client.get(f"/projects/{own.project_id}").text


def _settings_form(client, project_id, **changes):
    page = client.get(f"/projects/{project_id}/settings")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_token(page.text),
        "name": "Projet migrants",
        "donor": "Union européenne",
        "description": "",
        "organisation": "Association",
        "contact_email": "contact@example.org",
        "privacy_fr": "Vos réponses sont anonymes.",
        "privacy_en": "",
        "privacy_ar": "إجاباتكم مجهولة",
        "donor_emails": "a@example.org\nb@example.org",
        "retention_days": "365",
        "target_satisfied": "80",
        "target_recommend": "20",
        "countries": ["MA", "CM", "CI", "GN", "NG"],
    }
    data.update(changes)
    return client.post(
        f"/projects/{project_id}/settings", data=data, content_type="multipart/form-data"
    )


def test_settings_are_saved(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer)
    response = _settings_form(
        logged_in, training.project_id, org_logo=(io.BytesIO(PNG), "logo.png")
    )
    assert response.status_code == 302
    db.expire_all()
    project = db.get(Project, training.project_id)
    assert project.name == "Projet migrants"
    assert project.privacy_notice == {
        "fr": "Vos réponses sont anonymes.",
        "ar": "إجاباتكم مجهولة",
    }
    assert project.donor_emails == ["a@example.org", "b@example.org"]
    assert project.retention_days == 365
    targets = {i.metric: i.target for i in db.scalars(select(Indicator))}
    assert targets == {"satisfied": 0.8, "recommend": 20.0}
    assert project.org_logo.startswith(b"\x89PNG") and project.org_logo_type == "image/png"
    logo = logged_in.get(f"/projects/{project.id}/logo/org")
    assert logo.data == project.org_logo and "sandbox" in logo.headers["Content-Security-Policy"]
    # Emptying a target drops the indicator.
    _settings_form(logged_in, project.id, target_recommend="")
    assert [i.metric for i in db.scalars(select(Indicator))] == ["satisfied"]


def test_a_project_offers_its_own_countries(logged_in, client, db, trainer, make_training):
    from test_collect import GOOD, form_url, open_form

    answered = make_training(owner=trainer)
    fresh = Training(
        project=answered.project,
        questionnaire=answered.questionnaire,
        owner_id=trainer.id,
        title="Atelier de Tunis",
        code="tunis01",
        expected_participants=20,
    )
    db.add(fresh)
    db.commit()
    _, hidden = open_form(client, answered)
    assert client.post(form_url(answered), data={**hidden, **GOOD}).status_code == 303
    # The project now works in Morocco and Tunisia.
    assert _settings_form(logged_in, fresh.project_id, countries=["TN", "MA"]).status_code == 302
    db.expire_all()
    assert db.get(Project, fresh.project_id).countries == ["MA", "TN"]
    page = client.get(f"/s/{fresh.code}?lang=fr").text
    assert "Tunisie" in page and "Maroc" in page and "Cameroun" not in page
    assert "Autre pays" in page  # "Other country" stays, last
    assert page.index("Maroc") < page.index("Tunisie") < page.index("Autre pays")
    # The training that has answers keeps the list they were given with.
    kept = client.get(f"/s/{answered.code}?lang=fr").text
    assert "Cameroun" in kept and "Tunisie" not in kept
    # A participant from Tunisia is counted as such on the dashboard and in the pooled
    # project report, beside the answers given with the old list.
    _, hidden = open_form(client, fresh)
    tunisian = {**GOOD, "q_country": "TN"}
    assert client.post(form_url(fresh), data={**hidden, **tunisian}).status_code == 303
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Tunisia" in logged_in.get(f"/trainings/{fresh.id}").text
    report = logged_in.get(f"/projects/{fresh.project_id}/report.pdf?lang=en")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    # A code that is no country is refused, with the rest of the page kept.
    bad = _settings_form(logged_in, fresh.project_id, countries=["MA", "XX"], name="Nouveau nom")
    assert bad.status_code == 200 and "not a valid choice" in bad.text
    assert 'value="Nouveau nom"' in bad.text


def test_bad_settings_are_explained_and_what_was_typed_is_kept(
    logged_in, db, trainer, make_training
):
    training = make_training(owner=trainer)
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with warnings.catch_warnings():
        # Werkzeug spools an upload over 500 KB to a temporary file that its test client
        # leaves to the garbage collector; collect it here, not in the next test.
        warnings.simplefilter("ignore", ResourceWarning)
        response = _settings_form(
            logged_in,
            training.project_id,
            name="Nouveau nom",
            donor_emails="a@example.org, pas-une-adresse",
            target_satisfied="120",
            org_logo=(io.BytesIO(svg), "logo.svg"),
            donor_logo=(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024)), "big.png"),
        )
        status, text = response.status_code, response.text
        del response  # it holds the request, and so the spooled upload
        gc.collect()
    assert status == 200
    assert "Not e-mail addresses: pas-une-adresse" in text
    assert "Number must be between 0 and 100." in text
    assert "SVG without scripts" in text
    assert "larger than 1 MB" in text
    assert 'value="Nouveau nom"' in text  # kept
    assert "a@example.org, pas-une-adresse" in text
    db.expire_all()
    assert db.get(Project, training.project_id).name != "Nouveau nom"
