"""The logs keep neither donor tokens nor participants' answers."""

from __future__ import annotations

import logging
import os
import random
import runpy
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import servers
from helpers import csrf_token
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from survey import create_app
from survey.donors.views import token_hash
from survey.models import DonorLink, Response, Training

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import _loadgen as load  # noqa: E402

COMMENT = "Le formateur Karim B. a été injuste avec moi"


def _answers(client, code) -> dict[str, str]:
    page = client.get(f"/s/{code}")
    return {
        **load.random_answers(random.Random(5)),
        "q_improve": COMMENT,
        "q_country": "NG",
        "q_sex": "F",
        "csrf_token": csrf_token(page.text),
        "sid": load.SID.search(page.text).group(1),
    }


def _refuse_answers(db) -> None:
    """Make every insert of an answer fail in the database, as a broken disk or a bad
    migration would: the response is inserted first, then its answers are refused."""
    if db.bind.dialect.name == "sqlite":
        db.execute(
            text(
                "CREATE TRIGGER refuse_answers BEFORE INSERT ON answers "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    else:
        # PostgreSQL's message for this names the whole failing row, answer and all.
        db.execute(text("ALTER TABLE answers ADD CONSTRAINT refuse CHECK (id < 0) NOT VALID"))
    db.commit()


def test_a_failed_insert_logs_the_error_class_and_the_training_only(
    app, client, db, make_training, caplog
):
    training = make_training()
    _refuse_answers(db)
    data = _answers(client, training.code)
    with caplog.at_level(logging.DEBUG):
        failed = client.post(f"/s/{training.code}", data=data, headers={"Accept-Language": "en"})
    assert failed.status_code == 500
    assert "please try again" in failed.text
    logged = caplog.text
    assert "IntegrityError" in logged
    assert training.code in logged
    for secret in (COMMENT, data["sid"], "'NG'", "'F'"):
        assert secret not in logged
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_a_locked_database_logs_no_answers(tmp_path, sqlite_url, monkeypatch, caplog):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": sqlite_url,
         "SQLITE_BUSY_TIMEOUT_MS": 200}
    )  # fmt: skip
    path = load.prepare_retour(sqlite_url)
    client = app.test_client()
    data = _answers(client, path.removeprefix("/s/"))
    blocker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.DEBUG):
            busy = client.post(path, data=data)
    finally:
        blocker.rollback()
        blocker.close()
        app.extensions["survey_db"].engine.dispose()
    assert busy.status_code == 503
    assert "OperationalError" in caplog.text
    assert data["sid"] not in caplog.text  # the insert's parameters are not logged
    assert "INSERT INTO" not in caplog.text  # nor the statement (what it was writing)


@pytest.mark.timeout(120)
def test_gunicorn_access_log_keeps_donor_tokens_out(tmp_path):
    """A donor opening a link: the access log shows the request, never the token."""
    url = f"sqlite:///{tmp_path / 'survey.sqlite'}"
    load.prepare_retour(url)
    token = "Tk" + "x7Q" * 14
    engine = create_engine(url)
    with Session(engine) as session:
        training = session.scalars(select(Training)).one()
        session.add(
            DonorLink(
                project_id=training.project_id,
                training_id=training.id,
                token_hash=token_hash(token),
                expires_at=datetime.now(UTC) + timedelta(days=30),
            )
        )
        session.commit()
    engine.dispose()
    port = servers.free_port()
    env = {
        **os.environ,
        "SURVEY_SECRET_KEY": "log-test",
        "SURVEY_DATABASE_URL": url,
        "SURVEY_INSTANCE_PATH": str(tmp_path / "instance"),
        "SURVEY_HTTPS": "0",
        "RETOUR_BIND": f"127.0.0.1:{port}",
        "RETOUR_WORKERS": "1",
    }
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        paths = (f"/d/{token}", f"/d/{token}?lang=en", f"//d//{token}", f"/%64/{token}")
        statuses = [_get(port, path) for path in paths]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert statuses[0] == 200  # the link works
    written = log.read_text(encoding="utf-8")
    access = [line for line in written.splitlines() if '"GET /' in line]
    assert len(access) >= 4, written
    assert '"GET /d/-" 200' in written
    assert token not in written
    assert "lang=en" not in written


def _get(port: int, path: str) -> int:
    deadline = time.monotonic() + 60
    while True:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_error_lines_keep_donor_tokens_out(capsys, monkeypatch):
    """gunicorn's own messages about a request (a broken request line, an error out of
    the app) name its address: the token and the query string stay out of them."""
    from gunicorn.config import Config

    monkeypatch.delenv("RETOUR_BIND", raising=False)
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    config = Config()
    config.set("errorlog", settings["errorlog"])
    logger = settings["logger_class"](config)
    token = "Tk" + "y8R" * 14
    logger.warning(
        f"Invalid request from ip=203.0.113.4: Invalid HTTP request line: 'GET /d/{token} x'"
    )
    try:
        raise RuntimeError("out of the app")
    except RuntimeError:
        logger.exception("Error handling request %s %s", "GET", f"/d/{token}/report.pdf?lang=ar")
    written = capsys.readouterr().err
    assert "Error handling request GET /d/-/report.pdf" in written
    assert "Invalid HTTP request line: 'GET /d/- x'" in written
    assert token not in written
    assert "lang=ar" not in written
