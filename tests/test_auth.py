"""Passwords (Argon2id, upgrade of old hashes), login throttling, safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from helpers import PASSWORD, csrf_token, login
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from survey import config
from survey.auth import safe_next
from survey.models import User


def _hash_of(db, email="trainer@example.org") -> str:
    db.expire_all()
    return db.scalar(select(User.password_hash).where(User.email == email))


def test_new_passwords_are_argon2id(runner, db, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("a long enough password\n")
    result = runner.invoke(args=["create-user", "new@example.org", "--password-file", str(secret)])
    assert result.exit_code == 0, result.output
    stored = _hash_of(db, "new@example.org")
    assert stored.startswith("$argon2id$")
    assert "a long enough password" not in stored


def test_old_scrypt_hash_still_logs_in_and_becomes_argon2id(client, db, make_user):
    user = make_user()
    user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
    db.commit()
    assert _hash_of(db).startswith("scrypt:")
    assert login(client).status_code == 302
    upgraded = _hash_of(db)
    assert upgraded.startswith("$argon2id$")
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/trainings/new").text)})
    assert login(client).status_code == 302  # the new hash checks the same password
    assert _hash_of(db) == upgraded  # and is not rewritten at every login


def test_wrong_password_does_not_upgrade_the_hash(client, db, make_user):
    user = make_user()
    user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
    db.commit()
    assert login(client, password="wrong password").status_code == 200
    assert _hash_of(db).startswith("scrypt:")


def test_default_login_limits_meet_asvs():
    count, _, period = config.LOGIN_LIMIT_PER_ACCOUNT.split()
    assert period == "hour" and int(count) <= 100


@pytest.fixture
def strict(app):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="3 per hour", LOGIN_LIMIT_PER_ADDRESS="5 per hour")
    return app


WRONG = "wrong password"


def _attempt(client, email, password=WRONG, address="192.0.2.1"):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
        headers={"Accept-Language": "en"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_logins_are_throttled_per_account(strict, client, trainer):
    for _ in range(3):
        assert _attempt(client, "trainer@example.org").status_code == 200
    blocked = _attempt(client, "Trainer@Example.org ", address="198.51.100.7")
    assert blocked.status_code == 429
    assert "Too many failed attempts to log in" in blocked.text
    assert blocked.headers["Retry-After"] == "3600"
    # Even the right password waits: the account is paused, not the attacker's address.
    assert _attempt(client, "trainer@example.org", PASSWORD, "203.0.113.9").status_code == 429
    # Another account is not affected.
    assert _attempt(client, "someone@example.org").status_code == 200


def test_failed_logins_are_throttled_per_address(strict, client, trainer):
    for n in range(5):
        assert _attempt(client, f"user{n}@example.org").status_code == 200
    assert _attempt(client, "trainer@example.org", PASSWORD).status_code == 429
    assert _attempt(client, "trainer@example.org", PASSWORD, "192.0.2.99").status_code == 302


def test_successful_logins_do_not_count(strict, client, trainer):
    for _ in range(5):
        assert _attempt(client, "trainer@example.org", PASSWORD).status_code == 302
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/trainings/new").text)})
    assert _attempt(client, "trainer@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        " //evil.example",
        "/%2F%2Fevil.example",
        "",
    ],
)
def test_next_never_leaves_the_site(client, trainer, target):
    page = client.get("/login")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "trainer@example.org", "password": PASSWORD,
              "csrf_token": csrf_token(page.text)},
    )  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    # Browsers read "//host" and "/\\host" as another site.
    assert urlsplit(location).netloc in ("", "retour.test")
    assert not location.startswith(("//", "/\\", "\\"))


def test_next_keeps_a_local_path():
    assert safe_next("/trainings/3?lang=en") == "/trainings/3?lang=en"
    assert safe_next("/\\evil.example") is None
    assert safe_next("https://retour.test/trainings/") is None
