"""Who may open what, what leaks, headers and cookies, hostile text, shared rate limits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import pytest
import servers
from conftest import unavailable
from flask import request
from helpers import csrf_token, login, rule_url

from survey import create_app
from survey.models import Answer, DonorLink, Project, Response

SECRET = "Confidential-7f3a"  # in the owner's training title and in a participant's comment
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)

# Every route, classified. "public": anyone. "login": any logged-in user.
# "training"/"project"/"link": only the owning trainer and admins; others get 404 (no hint
# that it exists), anonymous visitors go to the login page. "token": a donor's secret
# link: an unknown token is 404 for everyone.
ACCESS = {
    "static": "public",
    "index": "public",
    "auth.login": "public",
    "auth.logout": "login",
    "auth.choose_language": "login",
    "collect.form": "public",
    "collect.thanks": "public",
    "collect.poster": "public",
    "collect.service_worker": "public",
    "dashboard.trainings": "login",
    "dashboard.new_training": "login",
    "dashboard.training": "training",
    "dashboard.edit_training": "training",
    "dashboard.live_json": "training",
    "dashboard.figures_json": "training",
    "dashboard.export_csv": "training",
    "dashboard.export_xlsx": "training",
    "reports.training_pdf_view": "training",
    "reports.email_training_report": "training",
    "reports.report_comments": "training",
    "projects.project": "project",
    "projects.settings": "project",
    "projects.logo": "project",
    "reports.project_pdf_view": "project",
    "donors.manage": "project",
    "donors.revoke": "link",
    "donors.open_link": "token",
    "donors.link_pdf": "token",
    "donors.link_logo": "token",
}


@pytest.fixture
def world(app, db, make_user, make_training):
    """An owner with a training (secret title, a secret comment), another trainer, an admin."""
    owner = make_user("owner@example.org")
    make_user("other@example.org")
    make_user("admin@example.org", role="admin")
    training = make_training(owner=owner, title=f"Training {SECRET}")
    project = db.get(Project, training.project_id)
    project.org_logo, project.org_logo_type = PNG, "image/png"
    comment = next(q for q in training.questionnaire.questions if q.code == "improve")
    db.add(
        Response(
            training_id=training.id,
            questionnaire_id=training.questionnaire_id,
            submission_id="s" * 32,
            language="fr",
            answers=[Answer(question_id=comment.id, text=f"My comment {SECRET}")],
        )
    )
    link = DonorLink(
        project_id=project.id,
        token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        expires_at=datetime.now(UTC) + timedelta(days=30),
    )
    db.add(link)
    db.commit()
    return {
        "training_id": training.id,
        "project_id": project.id,
        "code": training.code,
        "link_id": link.id,
        "token": "not-a-real-token-0123456789",
        "kind": "org",
        "filename": "css/app.css",
    }


def test_every_route_is_classified(app):
    unclassified = sorted(
        f"{rule.endpoint} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in ACCESS
    )
    assert not unclassified, (
        "Routes missing from ACCESS in tests/test_security.py (say who may open them): "
        + ", ".join(unclassified)
    )


def _expected(kind: str, role: str) -> str:
    """'ok', 'login' (redirect to the login page) or 'hidden' (404)."""
    if kind == "public":
        return "ok"
    if kind == "token":
        return "hidden"
    if role == "anonymous":
        return "login"
    if kind == "login" or role in ("owner", "admin"):
        return "ok"
    return "hidden"


@pytest.mark.parametrize("role", ["anonymous", "owner", "other", "admin"])
def test_authorisation_matrix(app, client, world, role):
    if role != "anonymous":
        assert login(client, email=f"{role}@example.org").status_code == 302
    app.config["WTF_CSRF_ENABLED"] = False  # the matrix checks access, not CSRF
    problems = []
    for rule in app.url_map.iter_rules():
        kind = ACCESS.get(rule.endpoint)
        if kind is None:
            continue  # reported by test_every_route_is_classified
        method = "GET" if "GET" in rule.methods else "POST"
        url = rule_url(rule, world)
        if rule.endpoint == "auth.logout":
            continue  # logging out would end this role's session; tested below
        response = client.open(url, method=method)
        status = response.status_code
        expected = _expected(kind, role)
        body = response.get_data().decode("utf-8", "replace")
        response.close()
        if expected == "ok":
            # A trip to the login page is not access, even with a 3xx status.
            # ("/" sends visitors who are not logged in to the login page on purpose.)
            sent_to_login = rule.endpoint != "index" and "/login" in response.headers.get(
                "Location", ""
            )
            good = (status < 400 and not sent_to_login) or (
                rule.endpoint == "auth.login" and status == 429
            )
        elif expected == "login":
            good = status == 302 and "/login" in response.headers.get("Location", "")
        else:
            good = status == 404
        if status >= 500:
            good = False
        if expected != "ok" and SECRET in body:
            problems.append(f"{method} {url}: leaks the secret to {role}")
        if not good:
            problems.append(f"{method} {url}: {status} for {role}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_other_trainers_list_does_not_show_the_training(client, world):
    login(client, email="other@example.org")
    assert SECRET not in client.get("/trainings/").text


def test_logout_needs_login_and_post(client, world):
    assert client.post("/logout").status_code in (302, 400)
    assert client.get("/logout").status_code == 405


def test_security_headers_and_strict_script_policy(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # tests run on plain HTTP
    assert "<script>" not in response.text  # no inline script for the CSP to block


def _production_app(tmp_path, monkeypatch, database_url, **config):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "prod"))
    return create_app({"SECRET_KEY": "k", "DATABASE_URL": database_url, **config})


def test_cookies_secure_httponly_lax_and_hsts_in_production(tmp_path, monkeypatch, sqlite_url):
    app = _production_app(tmp_path, monkeypatch, sqlite_url)
    client = app.test_client()
    response = client.get("/login", base_url="https://retour.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.extensions["survey_db"].engine.dispose()


def test_https_can_be_switched_off_for_a_local_demo(tmp_path, monkeypatch, sqlite_url):
    monkeypatch.setenv("SURVEY_HTTPS", "0")
    app = _production_app(tmp_path, monkeypatch, sqlite_url)
    response = app.test_client().get("/login")
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


def test_proxy_fix_trusts_one_proxy_for_scheme_and_host(tmp_path, monkeypatch, sqlite_url):
    app = _production_app(tmp_path, monkeypatch, sqlite_url, PROXY_FIX=True)
    seen: dict[str, str] = {}

    @app.before_request
    def record() -> None:
        seen.update(scheme=request.scheme, host=request.host)

    app.test_client().get(
        "/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "retour.example.org"}
    )
    assert seen == {"scheme": "https", "host": "retour.example.org"}
    # Without the proxy fix the same headers are ignored.
    plain = _production_app(tmp_path / "plain", monkeypatch, sqlite_url)
    plain.before_request(record)
    plain.test_client().get(
        "/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "retour.example.org"}
    )
    assert seen == {"scheme": "http", "host": "localhost"}


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_text_is_escaped_in_pages(client, db, make_training, trainer):
    training = make_training(owner=trainer, title=HOSTILE)
    comment = next(q for q in training.questionnaire.questions if q.code == "improve")
    db.add(
        Response(
            training_id=training.id,
            questionnaire_id=training.questionnaire_id,
            submission_id="h" * 32,
            language="fr",
            answers=[Answer(question_id=comment.id, text=HOSTILE)],
        )
    )
    db.commit()
    login(client)
    pages = [
        client.get(f"/s/{training.code}"),
        client.get("/trainings/"),
        client.get(f"/trainings/{training.id}"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
    assert "&lt;script&gt;" in pages[0].text


@pytest.fixture(scope="module")
def redis_server():
    try:
        server = servers.start_redis()
    except servers.Missing as exc:
        unavailable(str(exc))
    yield server
    server.stop()


def _fail_login(client, **headers):
    page = client.get("/login")
    wrong = {"email": "x@example.org", "password": "wrong", "csrf_token": csrf_token(page.text)}
    return client.post("/login", data=wrong, headers=headers)


def test_app_servers_share_login_limits_through_redis(
    tmp_path, monkeypatch, sqlite_url, redis_server
):
    """Failed logins counted by one app server still count on the next: they live in Redis."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "shared",
        "DATABASE_URL": sqlite_url,
        "RATELIMIT_STORAGE_URI": redis_server.url,
        "LOGIN_LIMIT_PER_ACCOUNT": "3 per hour",
        "RATELIMIT_KEY_PREFIX": f"t{secrets.token_hex(4)}",
    }
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    first = create_app(config)
    assert [_fail_login(first.test_client()).status_code for _ in range(2)] == [200, 200]
    first.extensions["survey_db"].engine.dispose()
    # A second server (a fresh app and limiter) sees the two failures already counted.
    second = create_app(config)
    client = second.test_client()
    assert _fail_login(client).status_code == 200
    blocked = _fail_login(client, **{"Accept-Language": "en"})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text
    assert blocked.headers["Retry-After"] == "3600"
    second.extensions["survey_db"].engine.dispose()


