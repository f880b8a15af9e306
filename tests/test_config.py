import os
import stat

import pytest

from survey import create_app


def test_first_start_writes_private_random_secret(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    app = create_app()
    config_file = instance / "config.py"
    assert config_file.exists()
    assert stat.S_IMODE(os.stat(config_file).st_mode) == 0o600
    assert len(app.config["SECRET_KEY"]) >= 32

    other = tmp_path / "other"
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(other))
    assert create_app().config["SECRET_KEY"] != app.config["SECRET_KEY"]


def test_existing_instance_config_is_kept(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("SECRET_KEY = 'from-instance'\nMIN_CELL_SIZE = 7\n")
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["MIN_CELL_SIZE"] == 7
    assert (instance / "config.py").read_text().startswith("SECRET_KEY = 'from-instance'")


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("SECRET_KEY = 'from-instance'\n")
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("SURVEY_SECRET_KEY", "from-env")
    monkeypatch.setenv("SURVEY_DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE_URL"].endswith("env.sqlite")


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("SURVEY_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/inst/survey.sqlite"


def test_test_config_wins_and_no_fallback_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"TESTING": True})
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "MIN_CELL_SIZE": 3})
    assert app.config["MIN_CELL_SIZE"] == 3
    assert not (tmp_path / "inst" / "config.py").exists()


def test_rate_limits_can_be_switched_off(tmp_path, monkeypatch):
    # An operator behind a proxy that limits already may turn them off; the app starts.
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "RATELIMIT_ENABLED": False,
            "DATABASE_URL": "sqlite://",
        }
    )
    assert app.test_client().get("/login").status_code == 200
    # The next app in this process has its limits again (the limiter is shared).
    from survey.ratelimit import limiter

    create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
    assert limiter.enabled


def test_sqlite_connection_settings(sqlite_url, monkeypatch, tmp_path):
    from sqlalchemy import text

    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": sqlite_url})
    with app.extensions["survey_db"].engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
