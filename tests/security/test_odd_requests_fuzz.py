"""Odd requests get an answer, never a server error (500).

The named cases first (each found as a 500), then a fuzz over the whole URL map: every query
parameter and every form field a page shows set to odd values, as the training's
trainer and as an anonymous visitor.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from helpers import csrf_token, login, rule_url
from sqlalchemy import select
from test_dashboard_figures import add_response
from test_mail import set_donors, smtp  # noqa: F401 (a fixture)

from survey.models import DonorLink, Training

# --- the named cases ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "query", "counted"),
    [
        ("UTC", "until=9999-12-31", 2),
        ("Pacific/Kiritimati", "until=9999-12-31&since=0001-01-01", 2),  # UTC+14
        ("Pacific/Pago_Pago", "until=9999-12-30", 2),  # UTC-11
        ("UTC", "since=9999-12-31", 0),
        ("Pacific/Kiritimati", "until=0001-01-01", 0),
    ],
)
def test_dates_at_the_ends_of_the_calendar_filter_the_figures(
    app, logged_in, db, trainer, make_training, zone, query, counted
):
    # Two responses: small filtered sets are withheld, which is not what this checks.
    app.config["MIN_CELL_SIZE"] = 1
    training = make_training(owner=trainer, timezone=zone)
    add_response(db, training, satisfaction=5, when=datetime(2016, 5, 19, 9, tzinfo=UTC))
    add_response(db, training, satisfaction=2, when=datetime(2016, 5, 20, 9, tzinfo=UTC))
    db.commit()
    figures = logged_in.get(f"/trainings/{training.id}/figures.json?{query}")
    assert figures.status_code == 200
    assert figures.json["responses"] == counted
    page = logged_in.get(f"/trainings/{training.id}?{query}&lang=en")
    assert page.status_code == 200


@pytest.mark.parametrize(
    "query", ["project_id=3", "endpoint=x", "_external=1", "_scheme=javascript", "_anchor=x"]
)
def test_donor_link_post_with_extra_query_arguments(logged_in, db, trainer, make_training, query):
    training = make_training(owner=trainer)
    page = logged_in.get(f"/projects/{training.project_id}/donor-links?lang=en")
    data = {"csrf_token": csrf_token(page.text), "scope": "project", "lang": "en"}
    made = logged_in.post(
        f"/projects/{training.project_id}/donor-links?training={training.id}&lang=en&{query}",
        data=data,
    )
    assert made.status_code == 303
    target = urlsplit(made.headers["Location"])
    assert target.path == f"/projects/{training.project_id}/donor-links"
    assert target.scheme in ("", "http") and not target.fragment
    assert sorted(target.query.split("&")) == ["lang=en", f"training={training.id}"]
    shown = logged_in.get(made.headers["Location"])
    assert "Copy it now" in shown.text  # the new link, shown once
    assert len(db.scalars(select(DonorLink)).all()) == 1


@pytest.mark.parametrize(
    "next_", ["/trainings/%0d%0aSet-Cookie:%20x=1", "/%0a/evil.example", "/%09/evil.example"]
)
def test_login_next_with_control_characters_goes_to_the_dashboard(client, trainer, next_):
    page = client.get(f"/login?next={next_}")
    answer = client.post(
        f"/login?next={next_}",
        data={
            "email": trainer.email,
            "password": "correct horse battery",
            "csrf_token": csrf_token(page.text),
        },
    )
    assert answer.status_code == 302
    assert urlsplit(answer.headers["Location"]).path == "/trainings/"
    assert "Set-Cookie" not in answer.headers.get("Location", "")
    # A clean next= is still followed.
    assert client.get("/trainings/").status_code == 200


def test_emailing_a_report_whose_title_holds_a_line_break(
    app,
    client,
    logged_in,
    db,
    trainer,
    make_training,
    smtp,  # noqa: F811
):
    controller, inbox = smtp
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    training = make_training(owner=trainer, title="Rabat\r\nBcc: spy@evil.example")
    set_donors(app, training.id, ["donor@eu.example"])
    add_response(db, db.get(Training, training.id), satisfaction=4)
    db.commit()
    page = logged_in.get(f"/trainings/{training.id}?lang=en")
    sent = logged_in.post(
        f"/trainings/{training.id}/report/email",
        data={"csrf_token": csrf_token(page.text), "lang": "en"},
        follow_redirects=True,
    )
    assert sent.status_code == 200
    assert "Report sent to donor@eu.example" in sent.text
    (message,) = inbox.messages
    assert "Rabat Bcc: spy@evil.example" in message["Subject"]
    assert message["Bcc"] is None
    assert inbox.envelopes[0][1] == ["donor@eu.example"]


# --- the fuzz ----------------------------------------------------------------------

ODD = [
    "²",
    "١٢",
    "-1",
    "9" * 40,
    "9999-12-31",
    "0001-01-01",
    "/\r\n\t/evil.example",
    "ﷺ" * 200,
]  # no NUL: an address with one is refused whole (400) before any view reads it
# Every name the views read from the query string, and names url_for takes for itself.
QUERY_NAMES = [
    "lang", "kiosk", "next", "training", "since", "until", "country", "organisation_type",
    "sex", "cq", "clang", "v", "format", "project_id", "training_id", "link_id", "code",
    "token", "kind", "filename", "endpoint", "_external", "_scheme", "_anchor", "_method",
]  # fmt: skip
# A form that passes where it can, so odd query arguments reach the code after it.
SANE = {
    "lang": "fr", "scope": "project", "days": "30", "label": "UE", "title": "T",
    "timezone": "UTC", "email": "nobody@example.org", "password": "wrong password",
    "name": "N", "sid": "a" * 32, "q_satisfaction": "4", "languages": "fr",
    "default_language": "fr", "project": "new", "new_project": "P",
}  # fmt: skip


@pytest.fixture
def fuzz_world(app, db, trainer, make_training):
    training = make_training(owner=trainer, timezone="Pacific/Kiritimati")  # UTC+14
    add_response(db, training, satisfaction=4, country="MA", improve="Plus de pratique")
    link = DonorLink(
        project_id=training.project_id,
        token_hash="0" * 64,
        expires_at=datetime(2100, 1, 1, tzinfo=UTC),
    )
    db.add(link)
    db.commit()
    return {
        "training_id": training.id,
        "project_id": training.project_id,
        "code": training.code,
        "link_id": link.id,
        "token": "not-a-real-token-0123456789",
        "kind": "org",
        "filename": "css/app.css",
    }


def _names_on(client, url: str) -> list[str]:
    page = client.get(url)
    page.close()
    if page.mimetype != "text/html":
        return []
    return sorted(set(re.findall(r'name="([a-z_]+)"', page.get_data(as_text=True))))


def _odd(names, k: int) -> dict[str, str]:
    """The k-th of len(ODD) requests: over them, every name gets every odd value."""
    return {name: ODD[(k + j) % len(ODD)] for j, name in enumerate(sorted(names))}


@pytest.mark.parametrize("role", ["trainer", "anonymous"])
def test_every_route_with_odd_query_and_form_values(app, client, fuzz_world, role, monkeypatch):
    if role == "trainer":
        assert login(client).status_code == 302
    # An unknown e-mail costs an Argon2 hash by design (0.2-1 s here); the fuzz is not about it.
    monkeypatch.setattr("survey.auth.dummy_password_check", lambda _password: None)
    # The reports are built from the request as ever; only WeasyPrint's layout (seconds,
    # and no request value reaches it unchecked) is left out.
    monkeypatch.setattr(
        "survey.reports.render.render_training_pdf", lambda _report, **_kw: b"%PDF-1.7"
    )
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    problems = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.logout"):
            continue  # logging out would leave the rest to the login page
        url = rule_url(rule, fuzz_world)
        names = set(QUERY_NAMES)
        if {"GET", "POST"} <= rule.methods:  # the page shows the form it posts
            names.update(_names_on(client, url))
        for method in sorted({"GET", "POST"} & rule.methods):
            for k in range(len(ODD)):
                sent = [(_odd(names, k), SANE if method == "POST" else None)]
                if method == "POST":  # a NUL, which PostgreSQL refuses, in forms only
                    sent.append(({}, {**_odd({*names, *SANE}, k), "label": "x\x00y"}))
                for args, form in sent:
                    answer = client.open(url, method=method, query_string=args, data=form)
                    answer.close()  # a file sent from disk is closed with its response
                    if answer.status_code >= 500:
                        problems.append(f"{method} {url} {args or form}: {answer.status_code}")
    assert not problems, problems
