"""Fixtures: an app on its own migrated SQLite database per test, clients, factories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
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


@pytest.fixture
def app(tmp_path, migrated_db, monkeypatch):
    db_file = tmp_path / "survey.sqlite"
    shutil.copy(migrated_db, db_file)
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": f"sqlite:///{db_file}",
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


@pytest.fixture
def make_user(db):
    from survey.models import User

    def make(email="trainer@example.org", role="trainer", password=PASSWORD):
        user = User(email=email, role=role, name=email.split("@")[0])
        user.set_password(password)
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
