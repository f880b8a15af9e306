"""Fixtures: an app on its own migrated database per test, clients, factories.

Every test that uses ``app`` (and so ``client``, ``runner``, ``db``) runs twice: on SQLite
and on a throwaway PostgreSQL server started once per test process. Without PostgreSQL
the second run is skipped, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
import servers
from helpers import PASSWORD, login
from sqlalchemy import create_engine

from survey import create_app
from survey.db import upgrade

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """A database migrated once to head; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Skip a test that needs a missing server, but fail in CI, where it must be there."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: install it, .ci/run does)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test process, with a migrated template database."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed")
    try:
        server = servers.start_postgres()
    except servers.Missing as exc:
        unavailable(f"PostgreSQL is not installed: {exc}")
    with server.connect() as conn:
        conn.execute("CREATE DATABASE retour_template")
    engine = create_engine(server.url("retour_template"))
    upgrade(engine)
    engine.dispose()
    yield server
    server.stop()


_database_numbers = itertools.count(1)


@pytest.fixture
def postgresql_url(postgres):
    """A fresh database of the test's own, copied from the migrated template (~20 ms)."""
    name = f"retour_test_{next(_database_numbers)}"
    with postgres.connect() as conn:
        # FILE_COPY is the faster strategy for a small template.
        conn.execute(f"CREATE DATABASE {name} TEMPLATE retour_template STRATEGY FILE_COPY")
    yield postgres.url(name)
    with postgres.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(tmp_path, migrated_db):
    db_file = tmp_path / "survey.sqlite"
    shutil.copy(migrated_db, db_file)
    return f"sqlite:///{db_file}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """The URL of an empty migrated database of the test's own, on each backend."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def app(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "SERVER_NAME": "retour.test",
        }
    )
    yield app
    app.extensions["survey_db"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session of the test's own on the app's database.

    No app context is held around the test: requests made by the test client must not
    share ``g`` (its session, its language) with the test or with each other.
    """
    session = app.extensions["survey_db"].sessionmaker()
    yield session
    session.close()


_hashes: dict[str, str] = {}


@pytest.fixture
def make_user(db):
    from survey.models import User

    def make(email="trainer@example.org", role="trainer", password=PASSWORD):
        user = User(email=email, role=role, name=email.split("@")[0])
        # Argon2id takes ~0.15 s by design: hash the usual test password once per process.
        if password not in _hashes:
            user.set_password(password)
            _hashes[password] = user.password_hash
        user.password_hash = _hashes[password]
        db.add(user)
        db.commit()
        return user

    return make


@pytest.fixture
def make_training(db):
    from survey.codes import new_code
    from survey.models import Project, Training
    from survey.standard import standard_questionnaire

    def make(owner=None, title="Retour et réintégration", expected=30, **kw):
        project = Project(name="Réponse aux besoins des migrants", donor="Union européenne")
        training = Training(
            project=project,
            questionnaire=standard_questionnaire(db),
            owner_id=owner.id if owner else None,
            title=title,
            location="Rabat",
            country="Maroc",
            expected_participants=expected,
            code=new_code(),
            languages=["fr", "en", "ar"],
            default_language="fr",
            **kw,
        )
        db.add(training)
        db.commit()
        return training

    return make


@pytest.fixture
def trainer(make_user):
    return make_user()


@pytest.fixture
def logged_in(client, trainer):
    response = login(client)
    assert response.status_code == 302
    return client
