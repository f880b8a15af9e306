"""Failed logins are throttled per account however the account is written or sent, and
overall per minute."""

from __future__ import annotations

import pytest
from helpers import PASSWORD, csrf_token

WRONG = "wrong password"


@pytest.fixture
def strict(app):
    app.config.update(
        LOGIN_LIMIT_PER_ACCOUNT="3 per hour",
        LOGIN_LIMIT_PER_ADDRESS="1000 per hour",
        LOGIN_LIMIT_OVERALL="1000 per minute",
    )
    return app


def _page(client, address):
    return client.get("/login", environ_base={"REMOTE_ADDR": address})


def _form_post(client, email, password=WRONG, address="192.0.2.1"):
    token = csrf_token(_page(client, address).text)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers={"Accept-Language": "en"},
        environ_base={"REMOTE_ADDR": address},
    )


def _json_post(client, email, password=WRONG, address="192.0.2.1"):
    """The same login as a JSON body, the CSRF token in a header (Flask-WTF reads both)."""
    token = csrf_token(_page(client, address).text)
    return client.post(
        "/login",
        json={"email": email, "password": password},
        headers={"Accept-Language": "en", "X-CSRFToken": token},
        environ_base={"REMOTE_ADDR": address},
    )


def _multipart_post(client, email, password=WRONG, address="192.0.2.1"):
    token = csrf_token(_page(client, address).text)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_json_login_works_like_a_form_login(client, trainer):
    """What the bypass below rests on: a JSON body with the header token logs in."""
    assert _json_post(client, "trainer@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("send", "email"),
    [
        (_form_post, "trainer@example.org\x00"),
        (_form_post, "\x00TRAINER@example.org"),
        (_form_post, " Trainer@Example.ORG\x00\x00 "),
        (_json_post, "trainer@example.org"),
        (_json_post, "Trainer@example.org\x00"),
        (_multipart_post, "trainer@example.org\x00"),
    ],
    ids=["nul-after", "nul-before", "case-space-nul", "json", "json-nul", "multipart-nul"],
)
def test_a_locked_account_stays_locked_however_it_is_written(strict, client, trainer, send, email):
    for _ in range(3):
        assert _form_post(client, "trainer@example.org").status_code == 200
    # The attacker now tries the account written otherwise, from another address, with the
    # right password: the account is paused, whatever the body looks like.
    blocked = send(client, email, PASSWORD, address="198.51.100.7")
    assert blocked.status_code == 429
    assert "Too many failed attempts to log in" in blocked.text
    assert "/trainings" not in blocked.headers.get("Location", "")


@pytest.mark.parametrize(
    "send", [_form_post, _json_post, _multipart_post], ids=["form", "json", "multipart"]
)
def test_failures_sent_otherwise_count_against_the_account(strict, client, trainer, send):
    """Guesses sent as JSON or with a NUL used the account's budget of no one."""
    for email in ("trainer@example.org\x00", "TRAINER@example.org", "trainer@example.org "):
        assert send(client, email).status_code == 200
    assert _form_post(client, "trainer@example.org", PASSWORD).status_code == 429
    # Another account is not affected.
    assert _form_post(client, "someone@example.org").status_code == 200


def test_failed_logins_are_capped_overall_per_minute(strict, app, client, make_user):
    """Guesses spread over many accounts and addresses (password spraying) hit a cap."""
    app.config["LOGIN_LIMIT_OVERALL"] = "5 per minute"
    make_user()
    for n in range(5):
        response = _form_post(client, f"user{n}@example.org", address=f"203.0.113.{n + 1}")
        assert response.status_code == 200
    blocked = _form_post(client, "trainer@example.org", PASSWORD, address="192.0.2.200")
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == "60"
    assert "please try again in a minute" in blocked.text
    in_french = client.post(
        "/login",
        data={"email": "x@example.org", "password": WRONG,
              "csrf_token": csrf_token(_page(client, "192.0.2.201").text)},
        headers={"Accept-Language": "fr"},
        environ_base={"REMOTE_ADDR": "192.0.2.201"},
    )  # fmt: skip
    assert in_french.status_code == 429
    assert "veuillez réessayer dans une minute" in in_french.text


def test_successful_logins_do_not_count_overall(strict, app, client, trainer):
    app.config["LOGIN_LIMIT_OVERALL"] = "2 per minute"
    for _ in range(4):
        assert _form_post(client, "trainer@example.org", PASSWORD).status_code == 302
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/trainings/new").text)})
    assert _form_post(client, "trainer@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "body",
    [["trainer@example.org"], "trainer@example.org", 7, None, {"email": ["a", "b"]}],
    ids=["list", "string", "number", "null", "two-emails"],
)
def test_odd_json_bodies_are_answered_without_a_server_error(strict, client, trainer, body):
    token = csrf_token(_page(client, "192.0.2.1").text)
    response = client.post("/login", json=body, headers={"X-CSRFToken": token})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "body",
    [{"email": 7, "password": PASSWORD}, {"email": {"a": 1}, "password": [1]}],
    ids=["number-field", "object-field"],
)
def test_json_fields_that_are_not_text_are_answered_without_a_server_error(
    strict, client, trainer, body
):
    token = csrf_token(_page(client, "192.0.2.1").text)
    response = client.post("/login", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 200