def test_submissions_are_limited_per_form_not_per_address(app, client, make_training):
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from _loadgen import SID, random_answers

    app.config["SUBMISSION_LIMIT_PER_FORM"] = "3 per minute"
    busy, quiet = make_training(title="Busy"), make_training(title="Quiet")

    def send(training):
        page = client.get(f"/s/{training.code}")
        data = {
            **random_answers(random.Random(0)),
            "csrf_token": csrf_token(page.text),
            "sid": SID.search(page.text).group(1),
        }
        return client.post(f"/s/{training.code}", data=data, headers={"Accept-Language": "en"})

    assert [send(busy).status_code for _ in range(3)] == [303, 303, 303]
    limited = send(busy)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    assert "Please wait a minute" in limited.text
    assert send(quiet).status_code == 303  # another room's form is not affected
    assert client.get(f"/s/{busy.code}").status_code == 200  # reading the form is not limited


def test_default_submission_limit_fits_a_room_behind_one_address():
    from survey import config

    count, _, period = config.SUBMISSION_LIMIT_PER_FORM.split()
    # 60 people sending at the same minute, each possibly twice (double tap, retry).
    assert period == "minute" and int(count) >= 120


def _loadgen():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import _loadgen

    return _loadgen


def _send_form(client, path):
    import random

    load = _loadgen()
    page = client.get(path)
    data = {
        **load.random_answers(random.Random(0)),
        "csrf_token": csrf_token(page.text),
        "sid": load.SID.search(page.text).group(1),
    }
    return client.post(path, data=data, headers={"Accept-Language": "en"})


