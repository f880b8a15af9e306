"""Engine per app, session per request, and the migration commands."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """The app's engine and session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)


def init_app(app: Flask) -> None:
    app.extensions["survey_db"] = Database(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)
    app.cli.add_command(init_db_command)


def database() -> Database:
    return current_app.extensions["survey_db"]


def get_session() -> Session:
    """Return the session of this request (or CLI command), opening it on first use."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine | None = None) -> None:
    """Bring the database schema to the newest migration."""
    engine = engine or database().engine
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def is_empty() -> bool:
    """True when the schema exists but holds no training yet."""
    from .models import Training

    if not inspect(database().engine).has_table("trainings"):
        return True
    return get_session().query(Training.id).first() is None


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema to the newest migration."""
    upgrade()
    click.echo(f"Database ready: {database().engine.url.render_as_string(hide_password=True)}")
