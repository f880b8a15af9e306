"""Faults: a killed server loses no acknowledged answer; a locked database asks to retry."""

from __future__ import annotations

import http.client
import signal
import sqlite3
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from survey import create_app
from survey.models import Answer, Response

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import _loadgen as load  # noqa: E402


def _answers_expected(answers: dict[str, str]) -> int:
    return sum(1 for value in answers.values() if value)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_sigkill_in_a_burst_loses_no_acknowledged_submission(tmp_path):
    url = f"sqlite:///{tmp_path / 'survey.sqlite'}"
    path = load.prepare_retour(url)  # migrated, with one training
    env = {
        "SURVEY_INSTANCE_PATH": str(tmp_path / "instance"),
        "SURVEY_SECRET_KEY": "fault-test",
        "SURVEY_DATABASE_URL": url,
        "SURVEY_HTTPS": "0",
    }
    log = tmp_path / "gunicorn.log"
    port = load.free_port()
    server = load.start_gunicorn("wsgi:app", port, env, log, workers=2)
    count = 120
    try:
        with ThreadPoolExecutor(16) as pool:
            forms = list(pool.map(lambda _: load.get_form(port, path), range(count)))
        answers = [load.random_answers(load.random.Random(i)) for i in range(count)]
        statuses: list[int | None] = [None] * count
        done = threading.Event()
        answered = 0
        lock = threading.Lock()

        def send(i: int) -> None:
            nonlocal answered
            try:
                statuses[i], _ = load.post_form(port, path, forms[i], answers[i], timeout=10)
            except (OSError, http.client.HTTPException):
                # Killed mid-answer (refused, reset, or a body cut short): not acknowledged.
                statuses[i] = None
            with lock:
                answered += 1
                if answered == count // 4:
                    done.set()

        def killer() -> None:
            done.wait(60)
            load.stop(server, signal.SIGKILL)

        threading.Thread(target=killer, daemon=True).start()
        with ThreadPoolExecutor(24) as pool:
            list(pool.map(send, range(count)))
    finally:
        load.stop(server, signal.SIGKILL)

    acknowledged = [i for i in range(count) if statuses[i] == 303]
    assert 0 < len(acknowledged) < count, "the kill should land mid-burst"

    con = sqlite3.connect(tmp_path / "survey.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    port = load.free_port()
    server = load.start_gunicorn("wsgi:app", port, env, log, workers=2)
    try:
        with Session(create_engine(url)) as session:
            stored = set(session.scalars(select(Response.submission_id)))
            missing = [i for i in acknowledged if forms[i].fields["sid"] not in stored]
            assert not missing, f"{len(missing)} acknowledged submissions were lost"
        # The phones' queues send everything again: each is stored exactly once.
        with ThreadPoolExecutor(24) as pool:
            again = list(
                pool.map(lambda i: load.post_form(port, path, forms[i], answers[i]), range(count))
            )
        assert [status for status, _ in again] == [303] * count
    finally:
        load.stop(server)

    engine = create_engine(url)
    with Session(engine) as session:
        sids = session.scalars(select(Response.submission_id)).all()
        assert sorted(sids) == sorted(form.fields["sid"] for form in forms)
        per_response = dict(
            session.execute(
                select(Response.submission_id, func.count(Answer.id))
                .join(Answer, Answer.response_id == Response.id)
                .group_by(Response.submission_id)
            ).all()
        )
    engine.dispose()
    for i, form in enumerate(forms):
        assert per_response[form.fields["sid"]] == _answers_expected(answers[i]), (
            "a response was stored without all its answers"
        )


@pytest.fixture
def quick_lock_app(tmp_path, sqlite_url, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": sqlite_url,
            "SQLITE_BUSY_TIMEOUT_MS": 200,
        }
    )
    yield app
    app.extensions["survey_db"].engine.dispose()


def test_locked_database_says_retry_and_stores_nothing_half(quick_lock_app, tmp_path):
    app = quick_lock_app
    path = load.prepare_retour(app.config["DATABASE_URL"])
    client = app.test_client()
    form = client.get(path)
    from helpers import csrf_token

    sid = load.SID.search(form.text).group(1)
    data = {
        "csrf_token": csrf_token(form.text),
        "sid": sid,
        **load.random_answers(load.random.Random(3)),
    }

    # Another writer holds the database (a long backup, a stuck process).
    blocker = sqlite3.connect(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        busy = client.post(path, data=data, headers={"Accept-Language": "en"})
    finally:
        blocker.rollback()
        blocker.close()
    assert busy.status_code == 503
    assert busy.headers["Retry-After"].isdigit()
    assert "please try again" in busy.text

    session = app.extensions["survey_db"].sessionmaker()
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    assert session.scalar(select(func.count()).select_from(Answer)) == 0
    session.close()

    retried = client.post(path, data=data)
    assert retried.status_code == 303
    session = app.extensions["survey_db"].sessionmaker()
    assert session.scalars(select(Response.submission_id)).all() == [sid]
    session.close()