def _form_app(tmp_path, monkeypatch, database_url, store_url, name="inst"):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / name))
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "DATABASE_URL": database_url,
            "RATELIMIT_STORAGE_URI": store_url,
            "RATELIMIT_KEY_PREFIX": f"t{secrets.token_hex(4)}",
            "SUBMISSION_LIMIT_PER_FORM": "2 per minute",
        }
    )


def test_forms_still_work_when_the_shared_limit_store_is_down(tmp_path, monkeypatch, sqlite_url):
    down = f"redis://127.0.0.1:{servers.free_port()}/0"
    app = _form_app(tmp_path, monkeypatch, sqlite_url, down)
    client = app.test_client()
    assert _fail_login(client).status_code == 200  # a wrong password, not a server error
    path = _loadgen().prepare_retour(sqlite_url)
    # The form is answered, and its posts are counted in this process meanwhile.
    assert [_send_form(client, path).status_code for _ in range(3)] == [303, 303, 429]
    app.extensions["survey_db"].engine.dispose()


def test_app_servers_share_form_counts_through_redis(
    tmp_path, monkeypatch, sqlite_url, redis_server
):
    path = _loadgen().prepare_retour(sqlite_url)
    first = _form_app(tmp_path, monkeypatch, sqlite_url, redis_server.url)
    prefix = first.config["RATELIMIT_KEY_PREFIX"]
    assert [_send_form(first.test_client(), path).status_code for _ in range(2)] == [303, 303]
    second = _form_app(tmp_path, monkeypatch, sqlite_url, redis_server.url, name="inst2")
    second.config["RATELIMIT_KEY_PREFIX"] = prefix  # the same deployment
    limited = _send_form(second.test_client(), path)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    for app in (first, second):
        app.extensions["survey_db"].engine.dispose()


def test_every_post_with_hostile_fields_is_answered_without_a_server_error(app, client, world):
    """Each form an admin can send, with one field at a time set to an odd value (NUL,
    huge numbers, other scripts and digits): an answer, never a 500."""
    assert login(client, email="admin@example.org").status_code == 302
    app.config["WTF_CSRF_ENABLED"] = False  # the fields are under test here, not CSRF
    app.config["RATELIMIT_ENABLED"] = False
    sane = {"lang": "fr", "scope": "project", "days": "30", "label": "UE", "answer": "1",
            "title": "T", "countries": "MA", "timezone": "UTC", "email": "a@example.org",
            "password": "x", "name": "N", "sid": "a" * 32, "q_satisfaction": "4",
            "next": "/"}  # fmt: skip
    odd = ["\x00", "x\x00y", "١٢", "9" * 40, "-1", "ﷺ" * 200]
    problems = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue  # logging out would leave the rest to the login page
        url = rule_url(rule, world)
        for name in sane:
            for value in odd:
                status = client.post(url, data={**sane, name: value}).status_code
                if status >= 500:
                    problems.append(f"{url} {name}={value[:12]!r}: {status}")
    assert not problems, problems
